import "server-only";
import { assertAdmin } from "@/lib/actor";
import type { ActingUser } from "@/lib/actor";
import { getConfig } from "@/lib/config";
import { getDb } from "@/lib/db";
import type { JobStatus } from "@/lib/generated/prisma/client";

export interface QueueBacklog {
  driver: "qstash" | "in-process";
  counts: Record<JobStatus, number>;
  /** Milliseconds since the oldest QUEUED job was due (0 when it is not due yet); null when none is queued. */
  oldestQueuedAgeMs: number | null;
}

/** Job counts by status and how long the oldest queued job has waited, for the admin overview. */
export async function getQueueBacklog(actor: ActingUser): Promise<QueueBacklog> {
  assertAdmin(actor);
  const db = await getDb();
  const [groups, oldest] = await Promise.all([
    db.jobRecord.groupBy({ by: ["status"], _count: { _all: true } }),
    db.jobRecord.findFirst({ where: { status: "QUEUED" }, orderBy: { runAt: "asc" }, select: { runAt: true } }),
  ]);
  const counts: Record<JobStatus, number> = { QUEUED: 0, RUNNING: 0, SUCCEEDED: 0, FAILED: 0, DISCARDED: 0, RETRIED: 0 };
  for (const group of groups) counts[group.status] = group._count._all;
  return {
    driver: getConfig().drivers.queue,
    counts,
    oldestQueuedAgeMs: oldest ? Math.max(0, Date.now() - oldest.runAt.getTime()) : null,
  };
}
