import { z } from "zod";
import { defineJob } from "@/lib/queue";

// user-check: one user's part of a daily run — check their alerts and write their Digest for the day
// (lib/daily-run/check-user.ts). Fanned out by daily-run, one message per due user.

export const userCheckPayloadSchema = z.object({
  dailyRunId: z.string().min(1).max(64),
  userId: z.string().min(1).max(64),
  /** The user's local day the digest covers, fixed when the run fanned out. */
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be YYYY-MM-DD"),
  /** Shared by every user of the run, so a map's leaderboard is fetched once per run. */
  runKey: z.string().min(1).max(80),
  /** The run's clock when it fanned out (ISO). */
  now: z.iso.datetime(),
});
export type UserCheckPayload = z.infer<typeof userCheckPayloadSchema>;

export const USER_CHECK_RETRIES = 3;

/** At most two user checks talk to Nadeo at once, across every instance (QStash flow control). */
export const nadeoFlowControl = { key: "nadeo", parallelism: 2 } as const;

export const userCheckJob = defineJob({
  name: "user-check",
  schema: userCheckPayloadSchema,
  retries: USER_CHECK_RETRIES,
  flowControl: nadeoFlowControl,
  async handle(payload, ctx) {
    // Loaded on first use: the domain module enqueues this job's followers, and a static import
    // both ways would be a cycle.
    const { checkUserForDigest } = await import("@/lib/daily-run/check-user");
    const { recordUserCheckFailure } = await import("@/lib/daily-run/run-stats");
    const { NonRetryableJobError } = await import("@/lib/queue");
    try {
      await checkUserForDigest(payload);
    } catch (error) {
      if (ctx.attempt > USER_CHECK_RETRIES || error instanceof NonRetryableJobError) {
        const reason = error instanceof Error ? error.message : String(error);
        await recordUserCheckFailure({ ...payload, reason: `check failed after ${ctx.attempt} attempt(s): ${reason}` });
      }
      throw error;
    }
  },
});
