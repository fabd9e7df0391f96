import "server-only";
import { getAppConfig } from "@/lib/app-config";
import { getDb } from "@/lib/db";
import { getTrackmania, stripFormatting } from "@/lib/trackmania";
import { BEFORE_ANY_OBSERVATION } from "./clock";
import type { CheckRun, MapperAlertReport, MapReport, RecordEvent, ReportMark } from "./types";
import { checkLeaderboardsOncePerRun } from "./leaderboard-check";
import { checkPositionsOncePerRun } from "./position-check";
import { isPending, passesFilter, toRecordEvent } from "./record-events";
import { refreshAlertMaps } from "./refresh-alert-maps";

/**
 * One user's mapper alerts for one run: refresh each alert's map list, bring every watched map up to
 * date (accurate or position mode, each map once per leaderboard key across all users), then read
 * what each alert has not reported yet. Reading never advances `reportedUntil`: the caller does, with
 * `markReported(marks)`, in the transaction that stores the digest carrying these reports — so a
 * check that runs twice or dies half-way neither loses a record nor reports one twice.
 *
 * Each map's collection is bounded by `Map.checkedAt` as read here (and by `run.now`): a top fetched
 * later in this run, by another user's check, stays pending for the next report instead of being
 * swept into this mark unseen. A check that reuses a look taken earlier (an earlier hour's run of
 * the same UTC day) reports what that look observed beyond its own `reportedUntil`; records driven
 * since are observed by the next look and reported then.
 */
export async function collectMapperAlertReportsFor(
  userId: string,
  run: CheckRun,
): Promise<{ reports: MapperAlertReport[]; mapsChecked: number; marks: ReportMark[] }> {
  const db = await getDb();
  const before = await db.mapperAlert.findMany({
    where: { userId },
    include: { maps: { select: { mapUid: true } } },
    orderBy: { createdAt: "asc" },
  });
  if (before.length === 0) return { reports: [], mapsChecked: 0, marks: [] };
  const limits = await getAppConfig();
  await refreshAlertMaps(before, run, limits.positionModeThreshold);

  const alerts = await db.mapperAlert.findMany({
    where: { userId },
    include: { maps: { include: { map: { include: { baseline: true } } }, orderBy: { addedAt: "asc" } } },
    orderBy: { createdAt: "asc" },
  });

  // A map watched in accurate mode by any of the user's alerts gets the accurate check.
  const accurate = new Set<string>();
  const positional = new Map<string, (typeof alerts)[number]["maps"][number]["map"]>();
  for (const alert of alerts) {
    for (const alertMap of alert.maps) {
      if (alertMap.muted) continue;
      if (alert.mode === "ACCURATE") accurate.add(alertMap.mapUid);
      else positional.set(alertMap.mapUid, alertMap.map);
    }
  }
  for (const uid of accurate) positional.delete(uid);

  await checkLeaderboardsOncePerRun(accurate, run, limits.accurateDepth);
  const positions = await checkPositionsOncePerRun(
    [...positional.values()].map((map) => ({
      uid: map.uid,
      checkedAt: map.checkedAt,
      baseline: map.baseline ? { score: map.baseline.score, position: map.baseline.position } : null,
    })),
    run,
    limits.accurateDepth,
  );
  const checked = new Set([...accurate, ...positions.counted]);

  // Fresh state after the checks: bounds, records, world records.
  const allUids = [...new Set(alerts.flatMap((alert) => alert.maps.map((alertMap) => alertMap.mapUid)))];
  const maps = new Map((await db.map.findMany({ where: { uid: { in: allUids } } })).map((map) => [map.uid, map]));
  const boundOf = (uid: string): Date => {
    const checkedAt = maps.get(uid)?.checkedAt ?? BEFORE_ANY_OBSERVATION;
    return checkedAt < run.now ? checkedAt : run.now;
  };
  const watchedUids = [...new Set(alerts.flatMap((alert) => alert.maps.filter((m) => !m.muted).map((m) => m.mapUid)))];
  const earliestSince = alerts
    .flatMap((alert) => alert.maps.map((m) => (m.reportedUntil ?? BEFORE_ANY_OBSERVATION).getTime()))
    .reduce((a, b) => Math.min(a, b), run.now.getTime());
  const observed = await db.mapRecord.findMany({
    where: { mapUid: { in: watchedUids }, observedAt: { gt: new Date(earliestSince), lte: run.now } },
    orderBy: [{ mapUid: "asc" }, { position: "asc" }],
  });
  const observedByMap = new Map<string, typeof observed>();
  for (const record of observed) {
    const list = observedByMap.get(record.mapUid);
    if (list) list.push(record);
    else observedByMap.set(record.mapUid, [record]);
  }
  const worldRecords = new Map(
    (
      await db.mapRecord.groupBy({ by: ["mapUid"], where: { mapUid: { in: watchedUids } }, _min: { score: true } })
    ).map((row) => [row.mapUid, row._min.score ?? Number.POSITIVE_INFINITY]),
  );

  const reports: MapperAlertReport[] = [];
  const marks: ReportMark[] = [];
  const pendingByAlert = new Map<string, Map<string, typeof observed>>();
  for (const alert of alerts) {
    const perMap = new Map<string, typeof observed>();
    for (const alertMap of alert.maps) {
      const until = boundOf(alertMap.mapUid);
      if (alertMap.reportedUntil === null || until > alertMap.reportedUntil) {
        marks.push({ alertId: alert.id, mapUid: alertMap.mapUid, until });
      }
      if (alertMap.muted) continue;
      const window = { reportedUntil: alertMap.reportedUntil, addedAt: alertMap.addedAt, until };
      const pending = (observedByMap.get(alertMap.mapUid) ?? []).filter(
        (record) => isPending(record, window) && passesFilter(record, alert),
      );
      perMap.set(alertMap.mapUid, pending);
    }
    pendingByAlert.set(alert.id, perMap);
  }

  const drivers = [
    ...new Set(
      [...pendingByAlert.values()].flatMap((perMap) =>
        [...perMap.values()].flat().flatMap((r) => (r.beatAccountId ? [r.accountId, r.beatAccountId] : [r.accountId])),
      ),
    ),
  ];
  const names = drivers.length > 0 ? await getTrackmania().getDisplayNames(drivers) : new Map<string, string>();

  for (const alert of alerts) {
    const perMap = pendingByAlert.get(alert.id)!;
    const mapReports: MapReport[] = [];
    let mapsChecked = 0;
    for (const alertMap of alert.maps) {
      if (alertMap.muted) continue;
      if (checked.has(alertMap.mapUid)) mapsChecked += 1;
      const map = maps.get(alertMap.mapUid)!;
      const records: RecordEvent[] = (perMap.get(alertMap.mapUid) ?? []).map((record) =>
        toRecordEvent(record, map, worldRecords.get(map.uid) ?? record.score, names),
      );
      const isNew = alertMap.reportedUntil === null;
      if (records.length === 0 && !isNew) continue;
      mapReports.push({
        uid: map.uid,
        name: stripFormatting(map.name),
        rawName: map.name,
        thumbnailUrl: map.thumbnailUrl,
        authorTime: map.authorTime,
        tmxId: map.tmxId,
        records,
        isNew,
      });
    }
    reports.push({
      alertId: alert.id,
      mapperAccountId: alert.mapperAccountId,
      mapperDisplayName: alert.mapperDisplayName,
      mode: alert.mode,
      maps: mapReports,
      mapsChecked,
      topDepth: limits.accurateDepth,
    });
  }

  await db.mapperAlert.updateMany({ where: { userId }, data: { lastCheckedAt: run.now } });
  const mapsChecked = new Set(watchedUids.filter((uid) => checked.has(uid))).size;
  return { reports, mapsChecked, marks };
}
