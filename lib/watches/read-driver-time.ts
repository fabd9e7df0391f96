import "server-only";
import { readOwnRecord } from "@/lib/checks";
import type { PlayerRecord, TrackmaniaClient } from "@/lib/trackmania";
import type { WatchedMap } from "./save-maps";

/** What Trackmania says of one driver's personal best on one map. */
export type DriverTimeReading =
  | { kind: "time"; score: number; drivenAt: Date | null; position: number | null }
  | { kind: "none" }
  /** The map's secret threshold hides times: nothing to compare a watch with. */
  | { kind: "hidden" };

/**
 * The driver's time on a map (Core, by account, in the map's mode: see `readOwnRecord`) and,
 * when they have one, their exact world position for it (one more request, to Live).
 */
export async function readDriverTime(trackmania: TrackmaniaClient, accountId: string, map: WatchedMap): Promise<DriverTimeReading> {
  const found = await readOwnRecord(trackmania, accountId, map);
  if (!found) return { kind: "none" };
  return reading(trackmania, map, found);
}

async function reading(trackmania: TrackmaniaClient, map: WatchedMap, record: PlayerRecord): Promise<DriverTimeReading> {
  if (record.time === null) return { kind: "hidden" };
  return { kind: "time", score: record.time, drivenAt: record.timestamp, position: await positionOf(trackmania, map.uid, record.time) };
}

/**
 * The exact world position of a time (Live surround: the asked score stands in for records with the
 * very same time, so a driver's own time gives their own place). Null when the service says nothing.
 */
async function positionOf(trackmania: TrackmaniaClient, mapUid: string, score: number): Promise<number | null> {
  const surround = await trackmania.getSurround(mapUid, score);
  return surround?.position ?? null;
}
