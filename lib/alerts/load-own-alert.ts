import "server-only";
import type { ActingUser } from "@/lib/actor";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";

/** The acting user's alert, or not_found — also for someone else's alert, whose existence is not revealed. */
export async function loadOwnAlert(actor: ActingUser, alertId: string) {
  const db = await getDb();
  const alert = await db.mapperAlert.findFirst({ where: { id: alertId, userId: actor.id } });
  if (!alert) throw new AppError("not_found:alert", "This alert does not exist (or is not yours).");
  return alert;
}
