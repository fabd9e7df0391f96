import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card, CardTitle } from "@/components/ui/card";
import type { getSiteOverview } from "@/lib/admin/get-site-overview";

type Overview = Awaited<ReturnType<typeof getSiteOverview>>;

export function SiteOverview({ overview }: { overview: Overview }) {
  const stats = [
    ["Users", overview.users],
    ["Mapper alerts", overview.mapperAlerts],
    ["Driver watches", overview.driverWatches],
    ["Emails in outbox", overview.outbox],
    ["Failed background jobs", overview.failedJobs],
  ] as const;
  const run = overview.lastRun;
  return (
    <div className="space-y-6">
      <dl className="grid gap-4 sm:grid-cols-3 lg:grid-cols-5">
        {stats.map(([label, value]) => (
          <div key={label} className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
            <dt className="text-sm text-slate-500">{label}</dt>
            <dd className="mt-1 text-2xl font-semibold">{value}</dd>
          </div>
        ))}
      </dl>
      <Card>
        <CardTitle>Last daily run</CardTitle>
        {run ? (
          <dl className="mt-3 grid gap-2 text-sm sm:grid-cols-4">
            <dt className="text-slate-500">Slot</dt>
            <dd>{run.slot}</dd>
            <dt className="text-slate-500">Status</dt>
            <dd>
              <Badge tone={run.status === "FINISHED" ? "success" : run.status === "FAILED" ? "danger" : "info"}>
                {run.status.toLowerCase()}
              </Badge>
            </dd>
            <dt className="text-slate-500">Users checked</dt>
            <dd>{run.usersChecked}</dd>
            <dt className="text-slate-500">Emails sent / failed</dt>
            <dd>
              {run.emailsSent} / {run.emailsFailed}
            </dd>
            <dt className="text-slate-500">Duration</dt>
            <dd>{run.durationMs === null ? "—" : `${(run.durationMs / 1000).toFixed(1)} s`}</dd>
          </dl>
        ) : (
          <p className="mt-2 text-sm text-slate-600">No daily run has happened yet.</p>
        )}
      </Card>
      <p className="text-sm text-slate-600">
        Emails sent on the embedded defaults are kept in the{" "}
        <Link className="font-medium text-brand-700 hover:underline" href="/admin/outbox">
          outbox
        </Link>
        .
      </p>
    </div>
  );
}
