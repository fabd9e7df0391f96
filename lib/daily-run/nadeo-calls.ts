import "server-only";
import { getDb } from "@/lib/db";
import { getTrackmania } from "@/lib/trackmania";

/**
 * Counts Nadeo calls made by user checks into their DailyRun. The client's counters are per
 * process and shared by everything running in it, and user checks run side by side (flow control
 * allows two), so a plain before/after diff per check would count overlapping calls twice. Instead
 * one cursor per process advances over the counters: each check, when it ends, takes the calls made
 * since the cursor and moves it, so every call made while a check runs is counted exactly once.
 * Calls made while no check runs (a map search, a page) are skipped by resetting the cursor when the
 * first check starts. With QStash each invocation has its own process or shares a warm one; either way
 * the counts add up in the DailyRun row through one atomic merge per check.
 */

type Counts = Record<string, number>;

const holder = globalThis as typeof globalThis & { __trackwatchNadeoCursor?: { inFlight: number; cursor: Counts } };

function state() {
  holder.__trackwatchNadeoCursor ??= { inFlight: 0, cursor: {} };
  return holder.__trackwatchNadeoCursor;
}

function snapshot(): Counts {
  return { ...getTrackmania().stats().byEndpoint };
}

function difference(now: Counts, before: Counts): Counts {
  const diff: Counts = {};
  for (const [endpoint, count] of Object.entries(now)) {
    const delta = count - (before[endpoint] ?? 0);
    if (delta > 0) diff[endpoint] = delta;
  }
  return diff;
}

/** Starts counting for one check; call the returned function once when the check ends (also on failure). */
export function startCountingNadeoCalls(): () => Counts {
  const current = state();
  if (current.inFlight === 0) current.cursor = snapshot();
  current.inFlight += 1;
  let done = false;
  return () => {
    if (done) return {};
    done = true;
    current.inFlight -= 1;
    const now = snapshot();
    const calls = difference(now, current.cursor);
    current.cursor = now;
    return calls;
  };
}

/** Adds per-endpoint counts to a DailyRun's `nadeoCalls` in one statement, so concurrent checks never lose each other's counts. */
export async function addNadeoCalls(dailyRunId: string, calls: Counts): Promise<void> {
  if (Object.keys(calls).length === 0) return;
  const db = await getDb();
  await db.$executeRaw`
    UPDATE "DailyRun" AS run
    SET "nadeoCalls" = (
      SELECT COALESCE(jsonb_object_agg(merged.key, merged.total), '{}'::jsonb)
      FROM (
        SELECT entries.key, SUM(entries.value::int) AS total
        FROM (
          SELECT key, value FROM jsonb_each_text(COALESCE(run."nadeoCalls", '{}'::jsonb))
          UNION ALL
          SELECT key, value FROM jsonb_each_text(${JSON.stringify(calls)}::jsonb)
        ) AS entries
        GROUP BY entries.key
      ) AS merged
    )
    WHERE run.id = ${dailyRunId}`;
}

/** Total of a `nadeoCalls` value. */
export function totalCalls(calls: unknown): number {
  if (calls === null || typeof calls !== "object") return 0;
  return Object.values(calls as Record<string, unknown>).reduce<number>((sum, value) => sum + (typeof value === "number" ? value : 0), 0);
}
