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

export type {
  CheckRun,
  DriverWatchReport,
  MapperAlertReport,
  MapReport,
  Medal,
  RecordArrivalKind,
  RecordEvent,
  ReportMark,
  WatchMark,
  WatchPasser,
  WatchTrigger,
} from "./types";
import type { CheckRun, DriverWatchReport, MapperAlertReport, ReportMark, WatchMark } from "./types";

export { checkRunAt, trackmaniaNow } from "./clock";
export { medalFor, rankedTop, type MedalTimes } from "./record-events";
export { coreMapRef, readOwnRecord, type RecordMap } from "./own-record";
export { backfillMapTypes, MAP_TYPES_PER_PASS } from "./map-types";

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
