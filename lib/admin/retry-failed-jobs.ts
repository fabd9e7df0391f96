import "server-only";
import { assertAdmin } from "@/lib/actor";
import type { ActingUser } from "@/lib/actor";
import { getDb } from "@/lib/db";
import { retryJobRecord } from "@/lib/queue";

/** One click retries at most this many, oldest first; a bigger pile is a symptom to look at first. */
const RETRY_ALL_LIMIT = 100;

/**
 * "Retry all failed": each failed job as `retryJob` would, one after the other. A job that cannot be
 * retried (its job is no longer declared, its payload no longer fits) is left failed and counted.
 */
export async function retryFailedJobs(actor: ActingUser) {
  assertAdmin(actor);
  const db = await getDb();
  const failed = await db.jobRecord.findMany({ where: { status: "FAILED" }, orderBy: { createdAt: "asc" }, take: RETRY_ALL_LIMIT, select: { id: true } });
  let retried = 0;
  let refused = 0;
  for (const { id } of failed) {
    try {
      const result = await retryJobRecord(id);
      if (result.outcome !== "already") retried += 1;
    } catch {
      refused += 1;
    }
  }
  // Counted before any of them could fail again, so a quick new failure is not taken for one left over.
  return { retried, refused, more: failed.length === RETRY_ALL_LIMIT };
}
