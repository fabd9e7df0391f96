import "server-only";
import { getDb } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { getTrackmania, type MapInfo, type TrackmaniaClient } from "@/lib/trackmania";
import type { CheckRun } from "./types";
import { runOnce } from "./run-once";

/**
 * A mapper's catalogue: the maps Trackmania Exchange lists under the mapper's name whose Nadeo
 * `author` is the mapper's account. TMX matches names only, and a name is not an identity (another
 * TMX user can carry it, a co-author lists someone else's map), so every map is confirmed against
 * Nadeo before Trackwatch treats it as the mapper's (the original app trusted the name: peers.md §1.7-1).
 */

export type Mapper = { accountId: string; displayName: string };

export type CatalogueOptions = {
  /** The client to ask; the process's own by default. */
  trackmania?: TrackmaniaClient;
};

const DAY_SECONDS = 86_400;

/** Uids of the mapper's confirmed maps (TMX order, newest first); their Map rows are saved. */
export async function loadMapperCatalogue(mapper: Mapper, options: CatalogueOptions = {}): Promise<string[]> {
  const trackmania = options.trackmania ?? getTrackmania();
  const listed = await trackmania.getMapsByAuthor(mapper.displayName);
  if (listed.length === 0) return [];
  const db = await getDb();
  const uids = listed.map((map) => map.uid);
  const known = await db.map.findMany({ where: { uid: { in: uids } }, select: { uid: true, authorAccountId: true } });
  const authorByUid = new Map(known.map((map) => [map.uid, map.authorAccountId]));

  const unknown = uids.filter((uid) => !authorByUid.has(uid));
  if (unknown.length > 0) {
    const tmxIdByUid = new Map(listed.map((map) => [map.uid, map.tmxId]));
    const infos = await trackmania.getMapInfo(unknown);
    // Foreign maps are saved too: their author is then known and never asked about again.
    await db.map.createMany({ data: infos.map((info) => mapRowFromInfo(info, tmxIdByUid.get(info.uid) ?? null)), skipDuplicates: true });
    for (const info of infos) authorByUid.set(info.uid, info.authorAccountId);
  }
  // Uids Nadeo does not know (deleted or never uploaded) stay out, like foreign maps.
  return uids.filter((uid) => authorByUid.get(uid) === mapper.accountId);
}

/** A `Map` row as Nadeo's map info describes it (Trackmania Exchange's id when known). */
export function mapRowFromInfo(info: MapInfo, tmxId: number | null): Prisma.MapCreateManyInput {
  return {
    uid: info.uid,
    mapId: info.mapId,
    name: info.name,
    authorAccountId: info.authorAccountId,
    authorTime: info.authorTime,
    goldTime: info.goldTime,
    silverTime: info.silverTime,
    bronzeTime: info.bronzeTime,
    thumbnailUrl: info.thumbnailUrl,
    tmxId,
    uploadedAt: info.uploadedAt,
    // Live's map info tells the type; clones only Core's, read by the map-type backfill (typeReadAt).
    mapType: info.mapType,
  };
}

/** `loadMapperCatalogue` once per run per mapper, however many users watch that mapper. */
export function loadMapperCatalogueOncePerRun(mapper: Mapper, run: CheckRun): Promise<string[]> {
  return runOnce(`checks:${run.key}:catalogue:${mapper.accountId}`, () => loadMapperCatalogue(mapper), {
    ttlSeconds: 2 * DAY_SECONDS,
    lockSeconds: 600,
  });
}
