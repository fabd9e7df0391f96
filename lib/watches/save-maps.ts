import "server-only";
import { mapRowFromInfo } from "@/lib/checks";
import { getDb } from "@/lib/db";
import type { Map as MapRow } from "@/lib/generated/prisma/client";
import type { TrackmaniaClient } from "@/lib/trackmania";

export type WatchedMap = Pick<
  MapRow,
  | "uid"
  | "mapId"
  | "name"
  | "authorAccountId"
  | "authorTime"
  | "goldTime"
  | "silverTime"
  | "bronzeTime"
  | "thumbnailUrl"
  | "tmxId"
  | "checkedAt"
  | "mapType"
  | "hasClones"
  | "typeReadAt"
>;

const mapSelect = {
  uid: true,
  mapId: true,
  name: true,
  authorAccountId: true,
  authorTime: true,
  goldTime: true,
  silverTime: true,
  bronzeTime: true,
  thumbnailUrl: true,
  tmxId: true,
  checkedAt: true,
  mapType: true,
  hasClones: true,
  typeReadAt: true,
} as const;

/**
 * The Map rows of these uids, saved from Nadeo's map info where Trackwatch has none yet (as
 * lib/checks/mapper-catalogue does): one request per 100 unknown maps. Uids Nadeo does not know are
 * left out of the result. `tmxIds` fills in Trackmania Exchange ids learnt on the way; without them,
 * TMX is asked for the new maps' ids (one request).
 */
export async function saveMaps(
  uids: readonly string[],
  trackmania: TrackmaniaClient,
  tmxIds: ReadonlyMap<string, number> = new Map(),
): Promise<Map<string, WatchedMap>> {
  const wanted = [...new Set(uids)];
  const tmxIdByUid = new Map(tmxIds);
  const db = await getDb();
  const rows = new Map((await db.map.findMany({ where: { uid: { in: wanted } }, select: mapSelect })).map((row) => [row.uid, row]));
  // A row without a map id (none today, but the column allows it) cannot be asked about records.
  const unknown = wanted.filter((uid) => !rows.get(uid)?.mapId);
  if (unknown.length > 0) {
    const [infos, listed] = await Promise.all([
      trackmania.getMapInfo(unknown),
      // The TMX id only links the map's page: when TMX does not answer the map is saved without it.
      tmxIds.size > 0 ? [] : trackmania.getTmxMapsByUid(unknown).catch(() => []),
    ]);
    for (const map of listed) tmxIdByUid.set(map.uid, map.tmxId);
    await db.map.createMany({ data: infos.map((info) => mapRowFromInfo(info, tmxIdByUid.get(info.uid) ?? null)), skipDuplicates: true });
    for (const info of infos) {
      if (rows.get(info.uid) && !rows.get(info.uid)!.mapId) await db.map.update({ where: { uid: info.uid }, data: { mapId: info.mapId } });
    }
    const saved = await db.map.findMany({ where: { uid: { in: infos.map((info) => info.uid) } }, select: mapSelect });
    for (const row of saved) rows.set(row.uid, row);
  }
  const missingTmx = [...tmxIdByUid].filter(([uid]) => rows.has(uid) && rows.get(uid)!.tmxId === null);
  for (const [uid, tmxId] of missingTmx) {
    await db.map.update({ where: { uid }, data: { tmxId } });
    rows.set(uid, { ...rows.get(uid)!, tmxId });
  }
  return new Map(wanted.flatMap((uid) => (rows.get(uid)?.mapId ? [[uid, rows.get(uid)!] as const] : [])));
}
