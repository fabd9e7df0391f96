import "server-only";
import type { ActingUser } from "@/lib/auth/session";
import { getAppConfig } from "@/lib/app-config";
import { trackmaniaNow } from "@/lib/checks/clock";
import { modeForCatalogue } from "@/lib/checks/modes";
import { initialiseBaselines } from "@/lib/checks/position-check";
import { getDb } from "@/lib/db";
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
  const db = await getDb();
  const mapUids = (await db.mapperAlertMap.findMany({ where: { alertId: data.alertId }, select: { mapUid: true } })).map(
    (row) => row.mapUid,
  );
  const limits = await getAppConfig();
  const mode = data.mode === "AUTO" ? modeForCatalogue(mapUids.length, limits.positionModeThreshold) : data.mode;
  const alert = await db.mapperAlert.update({
    where: { id: data.alertId },
    data: { mode, modeChosenByUser: data.mode !== "AUTO" },
    select: { id: true, mode: true, modeChosenByUser: true },
  });
  const baselines = mode === "POSITION" ? await initialiseBaselines(mapUids, trackmaniaNow()) : 0;
  return { ...alert, baselinesInitialised: baselines };
}
