import "server-only";
import type { ActingUser } from "@/lib/auth/session";
import { getAppConfig } from "@/lib/app-config";
import { modeForCatalogue } from "@/lib/checks/modes";
import { getDb } from "@/lib/db";
import { getTrackmania, stripFormatting } from "@/lib/trackmania";
import { alertIdSchema } from "./schemas";

export const ALERT_MAPS_PAGE_SIZE = 50;

/**
 * One of the acting user's alerts with a page of its maps: medal times, mute state and the world
 * record as of the map's last check. Maps no run has checked yet carry `worldRecord: null` and
 * `checkedAt: null`; the page asks `previewWorldRecord` for those, lazily.
 */
export async function getMapperAlert(actor: ActingUser, alertId: string, options: { page?: number } = {}) {
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
  const names = leaders.length > 0 ? await getTrackmania().getDisplayNames(leaders.map((r) => r.accountId)) : new Map<string, string>();

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
      const leader = leaderByMap.get(map.uid);
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
        worldRecord: leader
          ? { score: leader.score, accountId: leader.accountId, displayName: names.get(leader.accountId) ?? leader.accountId }
          : null,
      };
    }),
  };
}

export type MapperAlertDetail = NonNullable<Awaited<ReturnType<typeof getMapperAlert>>>;
export type AlertMapRow = MapperAlertDetail["maps"][number];
