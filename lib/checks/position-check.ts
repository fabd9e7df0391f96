import "server-only";
import { getDb } from "@/lib/db";
import { getTrackmania, type PositionQuery } from "@/lib/trackmania";
import { ANY_RECORD_SCORE } from "./baselines";
import type { CheckRun } from "./types";
import { checkLeaderboardsOncePerRun, leaderboardScope, topCheckKey } from "./leaderboard-check";
import { runOnceEach } from "./run-once";
import { getKv } from "@/lib/kv";

/**
 * Position mode, the cheap check for big catalogues: one position request per 50 maps asks where
 * each map's baseline score ranks now; only maps where more records sit above it than before get
 * their top fetched (through the same shared fetch and diff as accurate mode). Answers are cached
 * per map and baseline score under the run's leaderboard key (for the daily run, the UTC day), so a
 * map is counted once however many users watch it and whatever their digest hours: a later check
 * finds either the top fetched after growth (then there is nothing to ask) or the same baseline and
 * the same answer. A baseline that moved since is a new question, asked anew. The endpoint may omit
 * maps or lag by hours: an omitted map is simply asked again under the next leaderboard key, and a
 * lagging one is caught when its count grows — the diff against `MapRecord` makes sure nothing is
 * reported twice.
 */

const DAY_SECONDS = 86_400;

export type PositionModeMap = {
  uid: string;
  checkedAt: Date | null;
  baseline: { score: number; position: number } | null;
};

export type PositionCheckResult = {
  /** Maps whose state is known for this run: answered, or already checked by a top fetch under its leaderboard key. */
  counted: Set<string>;
  /** Maps whose count grew, whose tops were fetched. */
  grown: Set<string>;
};

export const positionKey = (run: CheckRun, query: PositionQuery) => `checks:${leaderboardScope(run)}:position:${query.mapUid}:${query.score}`;

export async function checkPositionsOncePerRun(maps: readonly PositionModeMap[], run: CheckRun, depth: number): Promise<PositionCheckResult> {
  const counted = new Set<string>();
  const grown = new Set<string>();
  if (maps.length === 0) return { counted, grown };

  // A map whose top was already fetched under this leaderboard key is up to date for every check
  // sharing the key: asking where it stands adds nothing.
  const kv = getKv();
  const topsFetched = await kv.mget(maps.map((map) => topCheckKey(run, map.uid)));
  const due = maps.filter((map, index) => {
    const already = topsFetched[index] !== null || (map.checkedAt !== null && map.checkedAt >= run.now);
    if (already) counted.add(map.uid);
    return !already;
  });
  if (due.length === 0) return { counted, grown };

  const queries = due.map((map) => ({ mapUid: map.uid, score: map.baseline?.score ?? ANY_RECORD_SCORE }));
  const answers = await readPositionsOncePerRun(queries, run);

  const db = await getDb();
  const newBaselines: { mapUid: string; score: number; position: number; recordedAt: Date }[] = [];
  for (const [index, map] of due.entries()) {
    const query = queries[index]!;
    const position = answers.get(positionKey(run, query));
    // Left out of the answer: nothing is known under this leaderboard key; the next one asks again.
    if (position === null || position === undefined) continue;
    counted.add(map.uid);
    if (!map.baseline) {
      newBaselines.push({ mapUid: map.uid, score: query.score, position, recordedAt: run.now });
    } else if (position > map.baseline.position) {
      grown.add(map.uid);
    } else if (position < map.baseline.position) {
      // Records were removed: lower the mark so the next arrival is not hidden below it.
      await db.mapBaseline.updateMany({ where: { mapUid: map.uid, score: query.score }, data: { position } });
    }
  }
  if (newBaselines.length > 0) await db.mapBaseline.createMany({ data: newBaselines, skipDuplicates: true });
  // The top fetch moves each grown map's baseline to the board it found.
  await checkLeaderboardsOncePerRun(grown, run, depth);
  return { counted, grown };
}

/**
 * Gives each map without a baseline one, from the position endpoint (⌈maps / 50⌉ requests), so a
 * map switched to position mode starts from its current count and nothing old looks like growth.
 * Maps the endpoint leaves out get their baseline in the next run instead.
 */
export async function initialiseBaselines(mapUids: readonly string[], now: Date): Promise<number> {
  if (mapUids.length === 0) return 0;
  const db = await getDb();
  const existing = await db.mapBaseline.findMany({ where: { mapUid: { in: [...mapUids] } }, select: { mapUid: true } });
  const have = new Set(existing.map((row) => row.mapUid));
  const missing = [...new Set(mapUids)].filter((uid) => !have.has(uid));
  if (missing.length === 0) return 0;
  const answers = await getTrackmania().getPositions(missing.map((mapUid) => ({ mapUid, score: ANY_RECORD_SCORE })));
  const { count } = await db.mapBaseline.createMany({
    data: answers.map((answer) => ({ mapUid: answer.mapUid, score: ANY_RECORD_SCORE, position: answer.position, recordedAt: now })),
    skipDuplicates: true,
  });
  return count;
}

/**
 * Positions of (map, time) pairs, each pair asked once per leaderboard key across every caller.
 * The daily run calls it for all due users' watches before fanning out, so pairs from different
 * users share requests of 50; a user's own check then finds its answers waiting.
 */
export async function readPositionsOncePerRun(queries: readonly PositionQuery[], run: CheckRun): Promise<Map<string, number | null>> {
  const queryByKey = new Map(queries.map((query) => [positionKey(run, query), query]));
  if (queryByKey.size === 0) return new Map();
  return runOnceEach<number>(
    [...queryByKey.keys()],
    async (claimed) => {
      const results = await getTrackmania().getPositions(claimed.map((key) => queryByKey.get(key)!));
      const byPair = new Map(results.map((result) => [`${result.mapUid}:${result.score}`, result.position]));
      const out = new Map<string, number>();
      for (const key of claimed) {
        const query = queryByKey.get(key)!;
        const position = byPair.get(`${query.mapUid}:${query.score}`);
        if (position !== undefined) out.set(key, position);
      }
      return out;
    },
    { ttlSeconds: 2 * DAY_SECONDS, lockSeconds: 600 },
  );
}
