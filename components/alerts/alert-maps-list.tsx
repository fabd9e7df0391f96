import Link from "next/link";
import type { AlertMapsQuery, MapperAlertDetail } from "@/lib/alerts";
import { alertMapsHref } from "./alert-maps-href";
import { AlertMapsTable } from "./alert-maps-table";
import { AlertMapsToolbar } from "./alert-maps-toolbar";

const parameterWords: Record<keyof AlertMapsQuery, string> = {
  sort: "the sort order",
  q: "the name filter (at most 100 characters)",
  news: "the news switch",
  page: "the page number",
};

/** An alert's maps as the address asks: the finding tools, how many match, then the maps or why none. */
export function AlertMapsList({ detail, ignored }: { detail: MapperAlertDetail; ignored: (keyof AlertMapsQuery)[] }) {
  const { alert, query, matching, maps } = detail;
  if (alert.mapCount === 0) {
    return <p className="text-sm text-slate-600">No maps yet. New maps by this mapper are picked up by each daily check.</p>;
  }
  const filtered = query.q !== "" || query.news;
  const showAll = alertMapsHref(alert.id, query, { q: "", news: false, page: 1 });
  return (
    <div className="space-y-3">
      <AlertMapsToolbar alertId={alert.id} query={query} withNews={detail.withNews} />
      {ignored.length > 0 ? (
        <p role="note" className="rounded-lg border border-amber-200 bg-amber-50 px-4 py-2 text-sm text-amber-900">
          Part of this address could not be read and was left out: {ignored.map((key) => parameterWords[key]).join(", ")}.
        </p>
      ) : null}
      <p className="text-sm text-slate-600" data-testid="alert-maps-count" aria-live="polite">
        {filtered ? `${matching} of ${alert.mapCount} maps` : `${alert.mapCount} ${alert.mapCount === 1 ? "map" : "maps"}`}
      </p>
      {maps.length > 0 ? (
        <AlertMapsTable alertId={alert.id} maps={maps} query={query} pages={detail.pages} timeZone={detail.timezone} />
      ) : (
        <div role="status" data-testid="alert-maps-empty" className="rounded-xl border border-dashed border-slate-300 bg-white px-4 py-8 text-center text-sm text-slate-600">
          <p className="break-words">{emptyMessage(query)}</p>
          <Link href={showAll} className="mt-2 inline-block font-medium text-brand-700 hover:underline">
            Show all {alert.mapCount} maps
          </Link>
        </div>
      )}
    </div>
  );
}

function emptyMessage(query: AlertMapsQuery): string {
  if (query.q && query.news) return `No map with news since your last digest has “${query.q}” in its name.`;
  if (query.q) return `No map has “${query.q}” in its name.`;
  return "No map has news since your last digest.";
}
