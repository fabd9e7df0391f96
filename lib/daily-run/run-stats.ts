import "server-only";
import { dailyRunClock } from "./clock";
import { getDb } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { alertAdminsIfDailyRunFailed } from "./failure-alert";
import { MAX_SEND_ATTEMPTS } from "./send-digest";

/**
 * Who is checked each day: a verified address, an enabled account, something watched. Email
 * notifications off still checks (Settings promise the history keeps filling); only the email is skipped.
 */
export const eligibleUserWhere = {
  emailVerifiedAt: { not: null },
  disabledAt: null,
  OR: [{ mapperAlerts: { some: {} } }, { driverWatches: { some: {} } }],
} satisfies Prisma.UserWhereInput;

export function isEligible(user: {
  emailVerifiedAt: Date | null;
  disabledAt: Date | null;
  _count: { mapperAlerts: number; driverWatches: number };
}): boolean {
  return user.emailVerifiedAt !== null && user.disabledAt === null && user._count.mapperAlerts + user._count.driverWatches > 0;
}

/**
 * Marks a run FINISHED once every due user's check has been recorded. Conditional, so the checks
 * racing to be last finish it once; a run that has failed stays FAILED.
 */
export async function finishDailyRunIfComplete(dailyRunId: string): Promise<void> {
  const db = await getDb();
  const run = await db.dailyRun.findUnique({
    where: { id: dailyRunId },
    select: { status: true, usersDue: true, usersChecked: true, startedAt: true },
  });
  if (!run || run.status !== "RUNNING" || run.usersChecked < run.usersDue) return;
  const finishedAt = dailyRunClock();
  const finished = await db.dailyRun.updateMany({
    where: { id: dailyRunId, status: "RUNNING", usersChecked: { gte: run.usersDue } },
    data: { status: "FINISHED", finishedAt, durationMs: Math.max(0, finishedAt.getTime() - run.startedAt.getTime()) },
  });
  if (finished.count === 1) await alertAdminsIfDailyRunFailed(dailyRunId);
}

/**
 * A user check that gave up (its last retry failed): the run is marked FAILED with the reason for
 * the admin, and the user's digest for the day, if the check got as far as creating it, says in
 * history that the check failed. Nothing was marked reported, so the next digest carries whatever
 * this one would have. Later checks of the run still add their counts.
 */
export async function recordUserCheckFailure(failure: { dailyRunId: string; userId: string; day: string; reason: string }): Promise<void> {
  const db = await getDb();
  await db.digest.updateMany({
    where: { userId: failure.userId, day: failure.day, status: "PENDING" },
    data: {
      status: "FAILED",
      // Never sent: there is nothing to send.
      sendAttempts: MAX_SEND_ATTEMPTS,
      error: "Your maps could not be checked this time (Trackmania's services kept failing). Anything new will be in your next digest.",
    },
  });
  const run = await db.dailyRun.findUnique({ where: { id: failure.dailyRunId }, select: { startedAt: true, error: true } });
  if (!run) return;
  const finishedAt = dailyRunClock();
  const line = `User ${failure.userId}: ${failure.reason}`.slice(0, 500);
  await db.dailyRun.update({
    where: { id: failure.dailyRunId },
    data: {
      status: "FAILED",
      error: run.error ? `${run.error}\n${line}`.slice(-4000) : line,
      finishedAt,
      durationMs: Math.max(0, finishedAt.getTime() - run.startedAt.getTime()),
    },
  });
  await alertAdminsIfDailyRunFailed(failure.dailyRunId);
}
