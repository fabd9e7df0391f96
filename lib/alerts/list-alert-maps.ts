import "server-only";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import type { RecordFilterSetting } from "@/lib/checks/record-events";
import { isSafeInputText } from "@/lib/http/input-text";
import type { AlertMapSort } from "./schemas";

/**
 * One page of an alert's maps, filtered, ordered and counted by the database itself, so paging works
 * on the whole catalogue (a 150-map alert is never sorted in memory after a page was cut).
 */

export type AlertMapListRow = {
  uid: string;
  /** With Trackmania's formatting codes, as stored. */
  rawName: string;
  thumbnailUrl: string | null;
  tmxId: number | null;
  authorTime: number;
  goldTime: number;
  silverTime: number;
  bronzeTime: number;
  muted: boolean;
  addedAt: Date;
  checkedAt: Date | null;
  uploadedAt: Date | null;
  /** When the latest record Trackwatch knows on the map was driven (observed, when undated). */
  lastRecordAt: Date | null;
  /** Records the next digest will report (see `isPending` and `passesFilter` in lib/checks). */
  hasNews: boolean;
  wrScore: number | null;
  wrAccountId: string | null;
  wrDrivenAt: Date | null;
};

export type AlertMapListOptions = {
  alertId: string;
  setting: RecordFilterSetting;
  sort: AlertMapSort;
  q: string;
  news: boolean;
  skip: number;
  take: number;
};

// The regular expressions of `stripFormatting` (lib/trackmania/schemas.ts), step by step, so SQL
// filters and sorts by the very name the page shows. Passed as parameters: no escaping to get wrong.
const ESCAPED_DOLLAR = "$$";
const DOLLAR_STAND_IN = "\uE000";
const LINK_CODE = String.raw`\$[lh](\[[^]]*\])?`;
const STYLE_CODE = String.raw`\$([0-9a-f]{1,3}|[wnoitsgzm<>]|.?)`;
const EDGE_SPACE = String.raw`^\s+|\s+$`;

const plainName = Prisma.sql`regexp_replace(
  replace(
    regexp_replace(regexp_replace(replace(m."name", ${ESCAPED_DOLLAR}, ${DOLLAR_STAND_IN}), ${LINK_CODE}, '', 'gi'), ${STYLE_CODE}, '', 'gi'),
    ${DOLLAR_STAND_IN}, ${"$"}),
  ${EDGE_SPACE}, '', 'g')`;

/** What a digest would carry for this alert map now: `isPending` and `passesFilter`, in SQL. */
function hasNewsSql(setting: RecordFilterSetting): Prisma.Sql {
  const position =
    setting.recordFilter === "TOP_N"
      ? Prisma.sql`AND n."position" <= ${setting.topN}`
      : setting.recordFilter === "WORLD_RECORD"
        ? Prisma.sql`AND n."position" = 1`
        : Prisma.empty;
  return Prisma.sql`(NOT am."muted" AND EXISTS (
    SELECT 1 FROM "MapRecord" AS n
    WHERE n."mapUid" = am."mapUid"
      AND (am."reportedUntil" IS NULL OR n."observedAt" > am."reportedUntil")
      AND CASE WHEN n."drivenAt" IS NULL THEN n."observedAt" > am."addedAt"
               ELSE n."drivenAt" >= date_trunc('second', am."addedAt") END
      ${position}))`;
}

function whereSql(options: AlertMapListOptions): Prisma.Sql {
  // A filter holding a control character matches no map's name, and never reaches PostgreSQL (which refuses a NUL).
  const byName = !options.q
    ? Prisma.empty
    : isSafeInputText(options.q)
      ? Prisma.sql`AND strpos(lower(${plainName}), lower(${options.q})) > 0`
      : Prisma.sql`AND FALSE`;
  const byNews = options.news ? Prisma.sql`AND ${hasNewsSql(options.setting)}` : Prisma.empty;
  return Prisma.sql`am."alertId" = ${options.alertId} ${byName} ${byNews}`;
}

// Ties (maps without records, same instants) fall back to the newest upload, then the uid: a stable order.
const orderBy: Record<AlertMapSort, Prisma.Sql> = {
  activity: Prisma.sql`activity."lastRecordAt" DESC NULLS LAST, m."uploadedAt" DESC NULLS LAST, am."mapUid" ASC`,
  wr: Prisma.sql`wr."drivenAt" DESC NULLS LAST, m."uploadedAt" DESC NULLS LAST, am."mapUid" ASC`,
  // Byte order of the lower-cased name: the same on every server, whatever its locale.
  name: Prisma.sql`lower(${plainName}) COLLATE "C" ASC, am."mapUid" ASC`,
  uploaded: Prisma.sql`m."uploadedAt" DESC NULLS LAST, am."mapUid" ASC`,
};

/** How many of the alert's maps the filter keeps, and how many have news. */
export async function countAlertMaps(db: PrismaClient, options: Omit<AlertMapListOptions, "sort" | "skip" | "take">) {
  const [row] = await db.$queryRaw<{ matching: number; withNews: number }[]>`
    SELECT count(*) FILTER (WHERE ${whereSql({ ...options, sort: "name", skip: 0, take: 0 })})::int AS "matching",
           count(*) FILTER (WHERE ${hasNewsSql(options.setting)})::int AS "withNews"
    FROM "MapperAlertMap" AS am
    JOIN "Map" AS m ON m."uid" = am."mapUid"
    WHERE am."alertId" = ${options.alertId}`;
  return { matching: row?.matching ?? 0, withNews: row?.withNews ?? 0 };
}

/** The page of maps the options select, with each map's latest activity and world record as last checked. */
export async function listAlertMaps(db: PrismaClient, options: AlertMapListOptions): Promise<AlertMapListRow[]> {
  return db.$queryRaw<AlertMapListRow[]>`
    SELECT am."mapUid" AS "uid", m."name" AS "rawName", m."thumbnailUrl", m."tmxId",
           m."authorTime", m."goldTime", m."silverTime", m."bronzeTime",
           am."muted", am."addedAt", m."checkedAt", m."uploadedAt",
           activity."lastRecordAt", ${hasNewsSql(options.setting)} AS "hasNews",
           wr."score" AS "wrScore", wr."accountId" AS "wrAccountId", wr."drivenAt" AS "wrDrivenAt"
    FROM "MapperAlertMap" AS am
    JOIN "Map" AS m ON m."uid" = am."mapUid"
    LEFT JOIN LATERAL (
      -- Undated records found on a map's first look are stored as observed at the epoch: no activity.
      SELECT max(COALESCE(r."drivenAt", NULLIF(r."observedAt", TIMESTAMP 'epoch'))) AS "lastRecordAt"
      FROM "MapRecord" AS r WHERE r."mapUid" = am."mapUid"
    ) AS activity ON TRUE
    LEFT JOIN LATERAL (
      SELECT r."score", r."accountId", r."drivenAt" FROM "MapRecord" AS r
      WHERE r."mapUid" = am."mapUid"
      ORDER BY r."score" ASC, r."drivenAt" ASC NULLS LAST, r."accountId" ASC
      LIMIT 1
    ) AS wr ON TRUE
    WHERE ${whereSql(options)}
    ORDER BY ${orderBy[options.sort]}
    LIMIT ${options.take} OFFSET ${options.skip}`;
}
