import "server-only";
import { getAppConfig } from "@/lib/app-config";
import { assertAdmin } from "@/lib/actor";
import type { ActingUser } from "@/lib/actor";
import { trackmaniaNow } from "@/lib/checks/clock";
import { modeForCatalogue } from "@/lib/checks/modes";
import { initialiseBaselines } from "@/lib/checks/position-check";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { loadOwnAlert } from "./load-own-alert";
import { setAlertModeSchema, type SetAlertModeInput } from "./schemas";

/**
 * Picks how the alert is checked: accurate, position, or automatic (position mode past the admin's
 * catalogue-size threshold). Entering position mode gives the alert's maps baselines at their current
 * counts, so the first position check does not mistake old records for growth.
 */
export async function setAlertMode(actor: ActingUser, input: SetAlertModeInput) {
  const data = setAlertModeSchema.parse(input);
  await loadOwnAlert(actor, data.alertId);
  return applyAlertMode(data.alertId, data.mode);
}

/** The same switch made by an admin on anyone's alert (the admin's Users page). */
export async function setAlertModeForUser(actor: ActingUser, input: SetAlertModeInput) {
  assertAdmin(actor);
  const data = setAlertModeSchema.parse(input);
  const alert = await (await getDb()).mapperAlert.findUnique({ where: { id: data.alertId }, select: { id: true } });
  if (!alert) throw new AppError("not_found:alert", "This alert does not exist any more.");
  return applyAlertMode(data.alertId, data.mode);
}

async function applyAlertMode(alertId: string, choice: SetAlertModeInput["mode"]) {
  const db = await getDb();
  const mapUids = (await db.mapperAlertMap.findMany({ where: { alertId }, select: { mapUid: true } })).map((row) => row.mapUid);
  const limits = await getAppConfig();
  const mode = choice === "AUTO" ? modeForCatalogue(mapUids.length, limits.positionModeThreshold) : choice;
  const alert = await db.mapperAlert.update({
    where: { id: alertId },
    data: { mode, modeChosenByUser: choice !== "AUTO" },
    select: { id: true, mode: true, modeChosenByUser: true },
  });
  const baselines = mode === "POSITION" ? await initialiseBaselines(mapUids, trackmaniaNow()) : 0;
  return { ...alert, baselinesInitialised: baselines };
}
