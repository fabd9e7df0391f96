import Link from "next/link";
import type { ReactNode } from "react";
import { formatDay } from "@/components/alerts/describe";
import { Badge } from "@/components/ui/badge";
import { formatGap, formatRaceTime } from "@/lib/format/race-time";
import type { DriverWatchPreview } from "@/lib/watches";
import { formatPosition, lateNewsNote } from "./describe";
import { MapThumbnail } from "./map-thumbnail";
import { MedalBadge } from "./medal-badge";
import { NewWatchForm } from "./new-watch-form";

function Stat({ label, children, testId }: { label: string; children: ReactNode; testId: string }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs font-semibold uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className="mt-0.5 text-sm text-slate-900" data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}

/** Where the user stands on a map before they watch it, and the form that starts the watch. */
export function WatchPreviewCard({ preview, timeZone, accurateDepth }: { preview: DriverWatchPreview; timeZone: string; accurateDepth: number }) {
  const { map, worldRecord } = preview;
  return (
    <section aria-labelledby="preview-title" className="space-y-4 rounded-lg border border-brand-200 bg-brand-50/40 p-4" data-testid="watch-preview">
      <div className="flex items-center gap-3">
        <MapThumbnail url={map.thumbnailUrl} name={map.name} />
        <div className="min-w-0">
          <h3 id="preview-title" className="font-semibold break-words text-slate-900">
            {map.name}
          </h3>
          <p className="text-xs text-slate-600">
            Your time as {preview.account.displayName}
            {map.tmxId ? (
              <>
                {" · "}
                <a className="hover:underline" href={`https://trackmania.exchange/mapshow/${map.tmxId}`} target="_blank" rel="noreferrer">
                  TMX #{map.tmxId}
                </a>
              </>
            ) : null}
          </p>
        </div>
      </div>
      <dl className="grid grid-cols-2 gap-3">
        <Stat label="My time" testId="preview-time">
          <span className="font-mono font-semibold">{formatRaceTime(preview.score)}</span>
          {preview.drivenAt ? <span className="block text-xs text-slate-500">driven {formatDay(preview.drivenAt, timeZone)}</span> : null}
        </Stat>
        <Stat label="World position" testId="preview-position">
          <span className="font-semibold">{formatPosition(preview.position)}</span>
        </Stat>
        <Stat label="Medal" testId="preview-medal">
          <MedalBadge medal={preview.medal} />
        </Stat>
        <Stat label="Gap to WR" testId="preview-gap">
          {preview.holdsWorldRecord ? (
            <Badge tone="success">You hold the world record</Badge>
          ) : worldRecord && preview.gapToWorldRecord !== null ? (
            <>
              <span className="font-mono font-semibold">{formatGap(preview.gapToWorldRecord)}</span>
              <span className="block text-xs text-slate-600">
                WR {formatRaceTime(worldRecord.score)} by {worldRecord.displayName}
              </span>
            </>
          ) : (
            <span className="text-slate-500">Not known yet</span>
          )}
        </Stat>
      </dl>
      {preview.position !== null && preview.position > accurateDepth ? <p className="text-xs text-amber-800">{lateNewsNote(accurateDepth)}</p> : null}
      {preview.existingWatchId ? (
        <p role="status" className="rounded-lg border border-slate-200 bg-white px-3 py-2 text-sm text-slate-700">
          You already watch this map.{" "}
          <Link className="font-medium text-brand-700 hover:underline" href={`/watches#watch-${preview.existingWatchId}`}>
            See it in your list
          </Link>
        </p>
      ) : (
        <NewWatchForm mapUid={map.uid} mapName={map.name} />
      )}
    </section>
  );
}
