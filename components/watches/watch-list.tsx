import Link from "next/link";
import { formatInstant } from "@/components/alerts/describe";
import { mapPageHref } from "@/components/maps/map-page-href";
import { Badge } from "@/components/ui/badge";
import { formatGap, formatRaceTime } from "@/lib/format/race-time";
import type { DriverWatchSummary } from "@/lib/watches";
import { formatPosition, lateNewsNote, ruleValue } from "./describe";
import { MapThumbnail } from "./map-thumbnail";
import { MedalBadge } from "./medal-badge";
import { RemoveWatchForm } from "./remove-watch-form";
import { WatchPauseToggle } from "./watch-pause-toggle";
import { WatchRuleForm } from "./watch-rule-form";

/** Shown above a cell's content only where the table is stacked into cards (no column headers there). */
function CellLabel({ children }: { children: string }) {
  return <span className="mb-1 block text-xs font-semibold uppercase tracking-wide text-slate-500 md:hidden">{children}</span>;
}

function GapCell({ watch }: { watch: DriverWatchSummary }) {
  if (watch.holdsWorldRecord) return <Badge tone="success">World record</Badge>;
  if (!watch.worldRecord.known) {
    return (
      <span className="text-slate-500">
        Not known yet
        <span className="block text-xs">Still asking Trackmania: it shows on your next visit.</span>
      </span>
    );
  }
  const record = watch.worldRecord.record;
  if (!record || watch.gapToWorldRecord === null) return <span className="text-slate-500">—</span>;
  return (
    <span>
      <span className="font-mono font-semibold text-slate-900">{formatGap(watch.gapToWorldRecord)}</span>
      <span className="block text-xs text-slate-600">
        WR {formatRaceTime(record.score)} by {record.displayName}
      </span>
    </span>
  );
}

/**
 * The user's watches: map, time and medal, position, gap to the world record, when last checked, and
 * when to be told, with pause and remove. A table from `md` up; below, each row stacks into a card,
 * so a phone never scrolls sideways.
 */
export function WatchList({ watches, timeZone, accurateDepth }: { watches: DriverWatchSummary[]; timeZone: string; accurateDepth: number }) {
  if (watches.length === 0) {
    return (
      <p className="rounded-xl border border-dashed border-slate-300 bg-white px-4 py-8 text-center text-sm text-slate-600" data-testid="watches-empty">
        No watches yet. Find a map above, or add a whole campaign at once.
      </p>
    );
  }
  return (
    <div className="rounded-xl border border-slate-200 bg-white shadow-sm md:overflow-x-auto" tabIndex={0} role="region" aria-label="Your watches">
      <table className="block w-full text-sm md:table md:min-w-full md:divide-y md:divide-slate-200" aria-label="Your driver watches">
        <thead className="hidden bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-600 md:table-header-group">
          <tr>
            <th scope="col" className="px-4 py-3">Map</th>
            <th scope="col" className="px-4 py-3">My time</th>
            <th scope="col" className="px-4 py-3">Position</th>
            <th scope="col" className="px-4 py-3">Gap to WR</th>
            <th scope="col" className="px-4 py-3">When to tell me</th>
            <th scope="col" className="px-4 py-3 text-right">Watch</th>
          </tr>
        </thead>
        <tbody className="block divide-y divide-slate-100 md:table-row-group">
          {watches.map((watch) => (
            <tr
              key={watch.id}
              id={`watch-${watch.id}`}
              data-testid="watch"
              data-map-uid={watch.mapUid}
              className={`grid scroll-mt-24 grid-cols-2 gap-x-4 gap-y-3 p-4 md:table-row md:p-0 ${watch.paused ? "bg-slate-50 text-slate-500" : ""}`}
            >
              <td className="col-span-2 min-w-0 md:table-cell md:px-4 md:py-3">
                <div className="flex items-center gap-3">
                  <MapThumbnail url={watch.thumbnailUrl} name={watch.mapName} />
                  <div className="min-w-0">
                    <p className="font-medium break-words" data-testid="watch-map-name">
                      <Link href={mapPageHref(watch.mapUid)} prefetch={false} className="inline-block py-1 text-slate-900 hover:text-brand-700 hover:underline">
                        {watch.mapName}
                      </Link>
                    </p>
                    <p className="flex flex-wrap items-center gap-2 text-xs text-slate-500">
                      {watch.tmxId ? (
                        <a className="inline-block py-1 hover:underline" href={`https://trackmania.exchange/mapshow/${watch.tmxId}`} target="_blank" rel="noreferrer">
                          TMX #{watch.tmxId}
                        </a>
                      ) : null}
                      {watch.paused ? <Badge>paused</Badge> : null}
                      <span data-testid="watch-last-checked">Checked {formatInstant(watch.lastCheckedAt, timeZone)}</span>
                    </p>
                    {watch.beyondAccurateDepth ? (
                      <p className="text-xs text-amber-800" data-testid="watch-late-note">
                        {lateNewsNote(accurateDepth)}
                      </p>
                    ) : null}
                  </div>
                </div>
              </td>
              <td className="min-w-0 md:table-cell md:px-4 md:py-3" data-testid="watch-time">
                <CellLabel>My time</CellLabel>
                <span className="block font-mono font-semibold text-slate-900">{watch.score === null ? "—" : formatRaceTime(watch.score)}</span>
                <MedalBadge medal={watch.medal} />
              </td>
              <td className="min-w-0 md:table-cell md:px-4 md:py-3" data-testid="watch-position">
                <CellLabel>Position</CellLabel>
                <span className="font-semibold text-slate-900">{formatPosition(watch.position)}</span>
              </td>
              <td className="col-span-2 min-w-0 md:table-cell md:px-4 md:py-3" data-testid="watch-gap">
                <CellLabel>Gap to WR</CellLabel>
                <GapCell watch={watch} />
              </td>
              <td className="col-span-2 min-w-0 md:table-cell md:px-4 md:py-3">
                <CellLabel>When to tell me</CellLabel>
                <WatchRuleForm watchId={watch.id} mapName={watch.mapName} rule={ruleValue(watch.condition, watch.topN)} />
              </td>
              <td className="col-span-2 flex items-start justify-between gap-4 md:table-cell md:px-4 md:py-3 md:text-right">
                <WatchPauseToggle watchId={watch.id} mapName={watch.mapName} paused={watch.paused} />
                <RemoveWatchForm watchId={watch.id} mapName={watch.mapName} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
