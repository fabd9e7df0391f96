import "server-only";
import type { ActingUser } from "@/lib/actor";
import { trackmaniaNow } from "@/lib/checks";
import { getDb } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { stripFormatting } from "@/lib/trackmania";
import { assertHistoryReader } from "./assert-history-reader";
import { addDays, dayKey, daysBetween, startOfUtcDay, weeksBetween } from "./calendar";
import { recordPointsSql } from "./record-points";
import { mapUidSchema } from "@/lib/watches";
import type { ActivityPeriod } from "./schemas";

/** Longest series drawn: a year of days (and its weeks). Totals and busiest maps still cover the whole period. */
export const ACTIVITY_MAX_DAYS = 365;
const MOST_ACTIVE_MAPS = 10;
/** More maps than any catalogue the admin allows: a bound on the query, not a product limit. */
const MAX_MAPS = 5_000;

export type GetMapperActivityOptions = {
  mapUids: readonly string[];
  /** Start of the period (floored to its UTC day); null for everything Trackwatch knows. */
  since: Date | null;
  /** End of the period; the Trackmania clock by default (the sandbox's own in the embedded world). */
  now?: Date;
};

export type RecordsPerDay = { day: string; records: number };
export type DriversPerWeek = { week: string; drivers: number };
export type ActiveMap = { uid: string; name: string; records: number; drivers: number };

export type MapperActivity = {
  /** The days the series cover, as UTC `YYYY-MM-DD`; `capped` when the period is longer than is drawn. */
  range: { from: string; to: string; capped: boolean };
  /** Records and distinct drivers in the whole period. */
  totals: { records: number; drivers: number };
  /** One entry per UTC day of the range, zeros included. */
  recordsPerDay: RecordsPerDay[];
  /** One entry per ISO week (its Monday, UTC) of the range, zeros included. */
  driversPerWeek: DriversPerWeek[];
  /** Up to 10 maps with the most records in the period, busiest first. */
  mostActiveMaps: ActiveMap[];
};

/**
 * New records per day, unique drivers per week and the busiest maps across a set of maps (a mapper's
 * catalogue), from every time Trackwatch knows of (see `recordPointsSql`), counted in the database.
 */
export async function getMapperActivity(actor: ActingUser, options: GetMapperActivityOptions): Promise<MapperActivity> {
  await assertHistoryReader(actor);
  const now = options.now ?? trackmaniaNow();
  const today = startOfUtcDay(now);
  const since = options.since ? startOfUtcDay(options.since) : null;
  const uids = [...new Set(options.mapUids)].filter((uid) => mapUidSchema.safeParse(uid).success).slice(0, MAX_MAPS);
  const empty = (from: Date): MapperActivity => ({
    range: { from: dayKey(from), to: dayKey(today), capped: false },
    totals: { records: 0, drivers: 0 },
    recordsPerDay: daysBetween(from, today).map((day) => ({ day, records: 0 })),
    driversPerWeek: weeksBetween(from, today).map((week) => ({ week, drivers: 0 })),
    mostActiveMaps: [],
  });
  if (uids.length === 0) return empty(since ?? today);

  const db = await getDb();
  const points = recordPointsSql(uids);
  // Instants are sent as UTC text: the columns are timestamps without a zone, in UTC.
  const utc = (date: Date) => Prisma.sql`(${date.toISOString()}::timestamptz AT TIME ZONE 'UTC')`;
  const inPeriod = (from: Date | null) => (from ? Prisma.sql`WHERE pt."at" >= ${utc(from)}` : Prisma.empty);

  const [totals] = await db.$queryRaw<{ records: number; drivers: number; first: Date | null }[]>`
    SELECT count(*)::int AS "records", count(DISTINCT pt."accountId")::int AS "drivers", min(pt."at") AS "first"
    FROM (${points}) AS pt ${inPeriod(since)}`;
  if (!totals || totals.records === 0) return empty(since ?? today);

  const earliest = since ?? startOfUtcDay(totals.first ?? today);
  const oldestDrawn = addDays(today, -(ACTIVITY_MAX_DAYS - 1));
  const from = earliest < oldestDrawn ? oldestDrawn : earliest;

  const [days, weeks, maps] = await Promise.all([
    db.$queryRaw<{ day: string; records: number }[]>`
      SELECT to_char(date_trunc('day', pt."at"), 'YYYY-MM-DD') AS "day", count(*)::int AS "records"
      FROM (${points}) AS pt ${inPeriod(from)} GROUP BY 1`,
    db.$queryRaw<{ week: string; drivers: number }[]>`
      SELECT to_char(date_trunc('week', pt."at"), 'YYYY-MM-DD') AS "week", count(DISTINCT pt."accountId")::int AS "drivers"
      FROM (${points}) AS pt ${inPeriod(from)} GROUP BY 1`,
    db.$queryRaw<{ mapUid: string; records: number; drivers: number }[]>`
      SELECT pt."mapUid", count(*)::int AS "records", count(DISTINCT pt."accountId")::int AS "drivers"
      FROM (${points}) AS pt ${inPeriod(since)}
      GROUP BY 1 ORDER BY 2 DESC, 1 ASC LIMIT ${MOST_ACTIVE_MAPS}`,
  ]);
  const names = new Map(
    (await db.map.findMany({ where: { uid: { in: maps.map((row) => row.mapUid) } }, select: { uid: true, name: true } })).map((map) => [map.uid, stripFormatting(map.name) || map.uid]),
  );
  const perDay = new Map(days.map((row) => [row.day, row.records]));
  const perWeek = new Map(weeks.map((row) => [row.week, row.drivers]));

  return {
    range: { from: dayKey(from), to: dayKey(today), capped: from > earliest },
    totals: { records: totals.records, drivers: totals.drivers },
    recordsPerDay: daysBetween(from, today).map((day) => ({ day, records: perDay.get(day) ?? 0 })),
    driversPerWeek: weeksBetween(from, today).map((week) => ({ week, drivers: perWeek.get(week) ?? 0 })),
    mostActiveMaps: maps.map((row) => ({ uid: row.mapUid, name: names.get(row.mapUid) ?? row.mapUid, records: row.records, drivers: row.drivers })),
  };
}

/** Where a period starts: the last 30 UTC days including today, or null for all time. */
export function activitySince(period: ActivityPeriod, now: Date = trackmaniaNow()): Date | null {
  return period === "all" ? null : addDays(startOfUtcDay(now), -29);
}
