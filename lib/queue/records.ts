import "server-only";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { getQueue } from "./queue";
import { getJob, loadJobs } from "./registry";
import { toWirePayload } from "./wire";

/**
 * What an admin can do to a JobRecord, whichever driver runs the queue. Both operations are
 * compare-and-set on the record's status, so a double click or two admins at once act only once.
 */

export type RetryJobRecordResult =
  | { outcome: "requeued"; id: string }
  | { outcome: "republished"; id: string; messageId: string }
  | { outcome: "already"; id: string; status: string };

/**
 * Runs a FAILED job again. In-process the same record goes back to QUEUED with its attempts reset;
 * with QStash a new message with the same payload is published through the job's definition and the
 * old record is marked RETRIED (QStash cannot resend a message it has given up on).
 */
export async function retryJobRecord(id: string): Promise<RetryJobRecordResult> {
  const db = await getDb();
  const record = await db.jobRecord.findUnique({ where: { id } });
  if (!record) throw new AppError("not_found:job", "There is no such job.");
  const queue = getQueue();

  if (queue.driver === "in-process") {
    if (await queue.requeue(id)) return { outcome: "requeued", id };
    return alreadyOrRefuse(id);
  }

  await loadJobs();
  const job = getJob(record.job);
  if (!job) throw new AppError("conflict:job", `No job is declared as "${record.job}" any more: discard it instead.`);
  const payload = toWirePayload(record.payload);
  if (!job.schema.safeParse(payload).success) {
    throw new AppError("conflict:job", "Its payload no longer fits the job's schema, so it would fail again: discard it instead.");
  }
  const claimed = await db.jobRecord.updateMany({ where: { id, status: "FAILED" }, data: { status: "RETRIED" } });
  if (claimed.count === 0) return alreadyOrRefuse(id);
  try {
    // The dedup id makes a publish repeated after a crash between these two writes a no-op.
    const { messageId } = await queue.enqueue(job, payload, { deduplicationId: `retry:${id}` });
    await db.jobRecord.update({ where: { id }, data: { retriedAs: messageId } });
    return { outcome: "republished", id, messageId };
  } catch (error) {
    await db.jobRecord.update({ where: { id }, data: { status: "FAILED" } });
    throw new AppError("unavailable:queue", "QStash did not take the new message; the job is still failed. Try again shortly.", { cause: error });
  }
}

/** A FAILED or QUEUED job is set aside for good: it never runs, and its row stays. */
export async function discardJobRecord(id: string): Promise<{ outcome: "discarded" | "already"; id: string }> {
  const db = await getDb();
  const discarded = await db.jobRecord.updateMany({
    where: { id, status: { in: ["QUEUED", "FAILED"] } },
    data: { status: "DISCARDED", finishedAt: new Date() },
  });
  const queue = getQueue();
  if (discarded.count > 0) {
    if (queue.driver === "in-process") queue.forget(id);
    return { outcome: "discarded", id };
  }
  const record = await db.jobRecord.findUnique({ where: { id }, select: { status: true } });
  if (!record) throw new AppError("not_found:job", "There is no such job.");
  if (record.status === "DISCARDED") return { outcome: "already", id };
  if (record.status === "RUNNING") throw new AppError("conflict:job", "This job started running before it could be discarded; wait for it to finish or fail.");
  throw new AppError("conflict:job", `This job is ${describeStatus(record.status)}; only queued or failed jobs can be discarded.`);
}

async function alreadyOrRefuse(id: string): Promise<RetryJobRecordResult> {
  const record = await (await getDb()).jobRecord.findUnique({ where: { id }, select: { status: true } });
  if (!record) throw new AppError("not_found:job", "There is no such job.");
  // Someone retried it a moment ago: fine, it runs once.
  if (record.status === "QUEUED" || record.status === "RUNNING" || record.status === "RETRIED") {
    return { outcome: "already", id, status: record.status };
  }
  throw new AppError("conflict:job", `This job is ${describeStatus(record.status)}; only failed jobs can be retried.`);
}

function describeStatus(status: string): string {
  return status === "SUCCEEDED" ? "already done" : status.toLowerCase();
}
