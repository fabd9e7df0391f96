import "server-only";
import { getDb } from "@/lib/db";

/** The site totals the landing page shows. */
export type PublicStats = {
  /** Accounts that are not disabled. */
  users: number;
  /** Distinct maps in any mapper alert or driver watch (a map watched by many users counts once). */
  mapsWatched: number;
  /**
   * Records reported in digests: notifications of a new record on a watched map or of a driver being
   * passed. One record told to two users counts twice: it is what digests carried, not what was driven.
   */
  recordsReported: number;
};

/** Reads the totals from the database, uncached. */
export async function readPublicStats(): Promise<PublicStats> {
  const db = await getDb();
  const [users, [maps], recordsReported] = await Promise.all([
    db.user.count({ where: { disabledAt: null } }),
    db.$queryRaw<{ count: number }[]>`
      SELECT count(*)::int AS count FROM (
        SELECT "mapUid" FROM "MapperAlertMap" UNION SELECT "mapUid" FROM "DriverWatch"
      ) AS watched`,
    db.notification.count({ where: { kind: { in: ["MAPPER_RECORD", "DRIVER_BEATEN"] } } }),
  ]);
  return { users, mapsWatched: Number(maps?.count ?? 0), recordsReported };
}
