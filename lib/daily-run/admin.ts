import "server-only";
import { z } from "zod";
import { assertAdmin } from "@/lib/auth/roles";
import type { ActingUser } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { DailyRun, Prisma } from "@/lib/generated/prisma/client";
import { getSandbox } from "@/lib/trackmania";
import { dailyRunClock } from "./clock";
import { startDailyRun, type StartedDailyRun } from "./start-daily-run";

export type DailyRunView = DailyRun & { nadeoCallsByEndpoint: Record<string, number>; nadeoCallsTotal: number };

function toView(run: DailyRun): DailyRunView {
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
  return runs.map(toView);
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

/** "Run daily check now": every eligible user without a digest for their day, whatever their hour. */
export async function runDailyCheckNow(actor: ActingUser): Promise<StartedDailyRun> {
  assertAdmin(actor);
  return startDailyRun({ trigger: "admin", everyone: true });
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
