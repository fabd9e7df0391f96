import "server-only";
import type { ActingUser } from "@/lib/auth/session";
import { getAppConfig } from "@/lib/app-config";
import { modeForCatalogue } from "@/lib/checks/modes";
import { getDb } from "@/lib/db";
import { getTrackmania, stripFormatting } from "@/lib/trackmania";
import { previewWorldRecords, type PreviewWorldRecordsOptions, type WorldRecord } from "./preview-world-records";
import { alertIdSchema } from "./schemas";

export const ALERT_MAPS_PAGE_SIZE = 50;

/**
 * What the page knows of a map's world record: the record (or none on an empty board) as of the map's
 * last check, or previewed when no check has read the map yet; `known: false` while Trackmania has
 * not answered (see `previewWorldRecords`).
 */
export type AlertMapWorldRecord = { known: true; record: WorldRecord | null; source: "check" | "preview" } | { known: false };

/**
 * One of the acting user's alerts with a page of its maps: medal times, mute state and every map's
 * world record — as of the map's last check, or, for maps no run has checked yet, previewed in one
 * batch before the page renders.
 */
export async function getMapperAlert(
  actor: ActingUser,
  alertId: string,
  options: { page?: number; previews?: PreviewWorldRecordsOptions } = {},
) {
  const parsed = alertIdSchema.safeParse(alertId);
  if (!parsed.success) return null;
  const id = parsed.data;
  const db = await getDb();
  const alert = await db.mapperAlert.findFirst({
    where: { id, userId: actor.id },
    include: { _count: { select: { maps: true } }, user: { select: { timezone: true } } },
  });
  if (!alert) return null;
  const limits = await getAppConfig();
  const mapCount = alert._count.maps;
  const pages = Math.max(1, Math.ceil(mapCount / ALERT_MAPS_PAGE_SIZE));
  const page = Math.min(Math.max(1, Math.floor(options.page ?? 1)), pages);
  const alertMaps = await db.mapperAlertMap.findMany({
    where: { alertId: id },
    include: { map: true },
    // Newest uploads first, like Trackmania Exchange lists them.
    orderBy: [{ map: { uploadedAt: { sort: "desc", nulls: "last" } } }, { mapUid: "asc" }],
    skip: (page - 1) * ALERT_MAPS_PAGE_SIZE,
    take: ALERT_MAPS_PAGE_SIZE,
  });
  const uids = alertMaps.map((alertMap) => alertMap.mapUid);
  const leaders = await db.mapRecord.findMany({
    where: { mapUid: { in: uids } },
    orderBy: [{ mapUid: "asc" }, { score: "asc" }, { drivenAt: "asc" }],
    distinct: ["mapUid"],
  });
  const leaderByMap = new Map(leaders.map((record) => [record.mapUid, record]));
  const unchecked = alertMaps.filter(({ map }) => map.checkedAt === null).map(({ map }) => map.uid);
  const [names, previews] = await Promise.all([
    leaders.length > 0 ? getTrackmania().getDisplayNames(leaders.map((r) => r.accountId)) : new Map<string, string>(),
    previewWorldRecords(unchecked, options.previews).catch((error: unknown) => {
      console.warn("[alerts] world-record previews failed:", (error as Error).message);
      return new Map<string, WorldRecord | null>();
    }),
  ]);
  const worldRecordOf = (uid: string, checkedAt: Date | null): AlertMapWorldRecord => {
    if (checkedAt !== null) {
      const leader = leaderByMap.get(uid);
      const record = leader
        ? { score: leader.score, accountId: leader.accountId, displayName: names.get(leader.accountId) ?? leader.accountId, drivenAt: leader.drivenAt }
        : null;
      return { known: true, record, source: "check" };
    }
    return previews.has(uid) ? { known: true, record: previews.get(uid)!, source: "preview" } : { known: false };
  };

  return {
    alert: {
      id: alert.id,
      mapperAccountId: alert.mapperAccountId,
      mapperDisplayName: alert.mapperDisplayName,
      mode: alert.mode,
      modeChosenByUser: alert.modeChosenByUser,
      recordFilter: alert.recordFilter,
      topN: alert.topN,
      createdAt: alert.createdAt,
      lastCheckedAt: alert.lastCheckedAt,
      mapsRefreshedAt: alert.mapsRefreshedAt,
      mapCount,
      /** The mode "automatic" means for this catalogue. */
      automaticMode: modeForCatalogue(mapCount, limits.positionModeThreshold),
      positionModeThreshold: limits.positionModeThreshold,
    },
    timezone: alert.user.timezone,
    page,
    pages,
    maps: alertMaps.map(({ map, muted, addedAt }) => {
      return {
        uid: map.uid,
        name: stripFormatting(map.name) || map.uid,
        thumbnailUrl: map.thumbnailUrl,
        tmxId: map.tmxId,
        authorTime: map.authorTime,
        goldTime: map.goldTime,
        silverTime: map.silverTime,
        bronzeTime: map.bronzeTime,
        muted,
        addedAt,
        checkedAt: map.checkedAt,
        worldRecord: worldRecordOf(map.uid, map.checkedAt),
      };
    }),
  };
}

export type MapperAlertDetail = NonNullable<Awaited<ReturnType<typeof getMapperAlert>>>;
export type AlertMapRow = MapperAlertDetail["maps"][number];
