const PAGE_PATH_MAX = 200;

/**
 * The same-site path a feedback link says the user came from (`/alerts`, `/maps/abc?tab=top`), or
 * null for anything else: absolute or protocol-relative URLs, backslash tricks, over-long values.
 * A bad value is ignored rather than refused: it only labels the message.
 */
export function sameSitePagePath(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const path = value.trim();
  if (!path.startsWith("/") || path.startsWith("//") || path.includes("\\") || path.length > PAGE_PATH_MAX) return null;
  if (/[\u0000-\u001f\u007f]/.test(path)) return null;
  try {
    const base = "http://trackwatch.invalid";
    const url = new URL(path, base);
    if (url.origin !== base) return null;
    return `${url.pathname}${url.search}`;
  } catch {
    return null;
  }
}
