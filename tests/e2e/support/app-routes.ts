import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/**
 * The app's pages and route handlers, read from the file tree under app/, so a page or route added
 * later is covered by every sweep without touching the tests.
 */

const APP = path.resolve("app");
export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export interface AppRoute {
  /** The file, relative to the project. */
  file: string;
  /** Its URL pattern: `/alerts/[id]`, `/sandbox/[...path]`. */
  pattern: string;
  /** Its URL with each dynamic segment given `dummy` (catch-alls two segments). */
  url: string;
  dynamic: boolean;
  kind: "page" | "route";
  /** Methods a route handler exports; pages answer GET (and POST for server actions). */
  methods: HttpMethod[];
  /** The app directory path Next names it by in its manifests: `app/(app)/alerts/[id]/page`. */
  appPath: string;
  /**
   * The query parameters the page reads through `readSearchParams(…, ["q", "page"])` (lib/http/page-input.ts),
   * read from its source: pages write that list out so the sweeps can send each one junk.
   */
  queryParams: string[];
  /** Whether the page takes `searchParams` at all (with `queryParams` empty: it reads them by hand). */
  readsQuery: boolean;
}

function filesUnder(dir: string, name: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name === name)
    .map((entry) => path.join(entry.parentPath, entry.name));
}

function urlSegments(file: string): string[] {
  return path
    .relative(APP, path.dirname(file))
    .split(path.sep)
    .filter((segment) => segment && !/^\(.*\)$/.test(segment) && !segment.startsWith("@"));
}

/** The URL a route file serves, each dynamic segment replaced by `fill(name, catchAll)`. */
export function fillPattern(pattern: string, fill: (name: string, catchAll: boolean) => string | null): string {
  const segments = pattern
    .split("/")
    .filter(Boolean)
    .flatMap((segment) => {
      const optionalCatchAll = /^\[\[\.\.\.(.+)\]\]$/.exec(segment);
      if (optionalCatchAll) return [fill(optionalCatchAll[1]!, true)].filter((s): s is string => s !== null);
      const catchAll = /^\[\.\.\.(.+)\]$/.exec(segment);
      if (catchAll) return [fill(catchAll[1]!, true)].filter((s): s is string => s !== null);
      const dynamic = /^\[(.+)\]$/.exec(segment);
      if (dynamic) return [fill(dynamic[1]!, false)].filter((s): s is string => s !== null);
      return [segment];
    });
  return `/${segments.join("/")}`;
}

function exportedMethods(file: string): HttpMethod[] {
  const source = readFileSync(file, "utf8");
  return HTTP_METHODS.filter((method) =>
    new RegExp(`export\\s+(async\\s+)?function\\s+${method}\\b|export\\s+const\\s+${method}\\b|export\\s+const\\s*\\{[^}]*\\b${method}\\b[^}]*\\}`).test(source),
  );
}

/** The names in every `readSearchParams(…, [ … ])` call of a page's source. */
function readSearchParamNames(source: string): string[] {
  const names = [...source.matchAll(/readSearchParams\([^;]*?,\s*\[([^\]]*)\]/g)].flatMap(([, list]) =>
    [...list!.matchAll(/["']([^"']+)["']/g)].map(([, name]) => name!),
  );
  return [...new Set(names)];
}

function describe(file: string, kind: AppRoute["kind"]): AppRoute {
  const pattern = `/${urlSegments(file).join("/")}`;
  const source = kind === "page" ? readFileSync(file, "utf8") : "";
  return {
    file: path.relative(".", file),
    pattern,
    url: fillPattern(pattern, (name, catchAll) => (catchAll ? "e2e-dummy/path" : `e2e-dummy-${name}`)),
    dynamic: /\[[^\]]+\]/.test(pattern),
    kind,
    methods: kind === "page" ? ["GET"] : exportedMethods(file),
    appPath: path.relative(".", file).replace(/\.(tsx|ts|jsx|js)$/, "").split(path.sep).join("/"),
    queryParams: readSearchParamNames(source),
    readsQuery: /\bsearchParams\b/.test(source),
  };
}

/** Every page and route handler under app/, sorted by URL. */
export function listAppRoutes(): AppRoute[] {
  const pages = filesUnder(APP, "page.tsx").map((file) => describe(file, "page"));
  const routes = filesUnder(APP, "route.ts").map((file) => describe(file, "route"));
  return [...pages, ...routes].sort((a, b) => a.url.localeCompare(b.url) || a.kind.localeCompare(b.kind));
}
