import type { Metadata } from "next";
import { PageHeader } from "@/components/app/page-header";
import { DailyRunList } from "@/components/admin/daily-run-list";
import { DailyRunNowForm } from "@/components/admin/daily-run-now-form";
import { requireAdminPage } from "@/lib/auth/session";
import { listDailyRuns } from "@/lib/daily-run";

export const metadata: Metadata = { title: "Daily runs" };

export default async function DailyRunsPage() {
  const admin = await requireAdminPage("/admin/daily-runs");
  const runs = await listDailyRuns(admin, { limit: 20 });
  return (
    <>
      <PageHeader
        title="Daily runs"
        description="Each hour, users whose digest hour has come are checked and their digests sent. Running it now checks every eligible user who has no digest for their day yet."
        actions={<DailyRunNowForm />}
      />
      <DailyRunList runs={runs} now={Date.now()} />
    </>
  );
}
