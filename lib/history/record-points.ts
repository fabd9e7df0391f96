import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";

/**
 * Every time Trackwatch knows a driver set on a map, as one deduplicated set: the current board
 * (`MapRecord`), each observed new record or improvement (`RecordHistory`), and the time each
 * improvement replaced. The same (map, driver, time) found in several places counts once, at its
 * earliest known instant. A point is dated by when it was driven, else when it was observed;
 * undated records from a map's first look (observed "at the epoch") have no date and are left out.
 */
export type RecordPoint = { mapUid: string; accountId: string; score: number; at: Date };

export function recordPointsSql(mapUids: readonly string[]): Prisma.Sql {
  if (mapUids.length === 0) throw new Error("recordPointsSql needs at least one map");
  const maps = Prisma.join(mapUids);
  return Prisma.sql`
    SELECT DISTINCT ON (p."mapUid", p."accountId", p."score") p."mapUid", p."accountId", p."score", p."at"
    FROM (
      SELECT r."mapUid", r."accountId", r."score", COALESCE(r."drivenAt", NULLIF(r."observedAt", TIMESTAMP 'epoch')) AS "at"
      FROM "MapRecord" AS r WHERE r."mapUid" IN (${maps})
      UNION ALL
      SELECT h."mapUid", h."accountId", h."score", COALESCE(h."drivenAt", h."observedAt")
      FROM "RecordHistory" AS h WHERE h."mapUid" IN (${maps})
      UNION ALL
      SELECT h."mapUid", h."accountId", h."previousScore", h."previousDrivenAt"
      FROM "RecordHistory" AS h WHERE h."mapUid" IN (${maps}) AND h."previousScore" IS NOT NULL
    ) AS p
    WHERE p."at" IS NOT NULL
    ORDER BY p."mapUid", p."accountId", p."score", p."at" ASC`;
}
