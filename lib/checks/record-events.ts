import type { MapRecord } from "@/lib/generated/prisma/client";
import type { Medal, RecordArrivalKind, RecordEvent } from "./types";

/** Pure pieces of a report: which observations are news for an alert map, and how each reads. */

export type MedalTimes = { authorTime: number; goldTime: number; silverTime: number; bronzeTime: number };

/** The best medal a time earns on a map. */
export function medalFor(score: number, map: MedalTimes): Medal {
  if (score <= map.authorTime) return "author";
  if (score <= map.goldTime) return "gold";
  if (score <= map.silverTime) return "silver";
  if (score <= map.bronzeTime) return "bronze";
  return null;
}

export type AlertMapWindow = {
  /** What was already reported: observations up to this instant (null: nothing reported yet). */
  reportedUntil: Date | null;
  /** When the alert started watching the map; records driven before are old news. */
  addedAt: Date;
  /** Observations after this instant are left for a later collection (see `collect…`). */
  until: Date;
};

/**
 * Whether an observed record is news for an alert map: observed after what was reported and no later
 * than the collection bound, and driven once the alert was watching (a record first seen today can be
 * months old: a map nobody checked for a while, or one the mapper just published).
 */
export function isPending(record: Pick<MapRecord, "observedAt" | "drivenAt">, window: AlertMapWindow): boolean {
  const since = window.reportedUntil?.getTime() ?? Number.NEGATIVE_INFINITY;
  const observed = record.observedAt.getTime();
  if (observed <= since || observed > window.until.getTime()) return false;
  if (record.drivenAt === null) return observed > window.addedAt.getTime();
  // Timestamps are whole seconds: a record in the alert's first second counts.
  return record.drivenAt.getTime() >= Math.floor(window.addedAt.getTime() / 1000) * 1000;
}

export type RecordFilterSetting = { recordFilter: "ALL" | "TOP_N" | "WORLD_RECORD"; topN: number };

/** The alert's choice of records: all, those entering the top N, or world records only. */
export function passesFilter(record: Pick<MapRecord, "position">, setting: RecordFilterSetting): boolean {
  switch (setting.recordFilter) {
    case "ALL":
      return true;
    case "TOP_N":
      return record.position <= setting.topN;
    case "WORLD_RECORD":
      return record.position === 1;
  }
}

const arrivals = { IMPROVED: "improved", FIRST_TIME: "first-time", ENTERED_TOP: "entered-top", UNKNOWN: "unknown" } as const satisfies Record<MapRecord["arrival"], RecordArrivalKind>;

export function toRecordEvent(
  record: MapRecord,
  map: MedalTimes,
  worldRecordScore: number,
  names: ReadonlyMap<string, string>,
): RecordEvent {
  const wr = Math.min(worldRecordScore, record.score);
  const displayName = names.get(record.accountId);
  return {
    mapUid: record.mapUid,
    accountId: record.accountId,
    displayName: displayName ?? record.accountId,
    score: record.score,
    position: record.position,
    previousScore: record.previousScore,
    arrival: arrivals[record.arrival],
    beatenWorldRecord:
      record.beatAccountId !== null && record.beatScore !== null
        ? { accountId: record.beatAccountId, displayName: names.get(record.beatAccountId) ?? record.beatAccountId, score: record.beatScore }
        : null,
    drivenAt: record.drivenAt,
    observedAt: record.observedAt,
    worldRecordScore: wr,
    gapToWorldRecord: record.score - wr,
    isWorldRecord: record.position === 1,
    medal: medalFor(record.score, map),
  };
}

type StoredRecord = { score: number; drivenAt: Date | null; position: number };

/**
 * A map's top as last read, each record at its place in it. A stored position is the one its record
 * had when it was observed, and a record pushed out of the top stays stored: rank by time instead
 * (ties go to who drove it first, as in the game) and keep the top's depth.
 */
export function rankedTop<T extends StoredRecord>(records: readonly T[], depth: number): T[] {
  return [...records]
    .sort((a, b) => a.score - b.score || (a.drivenAt?.getTime() ?? Infinity) - (b.drivenAt?.getTime() ?? Infinity))
    .slice(0, depth)
    .map((record, index) => ({ ...record, position: index + 1 }));
}
