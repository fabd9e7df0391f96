/**
 * Compares the shape of two JSON values: where `actual` (what the sandbox answered) lacks a field that
 * `expected` (a real service's documented example) has, or holds another kind of JSON value there.
 * Values themselves are not compared, and fields only `actual` has are allowed (real answers carry more
 * than the examples show). Used by the Trackmania contract tests.
 */

export type JsonKind = "null" | "array" | "object" | "string" | "number" | "boolean";

export type ShapeOptions = {
  /**
   * Paths the comparison leaves out, each with its reason: only for differences a source explains (a
   * field the example's kind of account has and ours does not). Paths use `[]` for any array index, as
   * in `$.tops[].top[].zoneName`.
   */
  skip?: Readonly<Record<string, string>>;
  /**
   * Paths of objects keyed by data rather than by field names (`{ "<accountId>": "<name>" }`): their keys
   * are not compared, and each value is held to the real values' shape, like an array's elements.
   */
  dictionaries?: readonly string[];
};

type Rules = { skip: Readonly<Record<string, string>>; dictionaries: ReadonlySet<string> };

export function jsonKind(value: unknown): JsonKind | "undefined" {
  if (value === undefined) return "undefined";
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  const kind = typeof value;
  if (kind === "string" || kind === "number" || kind === "boolean" || kind === "object") return kind;
  throw new TypeError(`not a JSON value: ${kind}`);
}

/** Every shape difference, one readable line each naming its path (`$.tops[0].top[2].score`); [] when none. */
export function shapeMismatches(expected: unknown, actual: unknown, options: ShapeOptions = {}): string[] {
  const found: string[] = [];
  compare(expected, actual, "$", "$", { skip: options.skip ?? {}, dictionaries: new Set(options.dictionaries ?? []) }, found);
  return found;
}

/** `shapeMismatches` as one message for an assertion, or "" when the shapes agree. */
export function describeShapeMismatches(label: string, expected: unknown, actual: unknown, options?: ShapeOptions): string {
  const found = shapeMismatches(expected, actual, options);
  return found.length === 0 ? "" : `${label}: the sandbox's answer differs from the real example\n  ${found.join("\n  ")}`;
}

function compare(expected: unknown, actual: unknown, path: string, pattern: string, rules: Rules, found: string[]): void {
  if (pattern in rules.skip) return;
  const want = jsonKind(expected);
  const got = jsonKind(actual);
  if (got === "undefined") {
    found.push(`${path}: missing in the sandbox (real: ${want} ${preview(expected)})`);
    return;
  }
  if (want !== got) {
    found.push(`${path}: real is ${want} (${preview(expected)}), sandbox is ${got} (${preview(actual)})`);
    return;
  }
  if (want === "object" && rules.dictionaries.has(pattern)) {
    compareElements(Object.values(expected as object), Object.entries(actual as object), path, pattern, rules, found);
  } else if (want === "object") {
    const real = expected as Record<string, unknown>;
    const ours = actual as Record<string, unknown>;
    for (const key of Object.keys(real)) compare(real[key], ours[key], `${path}.${key}`, `${pattern}.${key}`, rules, found);
  } else if (want === "array") {
    compareElements(expected as unknown[], (actual as unknown[]).map((element, index) => [index, element] as const), path, pattern, rules, found);
  }
}

/**
 * Arrays (and dictionaries) are compared by element shape: each sandbox element must match one of the
 * real elements (the closest one's differences are reported). Real elements against none in the sandbox
 * are a difference too, since nothing could be compared.
 */
function compareElements(
  expected: readonly unknown[],
  actual: ReadonlyArray<readonly [number | string, unknown]>,
  path: string,
  pattern: string,
  rules: Rules,
  found: string[],
): void {
  if (expected.length === 0) return;
  if (actual.length === 0) {
    const what = rules.dictionaries.has(pattern) ? "dictionary" : "array";
    found.push(`${path}: the sandbox's ${what} is empty, the real one has ${expected.length} element(s): nothing to compare`);
    return;
  }
  for (const [key, element] of actual) {
    const at = `${path}[${typeof key === "number" ? key : JSON.stringify(key)}]`;
    let closest: string[] | undefined;
    for (const real of expected) {
      const differences: string[] = [];
      compare(real, element, at, `${pattern}[]`, rules, differences);
      if (closest === undefined || differences.length < closest.length) closest = differences;
      if (differences.length === 0) break;
    }
    found.push(...(closest ?? []));
  }
}

function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
