import "server-only";
import { getDb } from "@/lib/db";
import type { MapRecord, Prisma, RecordArrival } from "@/lib/generated/prisma/client";
import { getTrackmania, type LeaderboardEntry } from "@/lib/trackmania";
import { baselineFromLeaderboard } from "./baselines";
import { BEFORE_ANY_OBSERVATION } from "./clock";
import type { CheckRun } from "./types";
import { runOnce } from "./run-once";

/**
 * Accurate checking of one map: its world top fetched at most once per leaderboard key (for the daily
 * run, once per UTC day) — whichever user's check gets there first fetches, concurrent and later
 * checks of the same map use that one fetch — and diffed against `MapRecord`, what Trackwatch saw
 * last time. A new account in the top or an improved time is a new observation (`observedAt` = the
 * fetching run's instant); alerts then report observations they have not reported yet, each alert
 * map up to its own `reportedUntil`, so nothing depends on a time window (the original's 24 h window
 * missed records or reported them twice: peers.md §1.7-2) nor on which user's check fetched.
 */

const DAY_SECONDS = 86_400;

export type LeaderboardCheckResult = { fetched: boolean; records: number };

/** What leaderboard reads are shared under: see `CheckRun.leaderboardKey`. */
export const leaderboardScope = (run: CheckRun): string => run.leaderboardKey ?? run.key;

export const topCheckKey = (run: CheckRun, mapUid: string) => `checks:${leaderboardScope(run)}:top:${mapUid}`;

/** Checks each map's top once per leaderboard key (shared by every caller passing the same one). */
export async function checkLeaderboardsOncePerRun(mapUids: Iterable<string>, run: CheckRun, depth: number): Promise<void> {
  for (const mapUid of new Set(mapUids)) {
    await runOnce<LeaderboardCheckResult>(topCheckKey(run, mapUid), () => fetchAndRecordTop(mapUid, run, depth), {
      ttlSeconds: 2 * DAY_SECONDS,
      // A fetch waits its turn in the client's rate limiter and may back off on 429s.
      lockSeconds: 600,
    });
  }
}

async function fetchAndRecordTop(mapUid: string, run: CheckRun, depth: number): Promise<LeaderboardCheckResult> {
  const db = await getDb();
  const map = await db.map.findUnique({ where: { uid: mapUid }, select: { checkedAt: true } });
  // A run at (or after) this instant already looked: its observations stand, a second look adds nothing.
  if (!map || (map.checkedAt && map.checkedAt >= run.now)) return { fetched: false, records: 0 };
  const entries = await getTrackmania().getTop(mapUid, { depth });
  const records = await recordLeaderboard(mapUid, entries, run.now, depth);
  return { fetched: true, records };
}

/**
 * Applies a fetched top to `MapRecord` and returns how many records are new observations. Runs in
 * one transaction under a per-map lock, so two appliers (a retried old run and a new one) never
 * interleave, and rows and `Map.checkedAt` move together: readers bound what they collect by
 * `checkedAt` and never see half a diff.
 */
export async function recordLeaderboard(
  mapUid: string,
  entries: readonly LeaderboardEntry[],
  now: Date,
  depth: number,
): Promise<number> {
  const db = await getDb();
  return db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`map-records:${mapUid}`}::text))`;
      const map = await tx.map.findUnique({
        where: { uid: mapUid },
        select: { checkedAt: true, wholeBoardSeen: true, shownWorldRecordScore: true, shownWorldRecordAccountId: true },
      });
      if (!map || (map.checkedAt && map.checkedAt >= now)) return 0;
      const existing = await tx.mapRecord.findMany({ where: { mapUid } });
      const seen = new Map(existing.map((row) => [row.accountId, row]));
      // Secret-threshold maps hide scores: those entries say nothing we could report.
      const ranked = entries
        .filter((entry): entry is LeaderboardEntry & { score: number } => entry.score !== null)
        .sort((a, b) => a.position - b.position);
      const firstLook = map.checkedAt === null && existing.length === 0;
      const worldRecordBefore = worldRecordBeforeThisLook(map, existing, firstLook);
      const taken = worldRecordTaken(ranked[0], worldRecordBefore);

      const created: Prisma.MapRecordCreateManyInput[] = [];
      // Each change observed, appended in the same transaction, so history and `MapRecord` agree.
      const changes: Prisma.RecordHistoryCreateManyInput[] = [];
      let improved = 0;
      for (const entry of ranked) {
        const before = seen.get(entry.accountId);
        const beat = taken && taken.by === entry.accountId ? { beatAccountId: taken.from.accountId, beatScore: taken.from.score } : { beatAccountId: null, beatScore: null };
        if (!before) {
          // On a first look, the only time known before is the world record the alert page showed.
          const shownBefore = firstLook && worldRecordBefore?.accountId === entry.accountId ? worldRecordBefore.score : undefined;
          const arrival: RecordArrival = shownBefore !== undefined && entry.score < shownBefore ? "IMPROVED" : firstLook ? "UNKNOWN" : map.wholeBoardSeen ? "FIRST_TIME" : "ENTERED_TOP";
          created.push({
            mapUid,
            accountId: entry.accountId,
            score: entry.score,
            position: entry.position,
            drivenAt: entry.timestamp,
            previousScore: arrival === "IMPROVED" ? shownBefore! : null,
            arrival,
            ...beat,
            // On a map's first look, a record without a timestamp has an unknown age: count it as old
            // rather than announce the whole board. Dated ones are sorted out by the alerts' start.
            observedAt: firstLook && entry.timestamp === null ? BEFORE_ANY_OBSERVATION : now,
          });
          // A first look's board is what came before Trackwatch watched, not a change it saw.
          if (arrival !== "UNKNOWN") {
            changes.push({
              mapUid,
              accountId: entry.accountId,
              score: entry.score,
              previousScore: arrival === "IMPROVED" ? shownBefore! : null,
              position: entry.position,
              arrival,
              drivenAt: entry.timestamp,
              observedAt: now,
            });
          }
        } else if (entry.score < before.score) {
          improved += 1;
          await tx.mapRecord.update({
            where: { mapUid_accountId: { mapUid, accountId: entry.accountId } },
            data: { score: entry.score, position: entry.position, drivenAt: entry.timestamp, previousScore: before.score, arrival: "IMPROVED", ...beat, observedAt: now },
          });
          changes.push({
            mapUid,
            accountId: entry.accountId,
            score: entry.score,
            previousScore: before.score,
            previousDrivenAt: before.drivenAt,
            position: entry.position,
            arrival: "IMPROVED",
            drivenAt: entry.timestamp,
            observedAt: now,
          });
        } else if (entry.score > before.score) {
          // A slower best means the faster one was removed (e.g. a banned run): keep it current, not news.
          await tx.mapRecord.update({
            where: { mapUid_accountId: { mapUid, accountId: entry.accountId } },
            data: { score: entry.score, position: entry.position, drivenAt: entry.timestamp, previousScore: null, arrival: "UNKNOWN", beatAccountId: null, beatScore: null },
          });
        }
      }
      if (created.length > 0) await tx.mapRecord.createMany({ data: created, skipDuplicates: true });
      if (changes.length > 0) await tx.recordHistory.createMany({ data: changes });

      // Rows missing from a top that would show them are records that were removed: forget them, or a
      // removed world record would stay "the world record" forever.
      const present = new Set(ranked.map((entry) => entry.accountId));
      const wholeBoard = entries.length < depth;
      const slowestShown = ranked.at(-1)?.score ?? Number.POSITIVE_INFINITY;
      const removed = existing
        .filter((row) => !present.has(row.accountId) && (wholeBoard || row.score < slowestShown))
        .map((row) => row.accountId);
      if (removed.length > 0) await tx.mapRecord.deleteMany({ where: { mapUid, accountId: { in: removed } } });

      await tx.map.update({ where: { uid: mapUid }, data: { checkedAt: now, wholeBoardSeen: wholeBoard } });
      const baseline = baselineFromLeaderboard(
        ranked.map((entry) => entry.score),
        depth,
      );
      await tx.mapBaseline.updateMany({ where: { mapUid }, data: { ...baseline, recordedAt: now } });
      return created.length + improved;
    },
    { timeout: 60_000, maxWait: 60_000 },
  );
}

type KnownRecord = { accountId: string; score: number };

/**
 * The world record Trackwatch knew before this look: the best record it saw, or on a map's first look
 * the one the alert page showed (so the first check can still say "improved from" and
 * "WR taken from" for that driver, rather than nothing).
 */
function worldRecordBeforeThisLook(
  map: { shownWorldRecordScore: number | null; shownWorldRecordAccountId: string | null },
  existing: readonly MapRecord[],
  firstLook: boolean,
): KnownRecord | null {
  if (firstLook) {
    if (map.shownWorldRecordScore === null || map.shownWorldRecordAccountId === null) return null;
    return { accountId: map.shownWorldRecordAccountId, score: map.shownWorldRecordScore };
  }
  const best = existing.reduce<MapRecord | null>((wr, row) => (wr === null || row.score < wr.score ? row : wr), null);
  return best ? { accountId: best.accountId, score: best.score } : null;
}

/** The new leader took the world record from someone else: faster than the known record, by another driver. */
function worldRecordTaken(leader: { accountId: string; score: number } | undefined, before: KnownRecord | null): { by: string; from: KnownRecord } | null {
  if (!leader || !before || leader.accountId === before.accountId || leader.score >= before.score) return null;
  return { by: leader.accountId, from: before };
}
