import "server-only";
import { assertAdmin } from "@/lib/actor";
import type { ActingUser } from "@/lib/actor";
import { listDailyRuns, type DailyRunView } from "@/lib/daily-run";
import { getDb } from "@/lib/db";
import { checkHealth } from "@/lib/health";
import { getQueueBacklog, type QueueBacklog } from "./get-queue-backlog";

const RUNS_SHOWN = 30;

export type SiteCounts = {
  users: number;
  confirmed: number;
  linkedTrackmania: number;
  disabled: number;
  admins: number;
  mapperAlerts: number;
  driverWatches: number;
  /** Maps in anyone's mapper alert or driver watch, each counted once. */
  mapsWatched: number;
};

export type SiteOverview = {
  counts: SiteCounts;
  /** The last daily runs that checked someone, oldest first (the chart's order). */
  runs: DailyRunView[];
  backlog: QueueBacklog;
  health: Awaited<ReturnType<typeof checkHealth>>;
};

/** Site-wide counts, the last 30 daily runs, the job backlog and each driver's health, for the admin overview — admins only. */
export async function getSiteOverview(actor: ActingUser): Promise<SiteOverview> {
  assertAdmin(actor);
  const db = await getDb();
  const [users, confirmed, linkedTrackmania, disabled, admins, mapperAlerts, driverWatches, [maps], backlog, runs, health] = await Promise.all([
    db.user.count(),
    db.user.count({ where: { emailVerifiedAt: { not: null } } }),
    db.user.count({ where: { tmVerified: true } }),
    db.user.count({ where: { disabledAt: { not: null } } }),
    db.user.count({ where: { role: "ADMIN" } }),
    db.mapperAlert.count(),
    db.driverWatch.count(),
    db.$queryRaw<{ count: bigint }[]>`
      SELECT count(*) AS count FROM (
        SELECT "mapUid" FROM "MapperAlertMap" UNION SELECT "mapUid" FROM "DriverWatch"
      ) AS watched`,
    getQueueBacklog(actor),
    listDailyRuns(actor, { limit: RUNS_SHOWN }),
    checkHealth(),
  ]);
  return {
    counts: { users, confirmed, linkedTrackmania, disabled, admins, mapperAlerts, driverWatches, mapsWatched: Number(maps?.count ?? 0) },
    runs: runs.reverse(),
    backlog,
    health,
  };
}
