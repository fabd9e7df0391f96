import "server-only";
import type { ActingUser } from "@/lib/actor";
import { AppError } from "@/lib/errors";
import { consumeRateLimits } from "@/lib/ratelimit";
import { getTrackmania, stripFormatting, withTrackmaniaPriority } from "@/lib/trackmania";
import { asTrackmaniaUnavailable } from "./limits";
import { parseMapReference } from "./map-reference";
import { saveMaps } from "./save-maps";
import { findWatchMapsSchema, type FindWatchMapsInput } from "./schemas";

/** A map the user can pick to preview. */
export type MapCandidate = {
  uid: string;
  /** Without formatting codes. */
  name: string;
  /** As Trackmania Exchange lists them (empty when the map came from Nadeo alone). */
  authors: string[];
  tmxId: number | null;
  uploadedAt: Date | null;
  awardCount: number | null;
};

export type FindWatchMapsResult = {
  /** The map the query named exactly (a uid, a TMX id, a link), or the maps whose name matched. */
  exact: boolean;
  candidates: MapCandidate[];
};

/** How many maps a name search shows. */
export const MAP_SEARCH_LIMIT = 20;

/**
 * Finds the map(s) a query names: a Nadeo map uid, a Trackmania Exchange id, a link to a map on
 * trackmania.exchange or trackmania.io (`map-reference.ts`), or else words of a map's name, searched on
 * Trackmania Exchange. Counts against the user's look-up budget.
 */
export function findWatchMaps(actor: ActingUser, input: FindWatchMapsInput): Promise<FindWatchMapsResult> {
  // A person waits on the page for the answer: first in the Trackmania budget's queue.
  return withTrackmaniaPriority("interactive", () => findMaps(actor, input));
}

async function findMaps(actor: ActingUser, input: FindWatchMapsInput): Promise<FindWatchMapsResult> {
  const { query } = findWatchMapsSchema.parse(input);
  const reference = parseMapReference(query);
  if (reference.kind === "unknown-link") throw new AppError("bad_request:query", reference.reason);
  await consumeRateLimits([{ name: "watchLookupsByUser", identifier: actor.id }]);
  const trackmania = getTrackmania();
  try {
    switch (reference.kind) {
      case "uid": {
        const map = (await saveMaps([reference.uid], trackmania)).get(reference.uid);
        if (!map) throw new AppError("not_found:map", `Trackmania knows no map with the uid ${reference.uid}.`);
        const candidate = { uid: map.uid, name: stripFormatting(map.name) || map.uid, authors: [], tmxId: map.tmxId, uploadedAt: null, awardCount: null };
        return { exact: true, candidates: [candidate] };
      }
      case "tmx": {
        const listed = await trackmania.getTmxMap({ tmxId: reference.tmxId });
        const map = listed && (await saveMaps([listed.uid], trackmania, new Map([[listed.uid, listed.tmxId]]))).get(listed.uid);
        if (!listed || !map) throw new AppError("not_found:map", `Trackmania Exchange has no map #${reference.tmxId}.`);
        return { exact: true, candidates: [{ uid: listed.uid, name: listed.name || listed.uid, authors: listed.authors, tmxId: listed.tmxId, uploadedAt: listed.uploadedAt, awardCount: listed.awardCount }] };
      }
      case "name": {
        const found = await trackmania.searchMapsByName(reference.name, { limit: MAP_SEARCH_LIMIT });
        return {
          exact: false,
          candidates: found.map((map) => ({ uid: map.uid, name: map.name || map.uid, authors: map.authors, tmxId: map.tmxId, uploadedAt: map.uploadedAt, awardCount: map.awardCount })),
        };
      }
    }
  } catch (error) {
    throw asTrackmaniaUnavailable(error);
  }
}
