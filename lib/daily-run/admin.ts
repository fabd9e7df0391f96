import "server-only";
import { z } from "zod";
import { assertAdmin } from "@/lib/actor";
import type { ActingUser } from "@/lib/actor";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { DailyRun, Prisma } from "@/lib/generated/prisma/client";
import { getSandbox } from "@/lib/trackmania";
import { dailyRunClock } from "./clock";
import { isEligible } from "./run-stats";
import { MAX_SEND_ATTEMPTS } from "./send-digest";
import { startDailyRun, type StartedDailyRun } from "./start-daily-run";
import { localDayAndHour } from "./time";

export type DailyRunView = DailyRun & { nadeoCallsByEndpoint: Record<string, number>; nadeoCallsTotal: number };

export function toDailyRunView(run: DailyRun): DailyRunView {
  const calls: Record<string, number> = {};
  if (run.nadeoCalls && typeof run.nadeoCalls === "object" && !Array.isArray(run.nadeoCalls)) {
    for (const [endpoint, count] of Object.entries(run.nadeoCalls)) if (typeof count === "number") calls[endpoint] = count;
  }
  return { ...run, nadeoCallsByEndpoint: calls, nadeoCallsTotal: Object.values(calls).reduce((sum, count) => sum + count, 0) };
}

/**
 * An automatic hourly trigger that found nobody due: finished at once, with nothing checked. The
 * schedule fires every hour, so most hours are these; listing them would bury the runs that did
 * something. Runs started by a person (admin, script) are always listed.
 */
export const idleTriggerWhere = { status: "FINISHED", usersDue: 0, trigger: { in: ["schedule", "cron"] } } satisfies Prisma.DailyRunWhereInput;

/** The latest daily runs that had users to check (or failed), with their stats, newest first — admins only. */
export async function listDailyRuns(actor: ActingUser, options: { limit?: number } = {}): Promise<DailyRunView[]> {
  assertAdmin(actor);
  const limit = z.number().int().min(1).max(100).default(20).parse(options.limit);
  const runs = await (await getDb()).dailyRun.findMany({ where: { NOT: idleTriggerWhere }, orderBy: { startedAt: "desc" }, take: limit });
  return runs.map(toDailyRunView);
}

/**
 * The heartbeat the list leaves out: how many triggers in the last day found nobody due, and when the
 * latest trigger of any kind fired (a schedule that stopped firing shows here first) — admins only.
 */
export async function getDailyTriggerHeartbeat(actor: ActingUser, now = dailyRunClock()): Promise<{ idleLastDay: number; lastTriggerAt: Date | null }> {
  assertAdmin(actor);
  const db = await getDb();
  const [idleLastDay, latest] = await Promise.all([
    db.dailyRun.count({ where: { ...idleTriggerWhere, startedAt: { gt: new Date(now.getTime() - 24 * 3_600_000) } } }),
    db.dailyRun.findFirst({ orderBy: { startedAt: "desc" }, select: { startedAt: true } }),
  ]);
  return { idleLastDay, lastTriggerAt: latest?.startedAt ?? null };
}

export const runDailyCheckNowSchema = z.object({
  userId: z.string().regex(/^[\w-]{1,64}$/, "No such user.").optional(),
  email: z.string().trim().toLowerCase().pipe(z.email("Enter an email address, e.g. name@example.com.")).optional(),
});

/**
 * "Run daily check now": every eligible user without a digest for their day, whatever their hour; or
 * one user (by id or email), checked now in a run of their own. Their Digest for the day stays the unit
 * of idempotency: one already written (sent, nothing new, kept with email off, being sent) is not
 * redone and the admin is told why; one whose check failed has nothing in it and is checked again.
 */
export async function runDailyCheckNow(actor: ActingUser, input: z.input<typeof runDailyCheckNowSchema> = {}): Promise<StartedDailyRun> {
  assertAdmin(actor);
  const { userId, email } = runDailyCheckNowSchema.parse(input);
  if (userId === undefined && email === undefined) return startDailyRun({ trigger: "admin", everyone: true });

  const db = await getDb();
  const user = await db.user.findUnique({
    where: userId !== undefined ? { id: userId } : { email: email! },
    select: { id: true, email: true, timezone: true, emailVerifiedAt: true, disabledAt: true, _count: { select: { mapperAlerts: true, driverWatches: true } } },
  });
  if (!user) {
    throw userId !== undefined ? new AppError("not_found:user", "No such user.") : new AppError("not_found:email", "No account uses this email address.");
  }
  if (!isEligible(user)) throw new AppError("conflict:user", `${user.email} is not checked: ${whyNotEligible(user)}.`);

  const now = dailyRunClock();
  const { day } = localDayAndHour(now, user.timezone);
  const digest = await db.digest.findUnique({ where: { userId_day: { userId: user.id, day } }, select: { id: true, status: true, subject: true, sentAt: true, sendAttempts: true } });
  if (digest) {
    const written = writtenDigestReason(digest);
    if (written) throw new AppError("conflict:digest", `${user.email} already has a digest for ${day}: ${written}. One digest a day: it is not checked or sent again.`);
    // The check failed and nothing was composed or marked reported: checking again is safe, and fills this same row.
    await db.digest.updateMany({ where: { id: digest.id, status: "FAILED", subject: null }, data: { status: "PENDING", error: null, sendAttempts: 0 } });
  }
  return startDailyRun({ trigger: "admin", userId: user.id, now });
}

function whyNotEligible(user: { emailVerifiedAt: Date | null; disabledAt: Date | null }): string {
  if (user.disabledAt) return "the account is disabled";
  if (!user.emailVerifiedAt) return "their email address is not confirmed yet";
  return "they watch nothing (no mapper alert, no driver watch)";
}

/** Why a digest already written for the day is left alone, or null when its check has to be (re)done. */
function writtenDigestReason(digest: { status: string; subject: string | null; sentAt: Date | null; sendAttempts: number }): string | null {
  switch (digest.status) {
    case "SENT":
      return `it was sent${digest.sentAt ? ` at ${digest.sentAt.toISOString().replace("T", " ").slice(0, 16)} UTC` : ""}`;
    case "EMPTY":
      return "it was checked and nothing new was found";
    case "NOT_EMAILED":
      return "it was checked and kept in their history (email notifications are off)";
    case "COMPOSED":
      return "it is being sent";
    case "MAYBE_SENT":
      return "its email may have been sent (the email service never confirmed it)";
    case "FAILED":
      if (digest.subject === null) return null;
      return digest.sendAttempts < MAX_SEND_ATTEMPTS ? "its email failed and is being retried" : "its email failed: retry it from its run's page";
    default:
      return null;
  }
}

export type SandboxClock = { now: Date; realNow: Date; aheadMs: number };

/** The sandbox world's clock, or null when the app talks to the real Trackmania services. */
export function getSandboxClock(actor: ActingUser): SandboxClock | null {
  assertAdmin(actor);
  const sandbox = getSandbox();
  if (!sandbox) return null;
  const now = sandbox.now();
  const realNow = new Date();
  return { now, realNow, aheadMs: Math.max(0, now.getTime() - realNow.getTime()) };
}

export const advanceSandboxSchema = z.object({ days: z.coerce.number().int().min(1).max(30) });

/**
 * Moves the sandbox world forward so new records appear (demos, browser tests). Works with the wall
 * clock too: the sandbox adds the advance to real elapsed time. The daily run reads the same clock,
 * so the next run sees a new day.
 */
export function advanceSandboxClock(actor: ActingUser, input: z.input<typeof advanceSandboxSchema>): SandboxClock {
  assertAdmin(actor);
  const { days } = advanceSandboxSchema.parse(input);
  const sandbox = getSandbox();
  if (!sandbox) throw new AppError("bad_request:sandbox", "The sandbox is not in use: this app talks to the real Trackmania services.");
  sandbox.advance(days * 86_400_000);
  return getSandboxClock(actor)!;
}
