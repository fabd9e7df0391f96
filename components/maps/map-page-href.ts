/** A map's own page on Trackwatch (charts and top 10). */
export function mapPageHref(uid: string): string {
  return `/maps/${encodeURIComponent(uid)}`;
}
