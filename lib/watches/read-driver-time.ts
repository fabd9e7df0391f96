import "server-only";
import type { TrackmaniaClient } from "@/lib/trackmania";
import type { WatchedMap } from "./save-maps";

/** What Trackmania says of one driver's personal best on one map. */
export type DriverTimeReading =
  | { kind: "time"; score: number; drivenAt: Date | null; position: number | null }
  | { kind: "none" }
  /** The map's secret threshold hides times: nothing to compare a watch with. */
  | { kind: "hidden" };

/**
 * The driver's time on a map (Core, by account: one request) and, when they have one, their world
 * position for it (one more request).
 */
export async function readDriverTime(trackmania: TrackmaniaClient, accountId: string, map: WatchedMap): Promise<DriverTimeReading> {
  const [record] = await trackmania.getPlayerRecords(accountId, [{ uid: map.uid, mapId: map.mapId! }]);
  if (!record) return { kind: "none" };
  if (record.time === null) return { kind: "hidden" };
  return { kind: "time", score: record.time, drivenAt: record.timestamp, position: await positionOf(trackmania, map.uid, record.time) };
}

/**
 * The world position of a time. The position endpoint answers where a *new* record with that score
 * would land: after every record at or below it, the driver's own included, so the driver is one
 * place before that (ties with later drivers aside).
 */
async function positionOf(trackmania: TrackmaniaClient, mapUid: string, score: number): Promise<number | null> {
  const [answer] = await trackmania.getPositions([{ mapUid, score }]);
  return answer ? Math.max(1, answer.position - 1) : null;
}
