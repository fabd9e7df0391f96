import "server-only";
import { assertAdmin } from "@/lib/actor";
import type { ActingUser } from "@/lib/actor";
import { retryJobRecord } from "@/lib/queue";

/**
 * Runs a failed job again (in-process: the same record, attempts reset; QStash: a new message with
 * the same payload). Retrying one that is already queued again answers `already` and runs nothing twice.
 */
export async function retryJob(actor: ActingUser, jobId: string) {
  assertAdmin(actor);
  return retryJobRecord(jobId);
}
