import "server-only";
import { getDb } from "@/lib/db";

/**
 * A search nobody has worked on for this long was lost (every delivery of its message gave up, or
 * the queue dropped it): it ends as failed, so it neither spins forever nor blocks the next search.
 * Generous, because flow control can keep a queued search waiting behind others for a while.
 */
const STALLED_AFTER_MS = 30 * 60_000;

export async function expireStalledSearches(userId: string): Promise<void> {
  const db = await getDb();
  const before = new Date(Date.now() - STALLED_AFTER_MS);
  await db.mapSearchJob.updateMany({
    where: {
      userId,
      status: { in: ["QUEUED", "RUNNING"] },
      updatedAt: { lt: before },
      OR: [{ leaseUntil: null }, { leaseUntil: { lt: new Date() } }],
    },
    data: { status: "FAILED", error: "This search stopped before it finished. Search again to retry it.", finishedAt: new Date(), leaseUntil: null },
  });
}
