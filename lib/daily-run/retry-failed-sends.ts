import "server-only";
import { z } from "zod";
import { assertAdmin } from "@/lib/actor";
import type { ActingUser } from "@/lib/actor";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { checkFailedWhere, retryableSendWhere, sendFailedForGoodWhere, sendUnconfirmedWhere, unconfirmedRetryableWhere } from "./digest-states";
import { enqueueDigestSend, SEND_LEASE_MS } from "./send-digest";

export const retryFailedSendsSchema = z.object({
  runId: z.string().regex(/^[\w-]{1,64}$/, "No such daily run."),
  digestId: z.string().regex(/^[\w-]{1,64}$/, "No such digest.").optional(),
});

export type RetriedSends = { requeued: number; failedChecks: number };

/**
 * "Retry failed sends": the run's digests whose send stopped (one of them with `digestId`) get a
 * fresh set of attempts, by what the provider may hold for them (see send-digest.ts):
 * - FAILED for good: nothing can have gone out. It leaves its batch and is claimed into a new one,
 *   under a new key, with the user's address of today and only if they still want the email; at any
 *   age, since no key has to be remembered for it.
 * - "may have been sent" while its key is trusted (KEY_TRUSTED_MS): sent again in its batch, under
 *   the same key, with every member of that batch in the same state, so the request is the one the
 *   provider may hold: what it accepted is answered with the first ids and delivered nothing new.
 * - "may have been sent" past that: never. The provider may have forgotten the key, and a second
 *   send could deliver it twice.
 * SENT digests are never touched. A check that failed has no email to send: it is counted, not
 * retried (run the check again instead). Admins only.
 */
export async function retryFailedSends(actor: ActingUser, input: z.input<typeof retryFailedSendsSchema>): Promise<RetriedSends> {
  assertAdmin(actor);
  const { runId, digestId } = retryFailedSendsSchema.parse(input);
  const db = await getDb();
  const run = await db.dailyRun.findUnique({ where: { id: runId }, select: { id: true } });
  if (!run) throw new AppError("not_found:daily_run", "No such daily run.");

  const now = new Date();
  const only = { dailyRunId: run.id, ...(digestId ? { id: digestId } : {}) };
  const chosen = await db.digest.findMany({ where: { ...only, ...retryableSendWhere(now) }, select: { id: true, status: true, sendBatchId: true, dailyRunId: true } });
  const failedChecks = await db.digest.count({ where: { ...only, ...checkFailedWhere } });
  if (digestId && chosen.length === 0) {
    if (failedChecks > 0) throw new AppError("conflict:digest", "This user's check failed: nothing was composed, so there is no email to send. Run the check for this user again instead.");
    if ((await db.digest.count({ where: { ...only, ...sendUnconfirmedWhere } })) > 0) {
      throw new AppError(
        "conflict:digest",
        "This digest may have been sent: the email service never confirmed it, and it no longer remembers the send, so sending it again could deliver it twice. It is not retried.",
      );
    }
    throw new AppError("conflict:digest", "This digest's send has not failed for good (it was sent, or is still being sent): nothing to retry.");
  }
  if (chosen.length === 0) return { requeued: 0, failedChecks };

  const unconfirmedBatches = [...new Set(chosen.flatMap((digest) => (digest.status === "MAYBE_SENT" && digest.sendBatchId ? [digest.sendBatchId] : [])))];
  // The claim of their batch is over, so the next send takes the batch over at once instead of waiting for a lease.
  const lapsed = new Date(now.getTime() - SEND_LEASE_MS - 1_000);
  const requeued = await db.$transaction(async (tx) => {
    const reset: { id: string; dailyRunId: string | null; counted: boolean }[] = [];
    // Conditional updates: a concurrent retry of the same digest resets (and uncounts) it once.
    for (const digest of chosen.filter((digest) => digest.status === "FAILED")) {
      const { count } = await tx.digest.updateMany({
        where: { id: digest.id, ...sendFailedForGoodWhere },
        data: { status: "COMPOSED", sendAttempts: 0, error: null, sendBatchId: null, sendTo: null, sendKeyUsedAt: null },
      });
      if (count === 1) reset.push({ id: digest.id, dailyRunId: digest.dailyRunId, counted: true });
    }
    const unconfirmed = await tx.digest.findMany({
      where: { ...unconfirmedRetryableWhere(now), OR: [{ id: { in: chosen.map((digest) => digest.id) } }, { sendBatchId: { in: unconfirmedBatches } }] },
      select: { id: true, dailyRunId: true },
    });
    for (const member of unconfirmed) {
      const { count } = await tx.digest.updateMany({
        where: { id: member.id, ...unconfirmedRetryableWhere(now) },
        data: { status: "COMPOSED", sendAttempts: 0, error: null, updatedAt: lapsed },
      });
      if (count === 1) reset.push({ ...member, counted: false });
    }
    // No longer failed: the run counts them again as sent or failed when the retry settles ("may have been sent" was never counted).
    const perRun = new Map<string, number>();
    for (const member of reset) if (member.counted && member.dailyRunId) perRun.set(member.dailyRunId, (perRun.get(member.dailyRunId) ?? 0) + 1);
    for (const [id, count] of perRun) await tx.dailyRun.updateMany({ where: { id }, data: { emailsFailed: { decrement: count } } });
    return reset;
  });
  const retryTag = `admin-retry-${now.getTime()}`;
  for (const member of requeued) await enqueueDigestSend(member.id, { retryTag });
  return { requeued: requeued.length, failedChecks: digestId ? 0 : failedChecks };
}
