import "server-only";
import type { Span } from "@opentelemetry/api";
import { getDb } from "@/lib/db";
import { isUniqueViolation } from "@/lib/errors";
import type { DailyRun } from "@/lib/generated/prisma/client";
import { prefetchWatchPositions } from "@/lib/checks";
import { nadeoFlowControl, userCheckJob } from "@/lib/jobs/user-check";
import type { DailyRunPayload } from "@/lib/jobs/daily-run";
import { ATTR, log, SPAN, withIds, withSpan } from "@/lib/observability";
import { dailyRunClock } from "./clock";
import { addNadeoCalls, startCountingNadeoCalls } from "./nadeo-calls";
import { eligibleUserWhere, finishDailyRunIfComplete } from "./run-stats";
import { enqueueDigestSend, MAX_SEND_ATTEMPTS } from "./send-digest";
import { dayLeaderboardKey, hourRunKey, hourSlot, localDayAndHour, manualSlot } from "./time";

/**
 * Starts (or joins) a daily run: records it as a DailyRun row and fans out one `user-check` per due
 * user. A scheduled run covers one hour slot: a second trigger for the same slot (the embedded
 * scheduler and the cron route, a retried message) reuses the row, and the per-user deduplication
 * id `user-check:<userId>:<day>` keeps anyone from being queued twice; its checks share each map's
 * top with the other scheduled runs of the same UTC day (`dayLeaderboardKey`). A run started by hand
 * (`everyone`) gets its own slot and checks every eligible user whose digest for their day is not
 * written yet, whatever their hour.
 */

export type StartDailyRunOptions = Pick<DailyRunPayload, "trigger"> & {
  everyone?: boolean;
  /**
   * Checks this one user now, whatever their hour (an admin's "run for one user"): its own slot, and
   * a fresh message, since an earlier check of theirs today may hold the usual deduplication id. Their
   * digest for the day is still the unit of idempotency: a PENDING one is finished, a written one is left alone.
   */
  userId?: string;
  /** Defaults to the daily-run clock (the sandbox world's time on the sandbox). */
  now?: Date;
};

export type StartedDailyRun = { run: DailyRun; queued: number; alreadyQueued: number; requeuedSends: number };

/** Composed digests whose send message was lost, and failed ones with attempts left, get another send this long after their last change. */
const STUCK_DIGEST_MS = 15 * 60_000;

/** The `daily-run.plan` stage: one span, whose run id every span and log line beneath it carries. */
export function startDailyRun(options: StartDailyRunOptions): Promise<StartedDailyRun> {
  return withSpan(SPAN.dailyRunPlan, { [ATTR.trigger]: options.trigger, [ATTR.userId]: options.userId }, async (span) => {
    const now = options.now ?? dailyRunClock();
    const userId = options.userId;
    const everyone = (options.everyone ?? false) || userId !== undefined;
    const slot = userId !== undefined ? `${manualSlot(now)}+${userId}` : everyone ? manualSlot(now) : hourSlot(now);
    const run = await dailyRunForSlot(slot, options.trigger, now);
    span.setAttribute(ATTR.runId, run.id);
    return withIds({ [ATTR.runId]: run.id }, () => fanOut(run, { now, userId, everyone, slot }, span));
  });
}

async function fanOut(
  run: DailyRun,
  { now, userId, everyone, slot }: { now: Date; userId: string | undefined; everyone: boolean; slot: string },
  span: Span,
): Promise<StartedDailyRun> {
  const runKey = everyone ? slot : hourRunKey(now);
  // Scheduled runs share each map's top with the day's earlier hours; a run started by hand looks
  // afresh, as it always has (its checks still report only what each user has not been told).
  const leaderboardKey = everyone ? runKey : dayLeaderboardKey(now);
  const due = await listDueUsers(now, { everyone, userId });
  span.setAttribute(ATTR.usersDue, due.length);
  const db = await getDb();

  if (due.length > 0) {
    // Counted before queueing: the in-process queue may finish a check before the loop ends, and
    // the run must not look complete while users are still being queued.
    await db.dailyRun.update({
      where: { id: run.id },
      data: { usersDue: { increment: due.length }, status: "RUNNING", finishedAt: null, durationMs: null },
    });
  }
  if (due.length > 0) await prefetchPositions(run.id, due, { key: runKey, leaderboardKey, now });
  let settled = 0;
  let alreadyQueued = 0;
  try {
    for (const user of due) {
      const result = await userCheckJob.enqueue(
        { dailyRunId: run.id, userId: user.id, day: user.day, runKey, leaderboardKey, now: now.toISOString() },
        { deduplicationId: `user-check:${user.id}:${user.day}${userId !== undefined ? `:${slot}` : ""}`, flowControl: nadeoFlowControl },
      );
      settled += 1;
      if (result.deduplicated) alreadyQueued += 1;
    }
  } finally {
    // Users queued earlier (by another trigger) or not queued at all (the loop failed) are not this run's.
    const notQueued = due.length - settled + alreadyQueued;
    if (notQueued > 0) await db.dailyRun.update({ where: { id: run.id }, data: { usersDue: { decrement: notQueued } } });
    await finishDailyRunIfComplete(run.id);
  }

  const requeuedSends = await requeueStuckDigests(slot);
  if (due.length > 0 || requeuedSends > 0) {
    log.info("daily-run.planned", {
      message: `run ${run.id} (${slot}): ${due.length} user(s) due, ${settled - alreadyQueued} check(s) queued, ${requeuedSends} stuck send(s) queued again`,
      users_due: due.length,
      queued: settled - alreadyQueued,
      already_queued: alreadyQueued,
      requeued_sends: requeuedSends,
    });
  }
  return { run: await db.dailyRun.findUniqueOrThrow({ where: { id: run.id } }), queued: settled - alreadyQueued, alreadyQueued, requeuedSends };
}

/**
 * Driver watches beyond the read depth need one position request per 50 (map, time) pairs: asked for
 * every due user together here, so users share requests; each check then finds its answers cached.
 * A failure costs only sharing: the checks ask for what is missing themselves.
 */
async function prefetchPositions(dailyRunId: string, due: readonly DueUser[], run: { key: string; leaderboardKey: string; now: Date }): Promise<void> {
  await withSpan(SPAN.dailyRunPrefetch, { [ATTR.usersDue]: due.length }, async () => {
    const stopCounting = startCountingNadeoCalls();
    try {
      await prefetchWatchPositions(
        due.map((user) => user.id),
        run,
      );
    } catch (error) {
      log.warn("daily-run.prefetch-failed", { message: "reading watch positions ahead failed; each check will ask itself", error });
    } finally {
      await addNadeoCalls(dailyRunId, stopCounting());
    }
  });
}

async function dailyRunForSlot(slot: string, trigger: string, startedAt: Date): Promise<DailyRun> {
  const db = await getDb();
  const existing = await db.dailyRun.findUnique({ where: { slot } });
  if (existing) return existing;
  try {
    return await db.dailyRun.create({ data: { slot, trigger, startedAt } });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return db.dailyRun.findUniqueOrThrow({ where: { slot } });
  }
}

export type DueUser = { id: string; day: string };

/**
 * Users due at `now`: eligible (see `eligibleUserWhere`), the hour in their time zone equals their
 * digest hour (unless `everyone`), and no digest yet for their local day. Time zones are resolved
 * once each, so the query stays one round trip however many users there are.
 */
export async function listDueUsers(now: Date, { everyone = false, userId }: { everyone?: boolean; userId?: string } = {}): Promise<DueUser[]> {
  const db = await getDb();
  const eligible = userId === undefined ? eligibleUserWhere : { ...eligibleUserWhere, id: userId };
  const zones = await db.user.findMany({ where: eligible, distinct: ["timezone"], select: { timezone: true } });
  if (zones.length === 0) return [];
  const local = new Map(zones.map(({ timezone }) => [timezone, localDayAndHour(now, timezone)]));
  const users = await db.user.findMany({
    where: {
      AND: [
        eligible,
        {
          OR: [...local].map(([timezone, { day, hour }]) => ({
            timezone,
            ...(everyone ? {} : { digestHour: hour }),
            // One user asked for by name: a digest still PENDING (its check lost or failed) is finished by this run.
            digests: { none: userId === undefined ? { day } : { day, status: { not: "PENDING" } } },
          })),
        },
      ],
    },
    select: { id: true, timezone: true },
    orderBy: { id: "asc" },
  });
  return users.map((user) => ({ id: user.id, day: local.get(user.timezone)!.day }));
}

/**
 * Gives digests stuck between compose and send another send message: COMPOSED ones whose message
 * was lost (a crash right after composing, a queue that gave up while a claim was held) and FAILED
 * ones with attempts left. Sending is idempotent, so a digest that was in fact fine is not sent twice.
 */
async function requeueStuckDigests(slot: string): Promise<number> {
  const db = await getDb();
  const before = new Date(Date.now() - STUCK_DIGEST_MS);
  const stuck = await db.digest.findMany({
    where: {
      updatedAt: { lt: before },
      OR: [{ status: "COMPOSED" }, { status: "FAILED", sendAttempts: { lt: MAX_SEND_ATTEMPTS } }],
    },
    select: { id: true },
    orderBy: { updatedAt: "asc" },
    take: 500,
  });
  for (const digest of stuck) await enqueueDigestSend(digest.id, { retryTag: slot });
  return stuck.length;
}
