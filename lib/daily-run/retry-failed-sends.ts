import "server-only";
import { z } from "zod";
import { assertAdmin } from "@/lib/actor";
import type { ActingUser } from "@/lib/actor";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { checkFailedWhere, sendFailedForGoodWhere } from "./digest-states";
import { enqueueDigestSend, SEND_LEASE_MS } from "./send-digest";

export const retryFailedSendsSchema = z.object({
  runId: z.string().regex(/^[\w-]{1,64}$/, "No such daily run."),
  digestId: z.string().regex(/^[\w-]{1,64}$/, "No such digest.").optional(),
});

export type RetriedSends = { requeued: number; failedChecks: number };

/**
 * "Retry failed sends": the run's digests whose send failed for good (one of them with `digestId`)
 * get a fresh set of attempts. They stay in their send batch, so the retry sends that same batch under
 * the same idempotency key (`digest-batch:<sendBatchId>`): a member the provider did accept earlier is
 * answered with the first send's id and delivered nothing new, one it never accepted is delivered now.
 * Every member of those batches that failed for good is retried with them (a batch is sent whole, so
 * a member left FAILED could go out and stay recorded as failed); SENT digests are never touched.
 * A check that failed has no email to send: it is counted, not retried (run the check again instead).
 * Admins only.
 */
export async function retryFailedSends(actor: ActingUser, input: z.input<typeof retryFailedSendsSchema>): Promise<RetriedSends> {
  assertAdmin(actor);
  const { runId, digestId } = retryFailedSendsSchema.parse(input);
  const db = await getDb();
  const run = await db.dailyRun.findUnique({ where: { id: runId }, select: { id: true } });
  if (!run) throw new AppError("not_found:daily_run", "No such daily run.");

  const chosen = await db.digest.findMany({
    where: { dailyRunId: run.id, ...(digestId ? { id: digestId } : {}), ...sendFailedForGoodWhere },
    select: { id: true, sendBatchId: true },
  });
  const failedChecks = await db.digest.count({ where: { dailyRunId: run.id, ...(digestId ? { id: digestId } : {}), ...checkFailedWhere } });
  if (digestId && chosen.length === 0) {
    if (failedChecks > 0) throw new AppError("conflict:digest", "This user's check failed: nothing was composed, so there is no email to send. Run the check for this user again instead.");
    throw new AppError("conflict:digest", "This digest's send has not failed for good (it was sent, or is still being sent): nothing to retry.");
  }
  if (chosen.length === 0) return { requeued: 0, failedChecks };

  const batchIds = [...new Set(chosen.map((digest) => digest.sendBatchId).filter((id): id is string => id !== null))];
  // The claim of their batch is over, so the next send takes the batch over at once instead of waiting for a lease.
  const lapsed = new Date(Date.now() - SEND_LEASE_MS - 1_000);
  const requeued = await db.$transaction(async (tx) => {
    const members = await tx.digest.findMany({
      where: { ...sendFailedForGoodWhere, OR: [{ id: { in: chosen.map((digest) => digest.id) } }, { sendBatchId: { in: batchIds } }] },
      select: { id: true, dailyRunId: true },
    });
    const reset: typeof members = [];
    for (const member of members) {
      // Conditional: a concurrent retry of the same digest resets (and uncounts) it once.
      const { count } = await tx.digest.updateMany({
        where: { id: member.id, ...sendFailedForGoodWhere },
        data: { status: "COMPOSED", sendAttempts: 0, error: null, updatedAt: lapsed },
      });
      if (count === 1) reset.push(member);
    }
    // No longer failed: the run counts them again as sent or failed when the retry settles.
    const perRun = new Map<string, number>();
    for (const member of reset) if (member.dailyRunId) perRun.set(member.dailyRunId, (perRun.get(member.dailyRunId) ?? 0) + 1);
    for (const [id, count] of perRun) await tx.dailyRun.updateMany({ where: { id }, data: { emailsFailed: { decrement: count } } });
    return reset;
  });
  const retryTag = `admin-retry-${Date.now()}`;
  for (const member of requeued) await enqueueDigestSend(member.id, { retryTag });
  return { requeued: requeued.length, failedChecks: digestId ? 0 : failedChecks };
}
