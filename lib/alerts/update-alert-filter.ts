import "server-only";
import type { ActingUser } from "@/lib/actor";
import { getDb } from "@/lib/db";
import { loadOwnAlert } from "./load-own-alert";
import { updateAlertFilterSchema, type UpdateAlertFilterInput } from "./schemas";

/** Chooses which records the alert reports: all, those entering the top N, or world records only. */
export async function updateAlertFilter(actor: ActingUser, input: UpdateAlertFilterInput) {
  const data = updateAlertFilterSchema.parse(input);
  await loadOwnAlert(actor, data.alertId);
  const db = await getDb();
  return db.mapperAlert.update({
    where: { id: data.alertId },
    data: { recordFilter: data.recordFilter, topN: data.topN },
    select: { id: true, recordFilter: true, topN: true },
  });
}
