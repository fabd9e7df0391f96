import "server-only";
import type { ActingUser } from "@/lib/actor";
import { getDb } from "@/lib/db";
import { loadOwnWatch } from "./load-own-watch";
import { watchIdSchema } from "./schemas";

/** Stops watching the map. The Map row and what was observed on it stay for other watchers. */
export async function deleteDriverWatch(actor: ActingUser, watchId: string) {
  const id = watchIdSchema.parse(watchId);
  const watch = await loadOwnWatch(actor, id);
  const db = await getDb();
  await db.driverWatch.delete({ where: { id } });
  return { id, mapUid: watch.mapUid, mapName: watch.mapName };
}
