import type { Metadata } from "next";
import { PageHeader } from "@/components/app/page-header";
import { DailyRunList } from "@/components/admin/daily-run-list";
import { DailyRunNowForm } from "@/components/admin/daily-run-now-form";
import { DailyRunUserForm } from "@/components/admin/daily-run-user-form";
import { isStaleRun } from "@/components/admin/daily-run-stats";
import { DailyTriggerHeartbeat } from "@/components/admin/daily-trigger-heartbeat";
import { Card } from "@/components/ui/card";
import { requireAdminPage } from "@/lib/auth/session";
import { dailyRunClock, dailyRunClockLabel, getDailyRunProgress, getDailyTriggerHeartbeat, listDailyRuns, type DailyRunProgress } from "@/lib/daily-run";

/** A run finished this recently still shows its progress line, so its sends can be seen settling. */
const RECENT_MS = 10 * 60_000;

export const metadata: Metadata = { title: "Daily runs" };

export default async function DailyRunsPage() {
  const admin = await requireAdminPage("/admin/daily-runs");
  const [runs, heartbeat] = await Promise.all([listDailyRuns(admin, { limit: 20 }), getDailyTriggerHeartbeat(admin)]);
  const now = dailyRunClock().getTime();
  const live = runs.filter((run) => (run.status === "RUNNING" ? !isStaleRun(run, now) : run.finishedAt !== null && now - run.finishedAt.getTime() < RECENT_MS));
  const progress: Record<string, DailyRunProgress> = Object.fromEntries(
    await Promise.all(live.map(async (run) => [run.id, await getDailyRunProgress(admin, run.id)] as const)),
  );
  return (
    <>
      <PageHeader
        title="Daily runs"
        description="Each hour, users whose digest hour has come are checked and their digests sent. Running it now checks every eligible user who has no digest for their day yet."
        actions={<DailyRunNowForm />}
      />
      <Card className="mb-6">
        <DailyRunUserForm />
      </Card>
      <DailyTriggerHeartbeat {...heartbeat} clockLabel={dailyRunClockLabel()} />
      <DailyRunList runs={runs} progress={progress} now={now} clockLabel={dailyRunClockLabel()} />
    </>
  );
}
