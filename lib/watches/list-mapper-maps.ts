import "server-only";
import type { ActingUser } from "@/lib/actor";
import { getKv } from "@/lib/kv";
import { consumeRateLimits } from "@/lib/ratelimit";
import { getTrackmania, stripFormatting, withTrackmaniaPriority } from "@/lib/trackmania";
import { asTrackmaniaUnavailable } from "./limits";
import { listMapperMapsSchema, mapListingSchema, type ListMapperMapsInput, type MapListing } from "./schemas";

/** How many of a mapper's maps the picker lists: the newest, one Trackmania Exchange page (older ones are reachable by link). */
export const MAPPER_MAPS_LIMIT = 100;
/** A mapper's listing is shared by every user for an hour: asking again, or opening a link to it, costs Trackmania nothing. */
const LISTING_TTL_SECONDS = 3600;

export type MapperMaps = Extract<MapListing, { kind: "mapper" }>;

/** Names match on Trackmania Exchange in any case, so the listing is kept once per name. */
const keyOf = (mapper: string) => `watches:mapper-maps:v1:${encodeURIComponent(mapper.toLowerCase())}`;

/**
 * A mapper's newest maps as Trackmania Exchange lists them, to pick one from: the listing kept from the
 * last hour (free), else read as far as shown, kept for everyone, and counted against the user's
 * look-up budget. `more` says older maps were left unread.
 */
export async function listMapperMaps(actor: ActingUser, input: ListMapperMapsInput): Promise<MapperMaps> {
  const { mapper } = listMapperMapsSchema.parse(input);
  const kept = await readListing(mapper);
  if (kept) return kept;
  await consumeRateLimits([{ name: "watchLookupsByUser", identifier: actor.id }]);
  // A person waits on the picker for it: first in the Trackmania budget's queue.
  const { maps, more } = await withTrackmaniaPriority("interactive", () => getTrackmania().getNewestMapsByAuthor(mapper, { limit: MAPPER_MAPS_LIMIT }))
    .catch((error: unknown) => {
      throw asTrackmaniaUnavailable(error);
    });
  const listing: MapperMaps = {
    kind: "mapper",
    mapper,
    more,
    candidates: maps.map((map) => ({
      uid: map.uid,
      name: stripFormatting(map.name) || map.uid,
      authors: map.authorNames,
      tmxId: map.tmxId,
      uploadedAt: map.uploadedAt,
      awardCount: map.awardCount,
    })),
  };
  // Losing the cache costs the next asker a request, never this answer.
  await getKv()
    .set(keyOf(mapper), listing, { ttlSeconds: LISTING_TTL_SECONDS })
    .catch(() => false);
  return listing;
}

/**
 * The mapper's listing if someone looked it up in the last hour, else null: never asks Trackmania nor
 * spends a look-up, so a page may show it from its address alone.
 */
export async function getCachedMapperMaps(input: ListMapperMapsInput): Promise<MapperMaps | null> {
  const parsed = listMapperMapsSchema.safeParse(input);
  return parsed.success ? readListing(parsed.data.mapper) : null;
}

/** The kept listing, named as this asker typed the mapper; a lost or unreadable entry is simply not there. */
async function readListing(mapper: string): Promise<MapperMaps | null> {
  const stored = mapListingSchema.safeParse(await getKv().get(keyOf(mapper)).catch(() => null));
  return stored.success && stored.data.kind === "mapper" ? { ...stored.data, mapper } : null;
}
