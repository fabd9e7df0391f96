import "server-only";
import type { ActingUser } from "@/lib/actor";
import { trackmaniaNow } from "@/lib/checks";
import { getDb } from "@/lib/db";
import { loadOwnWatch } from "./load-own-watch";
import { setWatchPausedSchema, type SetWatchPausedInput } from "./schemas";

/**
 * Pauses or resumes a watch. A paused watch is not checked and keeps its last known state; what
 * happened on the leaderboard while it was paused is not told on resuming (the report bound moves to
 * the resume), the next check just learns the driver's standing afresh.
 */
export async function setWatchPaused(actor: ActingUser, input: SetWatchPausedInput) {
  const data = setWatchPausedSchema.parse(input);
  const watch = await loadOwnWatch(actor, data.watchId);
  const status = data.paused ? "INACTIVE" : "ACTIVE";
  if (watch.status === status) return { id: watch.id, status, mapName: watch.mapName };
  const db = await getDb();
  const saved = await db.driverWatch.update({
    where: { id: watch.id },
    data: data.paused ? { status } : { status, reportedUntil: trackmaniaNow() },
    select: { id: true, status: true },
  });
  return { ...saved, mapName: watch.mapName };
}
