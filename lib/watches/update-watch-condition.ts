import "server-only";
import type { ActingUser } from "@/lib/actor";
import { getDb } from "@/lib/db";
import { loadOwnWatch } from "./load-own-watch";
import { updateWatchConditionSchema, type UpdateWatchConditionInput } from "./schemas";

/** Chooses when the watch speaks up: anyone passes me, I leave the top N, or I lose the world record. */
export async function updateWatchCondition(actor: ActingUser, input: UpdateWatchConditionInput) {
  const data = updateWatchConditionSchema.parse(input);
  const watch = await loadOwnWatch(actor, data.watchId);
  const db = await getDb();
  const saved = await db.driverWatch.update({
    where: { id: watch.id },
    data: { condition: data.condition, topN: data.condition === "LEFT_TOP_N" ? data.topN! : null },
    select: { id: true, condition: true, topN: true },
  });
  return { ...saved, mapName: watch.mapName };
}
