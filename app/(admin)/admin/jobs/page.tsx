import type { Metadata } from "next";
import { z } from "zod";
import { PageHeader } from "@/components/app/page-header";
import { JobList } from "@/components/admin/job-list";
import { RetryFailedJobsForm } from "@/components/admin/retry-failed-jobs-form";
import { Card } from "@/components/ui/card";
import type { JobNotice } from "@/lib/actions/jobs";
import { JOB_TABS, listJobsForAdmin } from "@/lib/admin";
import { requireAdminPage } from "@/lib/auth/session";
import { readSearchParams } from "@/lib/http";

export const metadata: Metadata = { title: "Jobs" };

const searchSchema = z.object({
  tab: z.enum(JOB_TABS).catch("failed"),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
  notice: z.enum(["requeued", "republished", "already-retried", "discarded", "already-discarded"] as const satisfies readonly JobNotice[]).optional().catch(undefined),
});

export default async function JobsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const admin = await requireAdminPage("/admin/jobs");
  const { tab, page, notice } = searchSchema.parse(readSearchParams(await searchParams, ["tab", "page", "notice"]));
  const list = await listJobsForAdmin(admin, { tab, page });
  return (
    <>
      <PageHeader
        title="Jobs"
        description="Background work: user checks, digest sends, map searches and the daily run. Retry a failed job to run it again, or discard it so it never runs."
        actions={tab === "failed" && list.counts.failed > 0 ? <RetryFailedJobsForm /> : undefined}
      />
      {list.driver === "qstash" ? (
        <Card className="mb-4 border-amber-200 bg-amber-50 p-4 text-sm text-amber-900" role="note">
          Jobs run on QStash. This page shows what our own job records know: deliveries our handlers recorded as failing (and
          retries still pending after a failure). Messages waiting or running in QStash live in QStash&apos;s console.
        </Card>
      ) : null}
      <JobList list={list} notice={notice} />
    </>
  );
}
