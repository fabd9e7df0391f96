/** The check engine's shared types, apart from its face (index.ts) so its own files never import their own index. */

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
