import { notFound } from "next/navigation";
import { checkInputText, SECRET_FIELDS, type RefusedText } from "./input-text";

/** A page's `searchParams`, awaited: what Next parsed from the query string. */
export type PageSearchParams = Record<string, string | string[] | undefined>;
/** One query parameter as a page reads it. */
export type SearchParamValue = string | RefusedText | undefined;

/**
 * The one reader of a page's query string. The page names every parameter it reads, written out as a
 * literal list: the route sweep (tests/e2e/route-sweep.spec.ts) reads that list from the page's source
 * and sends each parameter a NUL. Each gets its first value, through the input-text boundary: a value
 * holding a control character comes back as a RefusedText, which the page's schema turns into its
 * default (`.catch`) and a search box into "no match" (`searchText`). Tokens are handed on as sent.
 */
export function readSearchParams<const K extends string>(search: PageSearchParams, names: readonly K[]): Record<K, SearchParamValue> {
  return Object.fromEntries(
    names.map((name) => {
      const raw = search[name];
      const value = Array.isArray(raw) ? raw[0] : raw;
      if (value === undefined || SECRET_FIELDS.has(name)) return [name, value];
      return [name, checkInputText(value)];
    }),
  ) as Record<K, SearchParamValue>;
}

/**
 * The one reader of a route's dynamic segments, for pages and route handlers: every segment through
 * the input-text boundary. A segment holding a control character names nothing on this site, so it is
 * a 404 (`notFound()`: a page shows its not-found page, a route handler answers an empty 404), never
 * a query. Ids get their own shape check in the domain.
 */
export async function readPathParams<P extends Record<string, string | string[]>>(params: Promise<P>): Promise<P> {
  const read = await params;
  const segments = Object.values(read).flat();
  if (segments.some((segment) => typeof checkInputText(segment) !== "string")) notFound();
  return read;
}
