import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { z } from "zod";
import { PageHeader } from "@/components/app/page-header";
import { DailyRunProgress } from "@/components/admin/daily-run-progress";
import { DailyRunRetryForm } from "@/components/admin/daily-run-retry-form";
import { DailyRunStats, DailyRunStatusBadge, isStaleRun } from "@/components/admin/daily-run-stats";
import { DailyRunUsers } from "@/components/admin/daily-run-users";
import { Card } from "@/components/ui/card";
import { requireAdminPage } from "@/lib/auth/session";
import { dailyRunClock, dailyRunClockLabel, getDailyRunForAdmin } from "@/lib/daily-run";
import { AppError } from "@/lib/errors";
import { readPathParams, readSearchParams } from "@/lib/http";

export const metadata: Metadata = { title: "Daily run" };

const searchSchema = z.object({
  failed: z.literal("1").optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).optional().catch(undefined),
});

export default async function DailyRunPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { id } = await readPathParams(params);
  const admin = await requireAdminPage(`/admin/daily-runs/${encodeURIComponent(id)}`);
  const { failed, page } = searchSchema.parse(readSearchParams(await searchParams, ["failed", "page"]));
  let data;
  try {
    data = await getDailyRunForAdmin(admin, id, { failedOnly: failed === "1", page });
  } catch (error) {
    if (error instanceof AppError && error.type === "not_found") notFound();
    throw error;
  }
  const { run } = data;
  const now = dailyRunClock().getTime();
  return (
    <>
      {/* A run started for one user is named after them too: the long slot wraps instead of widening the page. */}
      <div className="[overflow-wrap:anywhere]">
        <PageHeader
          title={`Daily run ${run.slot}`}
          description={
            <>
              Started by <strong>{run.trigger}</strong>. Each user due gets one digest for their day; this lists what became of each.
            </>
          }
        />
      </div>
      <div className="space-y-6">
        <Card aria-label="Run stats">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h2 className="font-semibold text-slate-900">Stats</h2>
            <DailyRunStatusBadge run={run} now={now} />
          </div>
          {isStaleRun(run, now) ? null : (
            <div className="mt-3">
              <DailyRunProgress initial={data.progress} />
            </div>
          )}
          <DailyRunStats run={run} clockLabel={dailyRunClockLabel()} />
        </Card>
        {data.retryableSends > 0 || data.failedChecks > 0 ? (
          <Card aria-label="Retry failed sends" className="space-y-2 text-sm">
            <h2 className="font-semibold text-slate-900">Failed sends</h2>
            <p className="text-slate-600">
              {data.retryableSends} {data.retryableSends === 1 ? "digest was" : "digests were"} composed but not confirmed sent: refused by the
              email service, or possibly accepted without a confirmation while the service still remembers the send. Retrying
              sends each once: one the email service did accept after all is not delivered again.
              {data.failedChecks > 0
                ? ` ${data.failedChecks} ${data.failedChecks === 1 ? "check" : "checks"} failed: nothing was composed, so there is nothing to send; run the check for those users again (Daily runs, "Run for one user").`
                : ""}
            </p>
            {data.retryableSends > 0 ? <DailyRunRetryForm runId={run.id} label="Retry failed sends" /> : null}
          </Card>
        ) : null}
        <DailyRunUsers data={data} />
      </div>
    </>
  );
}
