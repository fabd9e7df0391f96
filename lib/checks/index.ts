import "server-only";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import { collectMapperAlertReportsFor } from "./collect-mapper-alert-reports";
import { collectDriverWatchReportsFor, markWatchesReportedIn, prefetchWatchPositionsFor } from "./driver-watches";
import { checkLeaderboardsOncePerRun } from "./leaderboard-check";
import { markReportedIn } from "./mark-reported";

/**
 * The check engine's face: what the daily run calls to learn each user's news about the mappers they
 * watch, and to record that it was delivered. See collect-mapper-alert-reports.ts for the contract.
 */

export type RecordArrivalKind = "improved" | "first-time" | "entered-top" | "unknown";
export type Medal = "author" | "gold" | "silver" | "bronze" | null;
export type RecordEvent = {
  mapUid: string;
  accountId: string;
  /** The driver's current display name (the account id when the service knows none). */
  displayName: string;
  /** ms */
  score: number;
  /** World position when the record was observed. */
  position: number;
  /** The driver's time before this improvement; null when Trackwatch knows none. */
  previousScore: number | null;
  /**
   * What is known of the driver's time before: "improved" (previousScore), "first-time" on the map,
   * "entered-top" (new to the part of the board Trackwatch reads, `topDepth`), or "unknown" (the
   * map's first check: nobody had looked).
   */
  arrival: RecordArrivalKind;
  /** The world record this one took from another driver, when it did. */
  beatenWorldRecord: { accountId: string; displayName: string; score: number } | null;
  drivenAt: Date | null;
  observedAt: Date;
  /** The map's world record as of its latest check (ms). */
  worldRecordScore: number;
  gapToWorldRecord: number;
  /** It was the world record when observed. */
  isWorldRecord: boolean;
  medal: Medal;
};
export type MapReport = {
  uid: string;
  /** Plain name, without Trackmania's formatting codes. */
  name: string;
  /** The name with its formatting codes, as Nadeo stores it. */
  rawName: string;
  thumbnailUrl: string | null;
  authorTime: number;
  /** Trackmania Exchange's id of the map, when known. */
  tmxId: number | null;
  /** Sorted by position. */
  records: RecordEvent[];
  /** The mapper published it since the previous report: first time in a report. */
  isNew: boolean;
};
export type MapperAlertReport = {
  alertId: string;
  mapperAccountId: string;
  mapperDisplayName: string;
  mode: "ACCURATE" | "POSITION";
  /** Only maps with records or isNew. */
  maps: MapReport[];
  /** Unmuted maps of this alert whose state is known for this run. */
  mapsChecked: number;
  /** How deep Trackwatch reads each board ("entered-top" means new to this top). */
  topDepth: number;
};
export type CheckRun = {
  /** Shares what is done once per run (each mapper's catalogue) among the run's users: e.g. "2026-11-25T07". */
  key: string;
  /**
   * Shares leaderboard reads (each map's top, each position answer) among every run that passes the
   * same value; `key` when absent. The daily run passes the UTC day, so a map costs one top fetch a
   * day however many digest hours its watchers have: a later check reuses the earlier look, and its
   * collection is bounded by that look (`Map.checkedAt`), so what it does not see stays pending.
   */
  leaderboardKey?: string;
  now: Date;
};
export type ReportMark = { alertId: string; mapUid: string; until: Date };

export type WatchPasser = { accountId: string; displayName: string; score: number; position: number };
/** Why a driver watch speaks up this run: its condition was met, or the driver improved. */
export type WatchTrigger = "passed" | "left-top-n" | "lost-world-record" | "improved";
export type DriverWatchReport = {
  watchId: string;
  mapUid: string;
  /** Plain name, without formatting codes. */
  name: string;
  thumbnailUrl: string | null;
  tmxId: number | null;
  condition: "PASSED" | "LEFT_TOP_N" | "LOST_WORLD_RECORD";
  topN: number | null;
  triggers: WatchTrigger[];
  /** The driver's time now (ms). */
  score: number;
  /** Their time before, when they improved. */
  previousScore: number | null;
  position: number;
  previousPosition: number | null;
  medal: Medal;
  /** Known when the map's top was read; null beyond it. */
  worldRecordScore: number | null;
  /** How many drivers went past. */
  passedCount: number;
  /** Who: everyone within the read depth (closest first by position), the closest one beyond it. */
  passers: WatchPasser[];
  /** Followed through the position endpoint, which can lag: news may arrive a day late. */
  beyondTop: boolean;
  topDepth: number;
};
/** A driver watch's state after this run, applied only if the watch still holds `expect`. */
export type WatchMark = {
  watchId: string;
  expect: { lastScore: number; lastPosition: number | null };
  next: { lastScore: number; lastPosition: number; lastDrivenAt: Date | null; lastCheckedAt: Date; reportedUntil: Date; positionAnswer: number | null };
};

export { checkRunAt, trackmaniaNow } from "./clock";
export { medalFor, rankedTop, type MedalTimes } from "./record-events";

/**
 * What each of the user's mapper alerts has to report in this run. Use ONE `CheckRun` (same keys and
 * instant) for every user of a run: the keys share each mapper's catalogue and each map's
 * leaderboard fetch, the instant bounds what is collected. Collecting twice without `markReported`
 * returns the same records again.
 */
export async function collectMapperAlertReports(
  userId: string,
  run: CheckRun,
): Promise<{ reports: MapperAlertReport[]; mapsChecked: number; marks: ReportMark[] }> {
  return collectMapperAlertReportsFor(userId, run);
}

/** Records that the marked reports were delivered; call it in the transaction that stores the digest. */
export async function markReported(tx: Prisma.TransactionClient | PrismaClient, marks: ReportMark[]): Promise<void> {
  await markReportedIn(tx, marks);
}

/**
 * What each of the user's active driver watches has to report in this run (someone passed, the
 * driver left their top N or lost the WR, or improved), sharing every leaderboard read with mapper
 * alerts. Reading changes nothing: apply `marks` with `markWatchesReported` in the digest's transaction.
 */
export async function collectDriverWatchReports(
  userId: string,
  run: CheckRun,
): Promise<{ reports: DriverWatchReport[]; watchesChecked: number; marks: WatchMark[] }> {
  return collectDriverWatchReportsFor(userId, run);
}

export async function markWatchesReported(tx: Prisma.TransactionClient | PrismaClient, marks: readonly WatchMark[]): Promise<void> {
  await markWatchesReportedIn(tx, marks);
}

/** Reads, for every due user at once, the positions their watches beyond the read depth need (50 per request). */
export async function prefetchWatchPositions(userIds: readonly string[], run: CheckRun): Promise<number> {
  return prefetchWatchPositionsFor(userIds, run);
}

export { loadMapperCatalogue, mapRowFromInfo, type CatalogueOptions, type Mapper } from "./mapper-catalogue";

/**
 * Brings each map's top up to date through the reads every check shares under `run.leaderboardKey`
 * (a map the daily run read today costs nothing), one map at a time so callers can show progress.
 * What a read observes is recorded like any other (records, history); no alert or watch state moves.
 */
export async function readTops(
  mapUids: readonly string[],
  run: CheckRun,
  depth: number,
  onRead?: (uid: string) => Promise<void>,
): Promise<void> {
  for (const uid of mapUids) {
    await checkLeaderboardsOncePerRun([uid], run, depth);
    await onRead?.(uid);
  }
}
