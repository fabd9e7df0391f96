import "server-only";
import { greetingName } from "@/lib/users";
import { dailyRunClock } from "./clock";
import { collectDriverWatchReports, collectMapperAlertReports, markReported, markWatchesReported } from "@/lib/checks";
import { getAppConfig } from "@/lib/app-config";
import { appUrl } from "@/lib/config";
import { getDb } from "@/lib/db";
import { composeDigest } from "@/lib/digest";
import { isUniqueViolation } from "@/lib/errors";
import type { Digest } from "@/lib/generated/prisma/client";
import type { UserCheckPayload } from "@/lib/jobs/user-check";
import { getKv } from "@/lib/kv";
import { ATTR, SPAN, withSpan } from "@/lib/observability";
import { unsubscribeUrls } from "@/lib/unsubscribe";
import { addNadeoCalls, startCountingNadeoCalls } from "./nadeo-calls";
import { finishDailyRunIfComplete, isEligible } from "./run-stats";
import { enqueueDigestSend, MAX_SEND_ATTEMPTS } from "./send-digest";

/**
 * One user's part of a daily run (the `user-check` job): check their alerts, then write their
 * digest for the day. The Digest row (unique per user and day) is the unit of idempotency:
 * - a delivery that finds it COMPOSED, SENT, FAILED or EMPTY does nothing new (it only makes sure a
 *   composed digest has its send queued, in case a crash came between the two);
 * - the write that moves it from PENDING is conditional and carries the notifications, the alerts'
 *   `reportedUntil` marks and the run's counts in the same transaction, so two deliveries racing
 *   cannot both report, and a crash before the commit loses nothing (the records stay unreported
 *   and the next delivery finds them again).
 */

export type UserCheckOutcome = "composed" | "kept" | "empty" | "already-done" | "skipped";

/** The `daily-run.check-user` stage: one span per delivery, with the run and user ids and its outcome. */
export function checkUserForDigest(payload: UserCheckPayload): Promise<UserCheckOutcome> {
  return withSpan(SPAN.dailyRunCheckUser, { [ATTR.runId]: payload.dailyRunId, [ATTR.userId]: payload.userId, [ATTR.day]: payload.day }, async (span) => {
    const outcome = await checkUser(payload);
    span.setAttribute(ATTR.outcome, outcome);
    return outcome;
  });
}

async function checkUser(payload: UserCheckPayload): Promise<UserCheckOutcome> {
  const { dailyRunId, userId, day } = payload;
  const db = await getDb();
  const user = await db.user.findUnique({
    where: { id: userId },
    select: {
      name: true,
      email: true,
      tmDisplayName: true,
      timezone: true,
      emailNotifications: true,
      emailVerifiedAt: true,
      disabledAt: true,
      _count: { select: { mapperAlerts: true, driverWatches: true } },
    },
  });
  if (!user || !isEligible(user)) {
    // Unverified, disabled or deleted since the fan-out: no digest. Counted once as checked, so
    // the run can still finish.
    const first = await getKv().set(`daily-run:${dailyRunId}:skipped:${userId}`, 1, { onlyIfAbsent: true, ttlSeconds: 3 * 86_400 });
    if (first) await db.dailyRun.updateMany({ where: { id: dailyRunId }, data: { usersChecked: { increment: 1 } } });
    await finishDailyRunIfComplete(dailyRunId);
    return "skipped";
  }

  const digest = await pendingDigest(userId, day, dailyRunId);
  if (digest.status !== "PENDING") {
    await requeueSendIfNeeded(digest);
    return "already-done";
  }

  const stopCounting = startCountingNadeoCalls();
  let collected: Awaited<ReturnType<typeof collectMapperAlertReports>>;
  let watched: Awaited<ReturnType<typeof collectDriverWatchReports>>;
  try {
    const run = { key: payload.runKey, leaderboardKey: payload.leaderboardKey, now: new Date(payload.now) };
    collected = await collectMapperAlertReports(userId, run);
    watched = await collectDriverWatchReports(userId, run);
  } finally {
    // Calls made count even when the check fails: they were spent.
    await addNadeoCalls(dailyRunId, stopCounting());
  }

  const appConfig = await getAppConfig();
  const composed = await composeDigest({
    // Every email greets by one rule (lib/users): the display name, else the Trackmania name, else the address.
    reader: { name: greetingName(user) },
    day,
    timeZone: user.timezone,
    checkedAt: new Date(payload.now),
    reports: collected.reports,
    watchReports: watched.reports,
    mapsChecked: collected.mapsChecked,
    maxRecordsPerMapInMail: appConfig.maxRecordsPerMapInMail,
    unsubscribeUrl: unsubscribeUrls(userId).oneClick,
    settingsUrl: appUrl("/settings").toString(),
    historyUrl: appUrl("/history").toString(),
    digestUrl: appUrl(`/history/${digest.id}`).toString(),
    mapsUrl: appUrl("/maps/").toString(),
  });

  // With email notifications off the digest is kept in history as it would have been sent, and not sent.
  const emailed = user.emailNotifications;
  const won = await db.$transaction(async (tx) => {
    const claimed = await tx.digest.updateMany({
      where: { id: digest.id, status: "PENDING" },
      data:
        composed.status === "COMPOSED"
          ? {
              status: emailed ? "COMPOSED" : "NOT_EMAILED",
              subject: composed.subject,
              html: composed.html,
              text: composed.text,
              content: composed.content,
              recordCount: composed.recordCount,
              composedAt: dailyRunClock(),
              dailyRunId,
            }
          : { status: "EMPTY", content: composed.content, recordCount: 0, composedAt: dailyRunClock(), dailyRunId },
    });
    if (claimed.count === 0) return false;
    if (composed.notifications.length > 0) {
      await tx.notification.createMany({
        data: composed.notifications.map((notification) => ({ ...notification, userId, digestId: digest.id })),
      });
    }
    await markReported(tx, collected.marks);
    await markWatchesReported(tx, watched.marks);
    await tx.dailyRun.updateMany({
      where: { id: dailyRunId },
      data: {
        usersChecked: { increment: 1 },
        mapsChecked: { increment: collected.mapsChecked + watched.watchesChecked },
        recordsFound: { increment: composed.recordCount },
      },
    });
    return true;
  });

  if (!won) {
    // Another delivery of this message composed it first; make sure its send is queued and stop.
    const current = await db.digest.findUniqueOrThrow({ where: { id: digest.id } });
    await requeueSendIfNeeded(current);
    return "already-done";
  }
  if (composed.status === "COMPOSED" && emailed) await enqueueDigestSend(digest.id);
  await finishDailyRunIfComplete(dailyRunId);
  if (composed.status !== "COMPOSED") return "empty";
  return emailed ? "composed" : "kept";
}

/** The user's digest for the day, created PENDING (shown as "pending" in history) if it does not exist yet. */
async function pendingDigest(userId: string, day: string, dailyRunId: string): Promise<Digest> {
  const db = await getDb();
  const existing = await db.digest.findUnique({ where: { userId_day: { userId, day } } });
  if (existing) return existing;
  try {
    return await db.digest.create({ data: { userId, day, status: "PENDING", dailyRunId } });
  } catch (error) {
    // A concurrent delivery created it first.
    if (!isUniqueViolation(error)) throw error;
    return db.digest.findUniqueOrThrow({ where: { userId_day: { userId, day } } });
  }
}

async function requeueSendIfNeeded(digest: Pick<Digest, "id" | "status" | "sendAttempts">): Promise<void> {
  if (digest.status === "COMPOSED" || (digest.status === "FAILED" && digest.sendAttempts < MAX_SEND_ATTEMPTS)) {
    await enqueueDigestSend(digest.id);
  }
}
