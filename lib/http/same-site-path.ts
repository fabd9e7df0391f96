import { isSafeInputText } from "./input-text";

/** Longer than any path of ours with its query; anything longer is refused rather than cut. */
export const SAME_SITE_PATH_MAX = 256;

/** Parsed against a fixed base, so the answer never depends on the request's own Host header. */
const BASE = "http://trackwatch.invalid";

// Browsers drop tabs and newlines from URLs and read `\` as `/`, so `/\t/evil` and `/\evil` become `//evil`.
// Control characters are the input-text boundary's single-line rule (lib/http/input-text.ts).
const controlOrBackslash = (text: string) => !isSafeInputText(text) || text.includes("\\");

function decodedOnce(path: string): string | null {
  try {
    return decodeURIComponent(path);
  } catch {
    return null;
  }
}

/**
 * The one same-site check for every path that comes from a request (a `next` to return to after
 * signing in, the page a feedback message was sent from): the path itself, normalised, or null.
 * Refuses anything that is not a plain absolute path on this site — control characters and backslashes
 * (also percent-encoded), protocol-relative and absolute URLs, over-long values — and anything whose
 * origin changes once parsed.
 */
export function sameSitePath(value: unknown): string | null {
  if (typeof value !== "string" || value.length === 0 || value.length > SAME_SITE_PATH_MAX) return null;
  if (!value.startsWith("/") || value.startsWith("//")) return null;
  const decoded = decodedOnce(value);
  if (decoded === null || controlOrBackslash(value) || controlOrBackslash(decoded) || decoded.startsWith("//")) {
    return null;
  }
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return null;
  }
  if (url.origin !== BASE) return null;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // The normalised form must still be one path on this site (`/./` and `/../` collapse into `//` otherwise).
  return path.startsWith("//") ? null : path;
}

/** Where to go after signing in: the asked-for same-site path, or the dashboard. */
export function returnPathOrDashboard(value: unknown): string {
  return sameSitePath(value) ?? "/dashboard";
}
