import { alertMapsQuerySchema, type AlertMapsQuery } from "@/lib/alerts/schemas";

const defaults = alertMapsQuerySchema.parse({});

/** The alert page's address for a query: defaults left out, so links stay short and canonical. */
export function alertMapsHref(alertId: string, query: AlertMapsQuery, changes: Partial<AlertMapsQuery> = {}): string {
  const next = { ...query, ...changes };
  const params = new URLSearchParams();
  if (next.sort !== defaults.sort) params.set("sort", next.sort);
  if (next.q) params.set("q", next.q);
  if (next.news) params.set("news", "1");
  if (next.page > 1) params.set("page", String(next.page));
  const search = params.toString();
  return `/alerts/${encodeURIComponent(alertId)}${search ? `?${search}` : ""}`;
}
