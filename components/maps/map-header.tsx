import { formatInstant } from "@/components/alerts/describe";
import { MedalTimes } from "@/components/alerts/medal-times";
import { browserThumbnailSrc } from "@/lib/alerts";
import { exchangeUrl, trackmaniaIoUrl } from "@/lib/digest";
import type { MapCharts } from "@/lib/history";

/** A map's page header: picture, plain name, author, medal times, when Trackwatch last read it, and where else to look. */
export function MapHeader({ map, timeZone }: { map: MapCharts["map"]; timeZone: string }) {
  const src = browserThumbnailSrc(map.thumbnailUrl);
  return (
    <header className="mb-8 flex flex-col gap-5 sm:flex-row sm:items-start">
      {src ? (
        // eslint-disable-next-line @next/next/no-img-element -- thumbnails come from Nadeo's CDN or inline sandbox SVGs
        <img src={src} alt={`Thumbnail of ${map.name}`} width={128} height={128} className="size-28 shrink-0 rounded-lg bg-slate-100 object-cover ring-1 ring-slate-200 sm:size-32" />
      ) : (
        <div aria-hidden className="size-28 shrink-0 rounded-lg bg-slate-100 sm:size-32" />
      )}
      <div className="min-w-0 flex-1">
        <h1 className="text-2xl font-bold tracking-tight break-words text-slate-900">{map.name}</h1>
        <p className="mt-1 text-slate-600">
          by <span className="font-medium text-slate-900">{map.authorDisplayName}</span>
        </p>
        <p className="mt-1 text-sm text-slate-500" data-testid="map-checked-at">
          Leaderboard last read by Trackwatch: {formatInstant(map.checkedAt, timeZone)}
        </p>
        <p className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-sm">
          <a className="font-medium text-brand-700 hover:underline" href={trackmaniaIoUrl(map.uid)} target="_blank" rel="noreferrer">
            trackmania.io
          </a>
          <a className="font-medium text-brand-700 hover:underline" href={exchangeUrl(map)} target="_blank" rel="noreferrer">
            Trackmania Exchange{map.tmxId ? ` #${map.tmxId}` : ""}
          </a>
        </p>
      </div>
      <div className="shrink-0 rounded-lg border border-slate-200 bg-white px-4 py-3 shadow-sm">
        <p className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">Medals</p>
        <MedalTimes times={map} />
      </div>
    </header>
  );
}
