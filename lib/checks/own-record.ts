import "server-only";
import { coreGameMode, scoringOf } from "@/lib/scoring";
import type { MapRef, PlayerRecord, TrackmaniaClient } from "@/lib/trackmania";

/** What Core's record reads need to know of a stored map. */
export type RecordMap = { uid: string; mapId: string | null; mapType?: string | null; hasClones?: boolean; typeReadAt?: Date | null };

const CLONE_GAME_MODE = "TimeAttackClone";

/** The map as Core's by-account read wants it: its id where known, in the mode its type and clones need. */
export function coreMapRef(map: RecordMap): MapRef {
  if (!map.mapId) return map.uid;
  const gameMode = coreGameMode(scoringOf(map.mapType), map.hasClones ?? false);
  return gameMode ? { uid: map.uid, mapId: map.mapId, gameMode } : { uid: map.uid, mapId: map.mapId };
}

/**
 * One driver's personal best on one map, read the way the map needs (Stunt, Platform, clones). On
 * a race map whose clone flag Core has not told yet, an empty answer is asked once more in the clone
 * mode before it means "no time" — Core answers clone maps' default mode with an empty list.
 */
export async function readOwnRecord(trackmania: TrackmaniaClient, accountId: string, map: RecordMap): Promise<PlayerRecord | null> {
  const ref = coreMapRef(map);
  const own = (records: PlayerRecord[]) => records.find((record) => record.accountId === accountId) ?? null;
  const found = own(await trackmania.getPlayerRecords(accountId, [ref]));
  if (found || typeof ref === "string" || ref.gameMode || map.typeReadAt) return found;
  return own(await trackmania.getPlayerRecords(accountId, [{ ...ref, gameMode: CLONE_GAME_MODE }]));
}
