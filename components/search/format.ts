/** "2 Dec 2026, 14:05" in the viewer's time zone; pure, for server and client. */
export function formatDateTime(iso: string | null, timeZone: string): string {
  if (iso === null) return "date unknown";
  return new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone }).format(new Date(iso));
}

export function formatCount(count: number, one: string, many: string): string {
  return `${count.toLocaleString("en-US")} ${count === 1 ? one : many}`;
}
