import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * Concerns under lib/ never import each other in a circle, statically or through a lazy `import()`:
 * each is a unit that can be read, tested and changed on its own (the Trackwatch way). A concern is a
 * folder under lib/ (or a single file there, like lib/config.ts); generated code is left out.
 */

const root = path.resolve(__dirname, "../../..");
const lib = path.join(root, "lib");
const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)["'](@\/lib\/[^"']+)["']/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return entry === "generated" ? [] : sourceFiles(full);
    return /\.(ts|tsx)$/.test(entry) ? [full] : [];
  });
}

const concernOfPath = (relative: string) => relative.split("/")[0]!.replace(/\.(ts|tsx)$/, "");

/** concern → the concerns it imports, with one file that shows each edge. */
function concernGraph(): Map<string, Map<string, string>> {
  const graph = new Map<string, Map<string, string>>();
  for (const file of sourceFiles(lib)) {
    const from = concernOfPath(path.relative(lib, file));
    const edges = graph.get(from) ?? new Map<string, string>();
    graph.set(from, edges);
    for (const match of readFileSync(file, "utf8").matchAll(IMPORT)) {
      const to = concernOfPath(match[1]!.slice("@/lib/".length));
      if (to !== from && to !== "generated" && !edges.has(to)) edges.set(to, path.relative(root, file));
    }
  }
  return graph;
}

/** Strongly connected components with more than one concern (Tarjan). */
function circles(graph: Map<string, Map<string, string>>): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string) => {
    indices.set(node, index);
    low.set(node, index++);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node)?.keys() ?? []) {
      if (!indices.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, indices.get(next)!));
    }
    if (low.get(node) === indices.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!indices.has(node)) visit(node);
  return found;
}

describe("lib/ concerns", () => {
  it("import each other in no circle", () => {
    const graph = concernGraph();
    const described = circles(graph).map((component) =>
      component
        .flatMap((from) => component.filter((to) => graph.get(from)?.has(to)).map((to) => `${from} → ${to} (${graph.get(from)!.get(to)})`))
        .join("; "),
    );
    expect(described).toEqual([]);
  });

  it("finds a circle when there is one (the check itself works)", () => {
    const graph = new Map([
      ["a", new Map([["b", "x"]])],
      ["b", new Map([["c", "y"]])],
      ["c", new Map([["a", "z"]])],
      ["d", new Map([["a", "w"]])],
    ]);
    expect(circles(graph)).toEqual([["a", "b", "c"]]);
  });
});
