import "server-only";
import { assertAdmin } from "@/lib/actor";
import type { ActingUser } from "@/lib/actor";
import { discardJobRecord } from "@/lib/queue";

/** Sets a queued or failed job aside for good (it never runs; the row stays). Refused once it runs. */
export async function discardJob(actor: ActingUser, jobId: string) {
  assertAdmin(actor);
  return discardJobRecord(jobId);
}
