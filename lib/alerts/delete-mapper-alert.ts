import "server-only";
import type { ActingUser } from "@/lib/actor";
import { getDb } from "@/lib/db";
import { loadOwnAlert } from "./load-own-alert";
import { alertIdSchema } from "./schemas";

/** Stops watching the mapper. Shared map data (leaderboards seen, baselines) stays for other watchers. */
export async function deleteMapperAlert(actor: ActingUser, alertId: string) {
  const id = alertIdSchema.parse(alertId);
  const alert = await loadOwnAlert(actor, id);
  const db = await getDb();
  await db.mapperAlert.delete({ where: { id } });
  return { id, mapperDisplayName: alert.mapperDisplayName };
}
