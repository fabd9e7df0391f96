"use client";

import { useActionState, useEffect, useRef, type ReactNode } from "react";
import { lookUpWatchMapAction } from "@/lib/actions/watches";
import { formatRaceTime } from "@/lib/format/race-time";
import type { MapListing, MapperMaps, WatchLookupState } from "@/lib/watches";
import { formatPosition } from "./describe";
import { FindMapForm, MapperMapsForm, type LookupAction } from "./find-map-form";
import { MapCandidates } from "./map-candidates";
import { WatchPreviewCard } from "./watch-preview-card";

/**
 * "Add a watch": find a map (or pick from a mapper's maps), preview the user's time on it, watch it.
 * Every look-up is a posted form whose answer is this action's state, so it works without JavaScript
 * and no address can spend the user's look-ups; `initial` is what the address filled in and
 * `mapperListing` a mapper's maps it may show from the shared cache (see getWatchesPage), until the
 * first look-up answers. A preview keeps the maps listed below it, to pick another.
 */
export function MapLookup({
  initial,
  mapperListing,
  timeZone,
  accurateDepth,
  findHint,
}: {
  initial: WatchLookupState;
  mapperListing: MapperMaps | null;
  timeZone: string;
  accurateDepth: number;
  /** Server-rendered: static words cost the page no JavaScript. */
  findHint: ReactNode;
}) {
  const [answered, action, pending] = useActionState(lookUpWatchMapAction, initial);
  // Look-ups never answer "idle": until one does, the page shows what its address found. (Kept out of
  // the hook's initial state, which every form rendered without JavaScript carries along.)
  const state: WatchLookupState = answered.status === "idle" && mapperListing ? { ...answered, status: "listed", listing: mapperListing } : answered;
  const preview = useRef<HTMLDivElement>(null);
  const refused = useRef<HTMLParagraphElement>(null);
  const refusal = state.status === "refused" ? state : null;
  const mapperShown = state.values.mapper !== "" || state.listing?.kind === "mapper" || refusal?.field === "mapper";

  useEffect(() => {
    // A preview (or why there is none) appears above the list it was picked from, maybe out of view on a phone.
    if (answered.status === "previewed") preview.current?.focus();
    else if (answered.status === "refused" && answered.field === null) refused.current?.focus();
  }, [answered]);

  return (
    <>
      <FindMapForm action={action} query={state.values.query} errors={refusal?.field === "query" ? [refusal.message] : undefined} hint={findHint} />
      <details className="group border-t border-slate-100 pt-4" open={mapperShown}>
        <summary className="cursor-pointer text-sm font-medium text-slate-800">Or pick from a mapper&apos;s maps</summary>
        <div className="mt-3">
          <MapperMapsForm action={action} mapper={state.values.mapper} errors={refusal?.field === "mapper" ? [refusal.message] : undefined} />
        </div>
      </details>
      <div className="min-w-0 space-y-4" aria-busy={pending}>
        {/* Always in the page, so what each look-up found is announced when it changes. */}
        <p role="status" className={state.status === "listed" ? "text-sm text-slate-600" : "sr-only"}>
          {announcement(state)}
        </p>
        {refusal && refusal.field === null ? (
          <p ref={refused} tabIndex={-1} role="alert" className="scroll-mt-4 rounded-lg border border-amber-200 outline-none focus-visible:ring-2 focus-visible:ring-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="watch-refused">
            {refusal.message}
          </p>
        ) : null}
        {state.status === "previewed" ? (
          <div ref={preview} tabIndex={-1} className="scroll-mt-4 rounded-lg outline-none focus-visible:ring-2 focus-visible:ring-brand-200">
            <WatchPreviewCard preview={state.preview} timeZone={timeZone} accurateDepth={accurateDepth} />
          </div>
        ) : null}
        {state.listing ? <Listing listing={state.listing} summarised={state.status !== "listed"} timeZone={timeZone} action={action} /> : null}
      </div>
    </>
  );
}

/** What the last look-up found, in one sentence (the listing's own, or the preview's gist). */
function announcement(state: WatchLookupState): string {
  if (state.status === "listed" && state.listing) return describeListing(state.listing);
  if (state.status === "previewed") {
    const { preview } = state;
    return `Your time on ${preview.map.name}: ${formatRaceTime(preview.score)}, world position ${formatPosition(preview.position)}.`;
  }
  return "";
}

function describeListing(listing: MapListing): string {
  const count = listing.candidates.length;
  if (listing.kind === "search") {
    return count === 0
      ? `No map on Trackmania Exchange has “${listing.query}” in its name. Paste the map's link or uid instead.`
      : `${count} ${count === 1 ? "map" : "maps"} with “${listing.query}” in the name. Preview one to see your time on it.`;
  }
  if (count === 0) return `Trackmania Exchange lists no maps by ${listing.mapper}.`;
  return listing.more
    ? `The newest ${count} maps by ${listing.mapper}; paste a link to pick an older one.`
    : `${count} ${count === 1 ? "map" : "maps"} by ${listing.mapper}.`;
}

function Listing({ listing, summarised, timeZone, action }: { listing: MapListing; summarised: boolean; timeZone: string; action: LookupAction }) {
  return (
    <div className="space-y-2">
      {/* Said by the status line when the listing is the latest answer; here when a preview or refusal came after it. */}
      {summarised ? <p className="text-sm text-slate-600">{describeListing(listing)}</p> : null}
      {listing.candidates.length > 0 ? (
        <MapCandidates
          candidates={listing.candidates}
          label={listing.kind === "search" ? "Maps found" : `Maps by ${listing.mapper}`}
          timeZone={timeZone}
          action={action}
          mapper={listing.kind === "mapper" ? listing.mapper : undefined}
        />
      ) : null}
    </div>
  );
}
