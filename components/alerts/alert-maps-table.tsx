import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { browserThumbnailSrc, type AlertMapRow, type AlertMapsQuery } from "@/lib/alerts";
import { mapPageHref } from "@/components/maps/map-page-href";
import { alertMapsHref } from "./alert-maps-href";
import { formatDay } from "./describe";
import { MedalTimes } from "./medal-times";
import { MuteToggle } from "./mute-toggle";
import { WorldRecordCell } from "./world-record-cell";

/** Shown above a cell's content only where the table is stacked into cards (no column headers there). */
function CellLabel({ children }: { children: string }) {
  return <span className="mb-1 block text-xs font-semibold uppercase tracking-wide text-slate-500 md:hidden">{children}</span>;
}

/**
 * One page of an alert's maps: picture, name, medals, world record and the mute switch. A table from
 * `md` up; below, each row stacks into a card, so a phone never scrolls sideways and keeps every
 * field and the switch.
 */
export function AlertMapsTable({
  alertId,
  maps,
  query,
  pages,
  timeZone,
}: {
  alertId: string;
  maps: AlertMapRow[];
  query: AlertMapsQuery;
  pages: number;
  timeZone: string;
}) {
  return (
    <div className="space-y-4">
      <div className="rounded-xl border border-slate-200 bg-white shadow-sm md:overflow-x-auto" tabIndex={0} role="region" aria-label="The alert's maps">
        <table className="block w-full text-sm md:table md:min-w-full md:divide-y md:divide-slate-200" aria-label="Maps of this alert">
          <thead className="hidden bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-600 md:table-header-group">
            <tr>
              <th scope="col" className="px-4 py-3">Map</th>
              <th scope="col" className="px-4 py-3">Medals</th>
              <th scope="col" className="px-4 py-3">World record</th>
              <th scope="col" className="px-4 py-3 text-right">Alerts</th>
            </tr>
          </thead>
          <tbody className="block divide-y divide-slate-100 md:table-row-group">
            {maps.map((map) => {
              const src = browserThumbnailSrc(map.thumbnailUrl);
              return (
                <tr
                  key={map.uid}
                  data-testid="alert-map"
                  data-map-uid={map.uid}
                  className={`grid grid-cols-2 gap-x-4 gap-y-3 p-4 md:table-row md:p-0 ${map.muted ? "bg-slate-50 text-slate-500" : ""}`}
                >
                  <td className="col-span-2 min-w-0 md:table-cell md:px-4 md:py-3">
                    <div className="flex items-center gap-3">
                      {src ? (
                        // eslint-disable-next-line @next/next/no-img-element -- thumbnails come from Nadeo's CDN or inline sandbox SVGs
                        <img src={src} alt={`Thumbnail of ${map.name}`} width={64} height={64} loading="lazy" className="size-16 shrink-0 rounded-md bg-slate-100 object-cover ring-1 ring-slate-200" />
                      ) : (
                        <div aria-hidden className="size-16 shrink-0 rounded-md bg-slate-100" />
                      )}
                      <div className="min-w-0">
                        <p className="font-medium break-words">
                          <Link href={mapPageHref(map.uid)} prefetch={false} className="inline-block py-1 text-slate-900 hover:text-brand-700 hover:underline" data-testid="map-page-link">
                            {map.name}
                          </Link>
                        </p>
                        <p className="flex flex-wrap items-center gap-2 text-xs text-slate-500">
                          {map.tmxId ? (
                            <a className="inline-block py-1 hover:underline" href={`https://trackmania.exchange/mapshow/${map.tmxId}`} target="_blank" rel="noreferrer">
                              TMX #{map.tmxId}
                            </a>
                          ) : null}
                          {map.hasNews ? <Badge tone="info">news</Badge> : null}
                          {map.muted ? <Badge>muted</Badge> : null}
                        </p>
                        {map.lastRecordAt ? (
                          <p className="text-xs text-slate-500" data-testid="latest-record">
                            Latest record {formatDay(map.lastRecordAt, timeZone)}
                          </p>
                        ) : null}
                      </div>
                    </div>
                  </td>
                  <td className="min-w-0 md:table-cell md:px-4 md:py-3">
                    <CellLabel>Medals</CellLabel>
                    <MedalTimes times={map} />
                  </td>
                  <td className="min-w-0 md:table-cell md:px-4 md:py-3" data-testid="world-record">
                    <CellLabel>World record</CellLabel>
                    <WorldRecordCell worldRecord={map.worldRecord} timeZone={timeZone} />
                  </td>
                  <td className="col-span-2 md:table-cell md:px-4 md:py-3 md:text-right">
                    <MuteToggle alertId={alertId} mapUid={map.uid} mapName={map.name} muted={map.muted} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {pages > 1 ? (
        <nav aria-label="Map pages" className="flex items-center justify-between gap-2 text-sm">
          {query.page > 1 ? (
            <Link className="font-medium text-brand-700 hover:underline" href={alertMapsHref(alertId, query, { page: query.page - 1 })}>
              ← Previous
            </Link>
          ) : (
            <span />
          )}
          <span className="text-slate-600">
            Page {query.page} of {pages}
          </span>
          {query.page < pages ? (
            <Link className="font-medium text-brand-700 hover:underline" href={alertMapsHref(alertId, query, { page: query.page + 1 })}>
              Next →
            </Link>
          ) : (
            <span />
          )}
        </nav>
      ) : null}
    </div>
  );
}
