import Link from "next/link";
import { MedalBadge } from "@/components/watches/medal-badge";
import { MapThumbnail } from "@/components/watches/map-thumbnail";
import { Badge } from "@/components/ui/badge";
import { exchangeUrl, trackmaniaIoUrl } from "@/lib/digest";
import { formatRaceTime } from "@/lib/format/race-time";
import type { SearchMap, SearchResult } from "@/lib/search";
import { periodLabels, type SearchSort } from "@/lib/search/schemas";
import { formatCount, formatDateTime } from "./format";

export const RESULTS_PAGE_SIZE = 20;

const sortLabels: Record<SearchSort, string> = { activity: "Most records", name: "Name", date: "Latest record" };

function sortMaps(maps: readonly SearchMap[], sort: SearchSort): SearchMap[] {
  const byName = (a: SearchMap, b: SearchMap) => a.name.localeCompare(b.name, "en", { sensitivity: "base", numeric: true });
  const latest = (map: SearchMap) => (map.latestAt ? Date.parse(map.latestAt) : -Infinity);
  return [...maps].sort((a, b) => {
    if (sort === "name") return byName(a, b);
    if (sort === "date") return latest(b) - latest(a) || byName(a, b);
    return b.records.length - a.records.length || latest(b) - latest(a) || byName(a, b);
  });
}

type Props = { searchId: string; result: SearchResult; sort: SearchSort; page: number; timeZone: string };

/** A finished search: totals, then the mapper's maps (most active first by default), each opening to its records. */
export function SearchResults({ searchId, result, sort, page, timeZone }: Props) {
  const withRecords = result.maps.filter((map) => map.records.length > 0).length;
  const records = result.maps.reduce((sum, map) => sum + map.records.length, 0);
  const sorted = sortMaps(result.maps, sort);
  const pages = Math.max(1, Math.ceil(sorted.length / RESULTS_PAGE_SIZE));
  const current = Math.min(Math.max(1, page), pages);
  const shown = sorted.slice((current - 1) * RESULTS_PAGE_SIZE, current * RESULTS_PAGE_SIZE);
  const href = (next: { sort?: SearchSort; page?: number }) => {
    const query = new URLSearchParams();
    const s = next.sort ?? sort;
    if (s !== "activity") query.set("sort", s);
    if ((next.page ?? 1) > 1) query.set("page", String(next.page));
    const text = query.toString();
    return `/search/${searchId}${text ? `?${text}` : ""}#maps`;
  };

  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-700" data-testid="search-summary">
        <strong>{formatCount(records, "record", "records")}</strong> on {formatCount(withRecords, "map", "maps")} of{" "}
        {formatCount(result.mapsSearched, "map", "maps")} · {periodLabels[result.period].toLowerCase()} · top {result.topDepth} of each map
      </p>
      {result.mapsFound > result.mapsSearched ? (
        <p className="rounded-lg border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900" role="note">
          {result.mapper.displayName} has {formatCount(result.mapsFound, "map", "maps")}; this search read the {result.mapsSearched.toLocaleString("en-US")} newest, the
          most one search reads.
        </p>
      ) : null}

      <nav id="maps" aria-label="Sort maps" className="flex flex-wrap items-center gap-2 text-sm">
        <span className="text-slate-600">Sort by</span>
        {(Object.keys(sortLabels) as SearchSort[]).map((value) => (
          <Link
            key={value}
            href={href({ sort: value })}
            aria-current={value === sort ? "true" : undefined}
            className={value === sort ? "rounded-full bg-brand-600 px-3 py-1 font-medium text-white" : "rounded-full bg-slate-100 px-3 py-1 text-slate-700 hover:bg-slate-200"}
          >
            {sortLabels[value]}
          </Link>
        ))}
      </nav>

      {result.maps.length === 0 ? (
        <p className="text-sm text-slate-600">Trackwatch found no maps by {result.mapper.displayName} on Trackmania Exchange.</p>
      ) : (
        <ul className="space-y-3" aria-label="Maps">
          {shown.map((map) => (
            <li key={map.uid}>
              <SearchMapItem map={map} timeZone={timeZone} />
            </li>
          ))}
        </ul>
      )}

      {pages > 1 ? (
        <nav aria-label="Pages of maps" className="flex items-center justify-between gap-2 text-sm">
          {current > 1 ? <Link href={href({ page: current - 1 })} className="text-brand-700 hover:underline">← Previous</Link> : <span />}
          <span className="text-slate-600">
            Page {current} of {pages}
          </span>
          {current < pages ? <Link href={href({ page: current + 1 })} className="text-brand-700 hover:underline">Next →</Link> : <span />}
        </nav>
      ) : null}
    </div>
  );
}

function SearchMapItem({ map, timeZone }: { map: SearchMap; timeZone: string }) {
  const tmio = trackmaniaIoUrl(map.uid);
  const tmx = exchangeUrl(map);
  return (
    <details className="group rounded-xl border border-slate-200 bg-white shadow-sm open:ring-1 open:ring-brand-200" data-testid="search-map">
      <summary className="flex cursor-pointer list-none items-center gap-3 p-3 sm:p-4 [&::-webkit-details-marker]:hidden">
        <MapThumbnail url={map.thumbnailUrl} name={map.name} size="sm" />
        <div className="min-w-0 flex-1">
          <p className="truncate font-medium text-slate-900">{map.name}</p>
          <p className="truncate text-xs text-slate-600">
            {map.worldRecord ? (
              <>
                WR <span className="font-mono tabular-nums">{formatRaceTime(map.worldRecord.score)}</span> by {map.worldRecord.displayName}
              </>
            ) : (
              "No records yet"
            )}
          </p>
        </div>
        <Badge tone={map.records.length > 0 ? "info" : "neutral"} className="shrink-0">
          {formatCount(map.records.length, "record", "records")}
        </Badge>
        <span aria-hidden className="text-slate-400 transition-transform group-open:rotate-90">
          ›
        </span>
      </summary>
      <div className="space-y-3 border-t border-slate-100 p-3 sm:p-4">
        {map.records.length === 0 ? (
          <p className="text-sm text-slate-600">No records in this period.</p>
        ) : (
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Records on {map.name} in this period</caption>
            <thead className="text-xs text-slate-500">
              <tr>
                <th scope="col" className="py-1 pr-2 font-medium">#</th>
                <th scope="col" className="py-1 pr-2 font-medium">Driver</th>
                <th scope="col" className="py-1 pr-2 font-medium">Time</th>
                <th scope="col" className="hidden py-1 pr-2 font-medium sm:table-cell">Medal</th>
                <th scope="col" className="py-1 font-medium">Driven</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {map.records.map((record) => (
                <tr key={record.accountId}>
                  <td className="py-1.5 pr-2 tabular-nums text-slate-600">{record.position}</td>
                  <td className="max-w-28 truncate py-1.5 pr-2 text-slate-900 sm:max-w-none">{record.displayName}</td>
                  <td className="py-1.5 pr-2 font-mono tabular-nums text-slate-900">{formatRaceTime(record.score)}</td>
                  <td className="hidden py-1.5 pr-2 sm:table-cell">
                    <MedalBadge medal={record.medal} />
                  </td>
                  <td className="py-1.5 text-xs text-slate-600">{formatDateTime(record.drivenAt, timeZone)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <p className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
          <Link href={`/maps/${encodeURIComponent(map.uid)}`} className="font-medium text-brand-700 hover:underline">
            Charts and history
          </Link>
          <a href={tmio} target="_blank" rel="noreferrer" className="text-brand-700 hover:underline">
            trackmania.io
          </a>
          <a href={tmx} target="_blank" rel="noreferrer" className="text-brand-700 hover:underline">
            Trackmania Exchange
          </a>
        </p>
      </div>
    </details>
  );
}
