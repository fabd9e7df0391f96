import "server-only";
import { assertAdmin } from "@/lib/auth/roles";
import type { ActingUser } from "@/lib/auth/session";
import { idleTriggerWhere } from "@/lib/daily-run";
import { getDb } from "@/lib/db";

/** Site-wide counts and the last daily run that checked someone (hourly triggers that found nobody due are skipped), for the admin overview. */
export async function getSiteOverview(actor: ActingUser) {
  assertAdmin(actor);
  const db = await getDb();
  const [users, mapperAlerts, driverWatches, outbox, failedJobs, lastRun] = await Promise.all([
    db.user.count(),
    db.mapperAlert.count(),
    db.driverWatch.count(),
    db.outboxEmail.count(),
    db.jobRecord.count({ where: { status: "FAILED" } }),
    db.dailyRun.findFirst({ where: { NOT: idleTriggerWhere }, orderBy: { startedAt: "desc" } }),
  ]);
  return { users, mapperAlerts, driverWatches, outbox, failedJobs, lastRun };
}
