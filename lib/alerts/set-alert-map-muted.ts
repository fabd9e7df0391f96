import "server-only";
import type { ActingUser } from "@/lib/actor";
import { trackmaniaNow } from "@/lib/checks/clock";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { loadOwnAlert } from "./load-own-alert";
import { setAlertMapMutedSchema, type SetAlertMapMutedInput } from "./schemas";

/**
 * Mutes or unmutes one map of an alert. A muted map is not checked for this alert and its records
 * are never reported, not even after unmuting: the watch restarts at the unmute (`addedAt`), and the
 * daily run marks what was observed meanwhile as reported.
 */
export async function setAlertMapMuted(actor: ActingUser, input: SetAlertMapMutedInput) {
  const data = setAlertMapMutedSchema.parse(input);
  await loadOwnAlert(actor, data.alertId);
  const db = await getDb();
  const where = { alertId_mapUid: { alertId: data.alertId, mapUid: data.mapUid } };
  const current = await db.mapperAlertMap.findUnique({ where, select: { muted: true } });
  if (!current) throw new AppError("not_found:alert_map", "This map is not part of the alert.");
  if (current.muted === data.muted) return { mapUid: data.mapUid, muted: data.muted };
  await db.mapperAlertMap.update({
    where,
    data: data.muted ? { muted: true } : { muted: false, addedAt: trackmaniaNow() },
  });
  return { mapUid: data.mapUid, muted: data.muted };
}
