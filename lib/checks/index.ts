import "server-only";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import { collectMapperAlertReportsFor } from "./collect-mapper-alert-reports";
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

export { checkRunAt, trackmaniaNow } from "./clock";

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
