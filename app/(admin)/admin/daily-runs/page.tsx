import type { Metadata } from "next";
import { PageHeader } from "@/components/app/page-header";
import { DailyRunList } from "@/components/admin/daily-run-list";
import { DailyRunNowForm } from "@/components/admin/daily-run-now-form";
import { DailyTriggerHeartbeat } from "@/components/admin/daily-trigger-heartbeat";
import { requireAdminPage } from "@/lib/auth/session";
import { dailyRunClock, dailyRunClockLabel, getDailyTriggerHeartbeat, listDailyRuns } from "@/lib/daily-run";

export const metadata: Metadata = { title: "Daily runs" };

export default async function DailyRunsPage() {
  const admin = await requireAdminPage("/admin/daily-runs");
  const [runs, heartbeat] = await Promise.all([listDailyRuns(admin, { limit: 20 }), getDailyTriggerHeartbeat(admin)]);
  return (
    <>
      <PageHeader
        title="Daily runs"
        description="Each hour, users whose digest hour has come are checked and their digests sent. Running it now checks every eligible user who has no digest for their day yet."
        actions={<DailyRunNowForm />}
      />
      <DailyTriggerHeartbeat {...heartbeat} clockLabel={dailyRunClockLabel()} />
      <DailyRunList runs={runs} now={dailyRunClock().getTime()} clockLabel={dailyRunClockLabel()} />
    </>
  );
}
