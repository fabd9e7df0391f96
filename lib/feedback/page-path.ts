import { sameSitePath } from "@/lib/http";

/**
 * The page a feedback message says the user came from (`/alerts`, `/maps/abc?tab=top`), or null:
 * the site's one same-site check, without the fragment. A bad value is ignored rather than refused:
 * it only labels the message.
 */
export function sameSitePagePath(value: unknown): string | null {
  const path = sameSitePath(typeof value === "string" ? value.trim() : value);
  return path === null ? null : path.replace(/#.*$/, "");
}
