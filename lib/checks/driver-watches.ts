import "server-only";
import { getAppConfig } from "@/lib/app-config";
import { getDb } from "@/lib/db";
import type { DriverWatch, Map as MapRow, MapRecord, Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import { getTrackmania, stripFormatting } from "@/lib/trackmania";
import { floorToSecond } from "./clock";
import type { CheckRun, DriverWatchReport, WatchMark, WatchPasser } from "./types";
import { checkLeaderboardsOncePerRun } from "./leaderboard-check";
import { positionKey, readPositionsOncePerRun } from "./position-check";
import { medalFor } from "./record-events";
import { readOwnRecord } from "./own-record";

/**
 * Driver watches in a run. A driver inside the depth the run reads anyway (AppConfig `accurateDepth`)
 * is followed through the map's shared top read: `MapRecord` names exactly who passed. Beyond it, one
 * position request per 50 watched (map, time) pairs, shared by every user under the run's leaderboard
 * key, says whether more records now beat the driver's stored time; only those watches cost a Core
 * by-account read (did the driver improve?) and a surround read (who is just ahead now).
 *
 * Nothing is written here: the new state of each watch travels as a `WatchMark` and is applied with
 * `markWatchesReported` in the transaction that stores the digest, conditionally on the state read
 * here — so a redelivered check neither loses a change nor reports one twice.
 */

/** Passers named per map in a report; the count says how many there were. */
const MAX_PASSERS_NAMED = 10;

type WatchWithMap = DriverWatch & { map: MapRow };

/** What a watch's driver looks like now, and who went past them since the last look. */
type Observation = {
  watch: WatchWithMap;
  score: number;
  position: number;
  drivenAt: Date | null;
  /** Drivers now ahead who were not before (all of them within the read depth; the closest beyond it). */
  passers: WatchPasser[];
  passedCount: number;
  /** Up to when the driver's standing is known. */
  until: Date;
  beyondTop: boolean;
  worldRecordScore: number | null;
  /** The position endpoint's answer for `score`, to measure the next change against; null when not asked for it. */
  positionAnswer: number | null;
};


/** A watch is followed through the shared top while its driver was last seen inside the read depth. */
const insideTop = (watch: Pick<DriverWatch, "lastPosition">, depth: number) => watch.lastPosition !== null && watch.lastPosition <= depth;

export async function collectDriverWatchReportsFor(
  userId: string,
  run: CheckRun,
): Promise<{ reports: DriverWatchReport[]; watchesChecked: number; marks: WatchMark[] }> {
  const db = await getDb();
  const [watches, user] = await Promise.all([
    db.driverWatch.findMany({
      where: { userId, status: "ACTIVE", lastScore: { not: null } },
      include: { map: true },
      orderBy: { createdAt: "asc" },
    }),
    db.user.findUnique({ where: { id: userId }, select: { reportOwnImprovements: true } }),
  ]);
  if (watches.length === 0 || !user) return { reports: [], watchesChecked: 0, marks: [] };
  const { accurateDepth: depth } = await getAppConfig();

  const inTop = watches.filter((watch) => insideTop(watch, depth));
  await checkLeaderboardsOncePerRun(
    inTop.map((watch) => watch.mapUid),
    run,
    depth,
  );
  const observations: Observation[] = [];
  const fellOut: WatchWithMap[] = [];
  if (inTop.length > 0) {
    const uids = [...new Set(inTop.map((watch) => watch.mapUid))];
    const maps = new Map((await db.map.findMany({ where: { uid: { in: uids } } })).map((map) => [map.uid, map]));
    const records = await db.mapRecord.findMany({ where: { mapUid: { in: uids } }, orderBy: { position: "asc" } });
    const byMap = groupBy(records, (record) => record.mapUid);
    for (const watch of inTop) {
      const map = maps.get(watch.mapUid)!;
      const bound = map.checkedAt === null ? null : map.checkedAt < run.now ? map.checkedAt : run.now;
      // No look at this map newer than what the watch already knows: nothing to say yet.
      if (!bound || (watch.reportedUntil && bound <= watch.reportedUntil)) continue;
      const board = byMap.get(watch.mapUid) ?? [];
      const mine = board.find((record) => record.accountId === watch.accountId);
      if (!mine) {
        // Pushed below the read depth (or the record was removed): the position request knows where.
        fellOut.push({ ...watch, map });
        continue;
      }
      observations.push(observeInTop({ ...watch, map }, mine, board, bound));
    }
  }

  const beyond = [...watches.filter((watch) => !insideTop(watch, depth)), ...fellOut];
  observations.push(...(await observeBeyondTop(beyond, run)));

  const names = await displayNamesOf(observations);
  const reports: DriverWatchReport[] = [];
  const marks: WatchMark[] = [];
  for (const observation of observations) {
    const { watch } = observation;
    marks.push({
      watchId: watch.id,
      expect: { lastScore: watch.lastScore!, lastPosition: watch.lastPosition },
      next: {
        lastScore: observation.score,
        lastPosition: observation.position,
        lastDrivenAt: observation.drivenAt ?? watch.lastDrivenAt,
        lastCheckedAt: observation.until,
        reportedUntil: observation.until,
        positionAnswer: observation.positionAnswer,
      },
    });
    const report = toReport(observation, names, user.reportOwnImprovements, depth);
    if (report) reports.push(report);
  }
  return { reports, watchesChecked: observations.length, marks };
}

/**
 * Inside the read depth: the board says who is ahead now. Of those, a record driven since the last
 * look whose driver was behind before (new to the map or the top, or improved from a slower time) is
 * a certain pass. On a map's first look Trackwatch cannot know where a driver stood before, so the
 * count comes from the positions (ahead now − ahead before) and names are given only when exact.
 */
function observeInTop(watch: WatchWithMap, mine: MapRecord, board: readonly MapRecord[], until: Date): Observation {
  const before = watch.lastScore!;
  const since = watch.reportedUntil ? floorToSecond(watch.reportedUntil) : Number.NEGATIVE_INFINITY;
  // MapRecord keeps each record's position from when it was observed; the current order is by time.
  const rank = currentRanks(board);
  const ahead = board.filter((record) => record.accountId !== watch.accountId && record.score < mine.score);
  const fresh = ahead.filter((record) => (record.drivenAt ?? record.observedAt).getTime() > since);
  const wasBehind = (record: MapRecord) =>
    record.arrival === "FIRST_TIME" || record.arrival === "ENTERED_TOP" || (record.previousScore !== null && record.previousScore >= before);
  const wasAhead = (record: MapRecord) => record.previousScore !== null && record.previousScore < before;
  const certain = fresh.filter(wasBehind);
  const unsure = fresh.filter((record) => !wasBehind(record) && !wasAhead(record));
  const improved = mine.score < before;
  let passedCount = certain.length;
  let named = certain;
  if (!improved && watch.lastPosition !== null) {
    const byPositions = Math.min(certain.length + unsure.length, ahead.length - (watch.lastPosition - 1));
    passedCount = Math.max(certain.length, byPositions);
    if (certain.length + unsure.length === passedCount) named = [...certain, ...unsure];
  }
  return {
    watch,
    score: mine.score,
    position: rank.get(mine.accountId)!,
    drivenAt: mine.drivenAt,
    passers: named
      .map((record) => ({ accountId: record.accountId, displayName: record.accountId, score: record.score, position: rank.get(record.accountId)! }))
      .sort((a, b) => a.position - b.position),
    passedCount,
    until,
    beyondTop: false,
    worldRecordScore: board[0]?.score ?? null,
    positionAnswer: null,
  };
}

/**
 * Beyond the read depth: where the stored time ranks now, one request per 50 (map, time) pairs
 * shared under the run's leaderboard key. The position endpoint can lag by hours and can go back and
 * forth: the stored position only ever moves down for an unchanged time, so a pass is told once.
 */
async function observeBeyondTop(watches: readonly WatchWithMap[], run: CheckRun): Promise<Observation[]> {
  if (watches.length === 0) return [];
  const queries = watches.map((watch) => ({ mapUid: watch.mapUid, score: watch.lastScore! }));
  const answers = await readPositionsOncePerRun(queries, run);
  const trackmania = getTrackmania();
  const observations: Observation[] = [];
  for (const watch of watches) {
    const position = answers.get(positionKey(run, { mapUid: watch.mapUid, score: watch.lastScore! }));
    // Left out of the answer: nothing known this run; asked again next time.
    if (position === null || position === undefined) continue;
    const until = run.now;
    const stored = watch.lastPosition ?? position;
    // Against the endpoint's own earlier answer; without one (a new watch, a new time), against the
    // exact position, and the exact reads below settle whether anything changed.
    const baseline = watch.positionAnswer ?? stored;
    if (position <= baseline) {
      // Never lowered: a lagging answer that goes back and forth must not tell the same pass twice.
      const answer = Math.max(position, watch.positionAnswer ?? position);
      observations.push({ watch, score: watch.lastScore!, position: stored, drivenAt: null, passers: [], passedCount: 0, until, beyondTop: true, worldRecordScore: null, positionAnswer: answer });
      continue;
    }
    // More records beat the stored time: someone passed, or the driver improved (their own new record counts too).
    // In the mode the map needs: a clone map's default mode answers an empty list, which read as "no
    // improvement" and missed the driver's own new time.
    const own = await readOwnRecord(trackmania, watch.accountId, watch.map);
    const score = own?.time ?? watch.lastScore!;
    const improved = score < watch.lastScore!;
    const around = await trackmania.getSurround(watch.mapUid, score);
    const exact = around?.position ?? null;
    const closest = around?.above && around.above.accountId !== watch.accountId && around.above.score !== null ? around.above : null;
    const now = exact ?? (improved ? stored : Math.max(stored, stored + position - baseline));
    const passedCount = improved ? 0 : Math.max(0, now - stored);
    observations.push({
      watch,
      score,
      position: improved ? now : Math.max(now, stored),
      drivenAt: improved ? (own?.timestamp ?? null) : null,
      passers:
        closest && passedCount > 0
          ? [{ accountId: closest.accountId, displayName: closest.accountId, score: closest.score!, position: closest.position }]
          : [],
      passedCount,
      until,
      beyondTop: true,
      worldRecordScore: null,
      // An improved time is a new question for the endpoint: its answer is learned next run.
      positionAnswer: improved ? null : position,
    });
  }
  return observations;
}


/** The positions every due user's beyond-the-top watches need, read together before the run fans out. */
export async function prefetchWatchPositionsFor(userIds: readonly string[], run: CheckRun): Promise<number> {
  if (userIds.length === 0) return 0;
  const db = await getDb();
  const { accurateDepth } = await getAppConfig();
  const watches = await db.driverWatch.findMany({
    where: { userId: { in: [...userIds] }, status: "ACTIVE", lastScore: { not: null }, OR: [{ lastPosition: null }, { lastPosition: { gt: accurateDepth } }] },
    select: { mapUid: true, lastScore: true },
  });
  const answers = await readPositionsOncePerRun(
    watches.map((watch) => ({ mapUid: watch.mapUid, score: watch.lastScore! })),
    run,
  );
  return answers.size;
}

function toReport(observation: Observation, names: ReadonlyMap<string, string>, reportImprovements: boolean, depth: number): DriverWatchReport | null {
  const { watch } = observation;
  const before = { score: watch.lastScore!, position: watch.lastPosition };
  const improved = observation.score < before.score;
  const passed = observation.passedCount > 0;
  const oldPosition = before.position ?? observation.position;
  const triggers: DriverWatchReport["triggers"] = [];
  if (passed) {
    switch (watch.condition) {
      case "PASSED":
        triggers.push("passed");
        break;
      case "LEFT_TOP_N":
        if (watch.topN !== null && oldPosition <= watch.topN && observation.position > watch.topN) triggers.push("left-top-n");
        break;
      case "LOST_WORLD_RECORD":
        if (oldPosition === 1 && observation.position > 1) triggers.push("lost-world-record");
        break;
    }
  }
  if (improved && reportImprovements) triggers.push("improved");
  if (triggers.length === 0) return null;

  const map = watch.map;
  const wr = observation.worldRecordScore === null ? null : Math.min(observation.worldRecordScore, observation.score);
  return {
    watchId: watch.id,
    mapUid: map.uid,
    name: stripFormatting(map.name) || map.uid,
    thumbnailUrl: map.thumbnailUrl,
    tmxId: map.tmxId,
    condition: watch.condition,
    topN: watch.topN,
    triggers,
    score: observation.score,
    previousScore: improved ? before.score : null,
    position: observation.position,
    previousPosition: before.position,
    medal: medalFor(observation.score, map),
    worldRecordScore: wr,
    passedCount: observation.passedCount,
    passers: observation.passers
      .slice(0, MAX_PASSERS_NAMED)
      .map((passer) => ({ ...passer, displayName: names.get(passer.accountId) ?? passer.accountId })),
    beyondTop: observation.beyondTop,
    topDepth: depth,
  };
}

async function displayNamesOf(observations: readonly Observation[]): Promise<Map<string, string>> {
  const ids = [...new Set(observations.flatMap((observation) => observation.passers.slice(0, MAX_PASSERS_NAMED).map((passer) => passer.accountId)))];
  return ids.length > 0 ? getTrackmania().getDisplayNames(ids) : new Map();
}

/**
 * Applies each watch's new state, only where the watch still holds the state the check read: a
 * second delivery of the same check, or an edit in between, leaves it alone.
 */
export async function markWatchesReportedIn(tx: Prisma.TransactionClient | PrismaClient, marks: readonly WatchMark[]): Promise<void> {
  for (const mark of marks) {
    await tx.driverWatch.updateMany({
      where: { id: mark.watchId, lastScore: mark.expect.lastScore, lastPosition: mark.expect.lastPosition },
      data: mark.next,
    });
  }
}

/** Positions on the board as it stands: by time, earlier driven first on equal times (as the game orders them). */
function currentRanks(board: readonly MapRecord[]): Map<string, number> {
  const ordered = [...board].sort(
    (a, b) => a.score - b.score || (a.drivenAt?.getTime() ?? Number.POSITIVE_INFINITY) - (b.drivenAt?.getTime() ?? Number.POSITIVE_INFINITY) || a.position - b.position,
  );
  return new Map(ordered.map((record, index) => [record.accountId, index + 1]));
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const list = groups.get(key(item));
    if (list) list.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}
