import "server-only";
import type { ActingUser } from "@/lib/actor";
import { getAppConfig } from "@/lib/app-config";
import { modeForCatalogue } from "@/lib/checks/modes";
import { getDb } from "@/lib/db";
import { knownDisplayNames } from "@/lib/player-names";
import { stripFormatting } from "@/lib/trackmania";
import { countAlertMaps, listAlertMaps } from "./list-alert-maps";
import { previewWorldRecords, type PreviewWorldRecordsOptions, type WorldRecord } from "./preview-world-records";
import { alertIdSchema, alertMapsQuerySchema, type AlertMapsQueryInput } from "./schemas";

export const ALERT_MAPS_PAGE_SIZE = 50;

/**
 * What the page knows of a map's world record: the record (or none on an empty board) as of the map's
 * last check, or previewed when no check has read the map yet; `known: false` while Trackmania has
 * not answered (see `previewWorldRecords`).
 */
export type AlertMapWorldRecord = { known: true; record: WorldRecord | null; source: "check" | "preview" } | { known: false };

export type GetMapperAlertOptions = AlertMapsQueryInput & {
  previews?: PreviewWorldRecordsOptions;
};

/**
 * One of the acting user's alerts with one page of its maps, filtered and ordered as asked (see
 * `alertMapsQuerySchema`): medal times, mute state, latest activity, whether a digest has news to
 * tell, and every map's world record — for maps no run has checked yet, previewed in one batch
 * before the page renders. Someone else's alert, or a malformed id, is null.
 */
export async function getMapperAlert(actor: ActingUser, alertId: string, options: GetMapperAlertOptions = {}) {
  const parsed = alertIdSchema.safeParse(alertId);
  if (!parsed.success) return null;
  const id = parsed.data;
  const { previews: previewOptions, ...queryInput } = options;
  const query = alertMapsQuerySchema.parse(queryInput);
  const db = await getDb();
  const alert = await db.mapperAlert.findFirst({
    where: { id, userId: actor.id },
    include: { _count: { select: { maps: true } }, user: { select: { timezone: true } } },
  });
  if (!alert) return null;
  const limits = await getAppConfig();
  const mapCount = alert._count.maps;
  const setting = { recordFilter: alert.recordFilter, topN: alert.topN };

  const counts = await countAlertMaps(db, { alertId: id, setting, q: query.q, news: query.news });
  const pages = Math.max(1, Math.ceil(counts.matching / ALERT_MAPS_PAGE_SIZE));
  // A page past the end (an old link, a narrower filter) shows the last one.
  const page = Math.min(query.page, pages);
  const rows = await listAlertMaps(db, {
    alertId: id,
    setting,
    sort: query.sort,
    q: query.q,
    news: query.news,
    skip: (page - 1) * ALERT_MAPS_PAGE_SIZE,
    take: ALERT_MAPS_PAGE_SIZE,
  });

  const holders = [...new Set(rows.flatMap((row) => (row.wrAccountId ? [row.wrAccountId] : [])))];
  const unchecked = rows.filter((row) => row.checkedAt === null).map((row) => row.uid);
  const [names, previews] = await Promise.all([
    knownDisplayNames(holders),
    previewWorldRecords(unchecked, previewOptions).catch((error: unknown) => {
      console.warn("[alerts] world-record previews failed:", (error as Error).message);
      return new Map<string, WorldRecord | null>();
    }),
  ]);

  const worldRecordOf = (row: (typeof rows)[number]): AlertMapWorldRecord => {
    if (row.checkedAt !== null) {
      const record =
        row.wrAccountId !== null && row.wrScore !== null
          ? { score: row.wrScore, accountId: row.wrAccountId, displayName: names.get(row.wrAccountId) ?? row.wrAccountId, drivenAt: row.wrDrivenAt }
          : null;
      return { known: true, record, source: "check" };
    }
    return previews.has(row.uid) ? { known: true, record: previews.get(row.uid)!, source: "preview" } : { known: false };
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
    /** The query as applied: defaults filled in, the page kept within range. */
    query: { ...query, page },
    page,
    pages,
    /** Maps the filter keeps (all of them without one). */
    matching: counts.matching,
    /** Maps with records the next digest will report, whatever the filter. */
    withNews: counts.withNews,
    maps: rows.map((row) => ({
      uid: row.uid,
      name: stripFormatting(row.rawName) || row.uid,
      thumbnailUrl: row.thumbnailUrl,
      tmxId: row.tmxId,
      authorTime: row.authorTime,
      goldTime: row.goldTime,
      silverTime: row.silverTime,
      bronzeTime: row.bronzeTime,
      muted: row.muted,
      addedAt: row.addedAt,
      checkedAt: row.checkedAt,
      uploadedAt: row.uploadedAt,
      lastRecordAt: row.lastRecordAt,
      hasNews: row.hasNews,
      worldRecord: worldRecordOf(row),
    })),
  };
}

export type MapperAlertDetail = NonNullable<Awaited<ReturnType<typeof getMapperAlert>>>;
export type AlertMapRow = MapperAlertDetail["maps"][number];
