import "server-only";
import { getDb } from "@/lib/db";
import type { MapperAlert } from "@/lib/generated/prisma/client";
import { getTrackmania } from "@/lib/trackmania";
import type { CheckRun } from "./types";
import { loadMapperCatalogueOncePerRun } from "./mapper-catalogue";
import { modeForCatalogue } from "./modes";

/**
 * Keeps alerts' map lists in step with their mappers' catalogues: maps published since the last run
 * join the alert (with `reportedUntil` null, which makes them "new" in the next report), renamed
 * mappers get their new name, and alerts whose mode follows the catalogue size switch when it
 * crosses the threshold. Maps are never dropped: a map gone from TMX still has its leaderboard.
 */
export async function refreshAlertMaps(
  alerts: readonly (MapperAlert & { maps: { mapUid: string }[] })[],
  run: CheckRun,
  positionModeThreshold: number,
): Promise<void> {
  if (alerts.length === 0) return;
  const db = await getDb();
  const currentNames = await getTrackmania().getDisplayNames(alerts.map((alert) => alert.mapperAccountId));

  for (const alert of alerts) {
    const mapperDisplayName = currentNames.get(alert.mapperAccountId) ?? alert.mapperDisplayName;
    const catalogue = await loadMapperCatalogueOncePerRun({ accountId: alert.mapperAccountId, displayName: mapperDisplayName }, run);
    const have = new Set(alert.maps.map((map) => map.mapUid));
    const added = catalogue.filter((uid) => !have.has(uid));
    if (added.length > 0) {
      await db.mapperAlertMap.createMany({
        data: added.map((mapUid) => ({ alertId: alert.id, mapUid, addedAt: run.now, reportedUntil: null })),
        skipDuplicates: true,
      });
    }
    const mode = alert.modeChosenByUser ? alert.mode : modeForCatalogue(have.size + added.length, positionModeThreshold);
    await db.mapperAlert.update({
      where: { id: alert.id },
      data: { mapsRefreshedAt: run.now, mapperDisplayName, mode },
    });
  }
}
