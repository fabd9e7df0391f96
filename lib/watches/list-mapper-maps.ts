import "server-only";
import type { ActingUser } from "@/lib/auth/session";
import { consumeRateLimits } from "@/lib/ratelimit";
import { getTrackmania, stripFormatting } from "@/lib/trackmania";
import type { MapCandidate } from "./find-watch-maps";
import { asTrackmaniaUnavailable } from "./limits";
import { listMapperMapsSchema, type ListMapperMapsInput } from "./schemas";

/** How many of a mapper's maps the picker lists (the newest; older ones are reachable by link). */
export const MAPPER_MAPS_LIMIT = 100;

/** A mapper's maps as Trackmania Exchange lists them (newest first), to pick one from. */
export async function listMapperMaps(actor: ActingUser, input: ListMapperMapsInput): Promise<{ mapper: string; total: number; candidates: MapCandidate[] }> {
  const { mapper } = listMapperMapsSchema.parse(input);
  await consumeRateLimits([{ name: "watchLookupsByUser", identifier: actor.id }]);
  const maps = await getTrackmania()
    .getMapsByAuthor(mapper)
    .catch((error: unknown) => {
      throw asTrackmaniaUnavailable(error);
    });
  return {
    mapper,
    total: maps.length,
    candidates: maps.slice(0, MAPPER_MAPS_LIMIT).map((map) => ({
      uid: map.uid,
      name: stripFormatting(map.name) || map.uid,
      authors: map.authorNames,
      tmxId: map.tmxId,
      uploadedAt: map.uploadedAt,
      awardCount: map.awardCount,
    })),
  };
}
