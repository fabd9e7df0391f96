import Link from "next/link";
import { mapPageHref } from "@/components/maps/map-page-href";
import { Card, CardTitle } from "@/components/ui/card";
import {
  beyondTopNote,
  exchangeUrl,
  passerLabel,
  trackmaniaIoPlayerUrl,
  trackmaniaIoUrl,
  watchHeadline,
  watchStandingLabel,
  type DigestWatch,
} from "@/lib/digest";

/** The "Your times" half of a digest: each watched map that spoke up, with every driver that passed. */
export function DigestWatches({ watches }: { watches: DigestWatch[] }) {
  return (
    <Card>
      <CardTitle>Your times</CardTitle>
      <ul className="mt-3 divide-y divide-slate-100" aria-label="Your times">
        {watches.map((watch) => (
          <li key={watch.watchId} className="py-3" data-testid="digest-watch">
            <div className="flex flex-wrap items-baseline justify-between gap-2">
              <h3 className="font-medium text-slate-900">
                <Link href={mapPageHref(watch.mapUid)} prefetch={false} className="hover:text-brand-700 hover:underline">
                  {watch.name}
                </Link>
              </h3>
              <p className="text-sm">
                <a className="text-brand-700 hover:underline" href={trackmaniaIoUrl(watch.mapUid)} target="_blank" rel="noreferrer">
                  trackmania.io
                </a>
                {" · "}
                <a className="text-brand-700 hover:underline" href={exchangeUrl({ uid: watch.mapUid, tmxId: watch.tmxId })} target="_blank" rel="noreferrer">
                  Trackmania Exchange
                </a>
              </p>
            </div>
            <p className="mt-1 text-sm font-semibold text-slate-900">{watchHeadline(watch)}</p>
            {watch.passers.length > 0 ? (
              <ol className="mt-1 space-y-0.5 text-sm" aria-label={`Drivers who passed you on ${watch.name}`}>
                {watch.passers.map((passer) => (
                  <li key={passer.accountId} className="flex gap-2">
                    <span className="w-14 shrink-0 tabular-nums text-slate-500">#{passer.position.toLocaleString("en-GB")}</span>
                    <a className="min-w-0 break-all text-brand-700 hover:underline" href={trackmaniaIoPlayerUrl(passer.accountId)} target="_blank" rel="noreferrer">
                      {passerLabel(passer, watch.score)}
                    </a>
                  </li>
                ))}
              </ol>
            ) : null}
            {watch.beyondTop && watch.passers.length > 0 ? <p className="text-xs text-slate-600">The closest driver ahead of you now.</p> : null}
            <p className="mt-1 text-xs text-slate-600">{watchStandingLabel(watch)}</p>
            {watch.beyondTop ? <p className="text-xs text-slate-500">{beyondTopNote(watch.topDepth)}</p> : null}
          </li>
        ))}
      </ul>
    </Card>
  );
}
