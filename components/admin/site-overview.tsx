import Link from "next/link";
import { DailyRunsChart } from "@/components/charts/daily-runs-chart";
import { Badge } from "@/components/ui/badge";
import { Card, CardTitle } from "@/components/ui/card";
import type { SiteOverview as Overview } from "@/lib/admin";

const SERVICE_LABELS: Record<string, string> = { db: "Database", kv: "KV", queue: "Job queue", mail: "Mail", trackmania: "Trackmania" };

function count(value: number) {
  return value.toLocaleString("en-GB");
}

function Stat({ label, value, detail }: { label: string; value: number; detail?: string }) {
  return (
    <div className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
      <dt className="text-sm text-slate-500">{label}</dt>
      <dd className="mt-1 text-2xl font-semibold tabular-nums">{count(value)}</dd>
      {detail ? <dd className="mt-0.5 text-xs text-slate-500">{detail}</dd> : null}
    </div>
  );
}

function duration(ms: number | null): string {
  if (ms === null) return "—";
  return ms < 10_000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms / 1000)} s`;
}

function waited(ms: number): string {
  if (ms < 60_000) return `${Math.round(ms / 1000)} s`;
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}

function runBadge(status: string) {
  return <Badge tone={status === "FINISHED" ? "success" : status === "FAILED" ? "danger" : "info"}>{status.toLowerCase()}</Badge>;
}

export function SiteOverview({ overview }: { overview: Overview }) {
  const { counts, runs, health } = overview;
  const latest = [...runs].reverse().slice(0, 10);
  return (
    <div className="space-y-6">
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6" aria-label="Site counts">
        <Stat label="Users" value={counts.users} detail={`${count(counts.admins)} admin${counts.admins === 1 ? "" : "s"}, ${count(counts.disabled)} disabled`} />
        <Stat label="Confirmed email" value={counts.confirmed} />
        <Stat label="Trackmania linked" value={counts.linkedTrackmania} />
        <Stat label="Mapper alerts" value={counts.mapperAlerts} />
        <Stat label="Driver watches" value={counts.driverWatches} />
        <Stat label="Maps watched" value={counts.mapsWatched} detail="distinct, alerts and watches" />
      </dl>

      <Card className="space-y-4 p-4 sm:p-6">
        <DailyRunsChart runs={runs} />
        {latest.length > 0 ? (
          <div className="overflow-x-auto rounded-lg border border-slate-200" tabIndex={0} role="region" aria-label="Latest daily runs, scrollable">
            <table className="w-full min-w-[36rem] text-left text-sm" aria-label="Latest daily runs">
              <thead className="bg-slate-50 text-xs font-semibold uppercase tracking-wide text-slate-600">
                <tr>
                  {["Run", "Status", "Users", "Records", "Sent / failed", "Calls", "Duration"].map((cell) => (
                    <th key={cell} scope="col" className="px-3 py-2">
                      {cell}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {latest.map((run) => (
                  <tr key={run.id}>
                    <td className="px-3 py-1.5">
                      <Link className="font-medium text-brand-700 hover:underline" href={`/admin/daily-runs/${run.id}`}>
                        {run.slot}
                      </Link>
                    </td>
                    <td className="px-3 py-1.5">{runBadge(run.status)}</td>
                    <td className="px-3 py-1.5 tabular-nums">{count(run.usersChecked)}</td>
                    <td className="px-3 py-1.5 tabular-nums">{count(run.recordsFound)}</td>
                    <td className="px-3 py-1.5 tabular-nums">
                      {count(run.emailsSent)} / <span className={run.emailsFailed > 0 ? "font-semibold text-red-700" : undefined}>{count(run.emailsFailed)}</span>
                    </td>
                    <td className="px-3 py-1.5 tabular-nums">{count(run.nadeoCallsTotal)}</td>
                    <td className="px-3 py-1.5 tabular-nums">{duration(run.durationMs)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        <p className="text-sm">
          <Link className="font-medium text-brand-700 hover:underline" href="/admin/daily-runs">
            All daily runs →
          </Link>
        </p>
      </Card>

      <div className="grid gap-6 lg:grid-cols-2">
        <Card className="p-4 sm:p-6" aria-label="Background jobs">
          <CardTitle>Background jobs</CardTitle>
          <dl className="mt-3 grid grid-cols-3 gap-3 text-sm">
            {(
              [
                ["Queued", overview.backlog.counts.QUEUED, "queued"],
                ["Running", overview.backlog.counts.RUNNING, "running"],
                ["Failed", overview.backlog.counts.FAILED, "failed"],
              ] as const
            ).map(([label, value, tab]) => (
              <div key={label}>
                <dt className="text-slate-500">{label}</dt>
                <dd>
                  <Link href={`/admin/jobs?tab=${tab}`} className={`text-xl font-semibold tabular-nums hover:underline ${tab === "failed" && value > 0 ? "text-red-700" : "text-slate-900"}`}>
                    {count(value)}
                  </Link>
                </dd>
              </div>
            ))}
          </dl>
          <p className="mt-3 text-sm text-slate-600" data-testid="queue-backlog">
            {overview.backlog.oldestQueuedAgeMs === null
              ? "Nothing is waiting."
              : `The oldest queued job has waited ${waited(overview.backlog.oldestQueuedAgeMs)}.`}
            {overview.backlog.driver === "qstash" ? " With QStash these are what Trackwatch's own job records know." : ""}
          </p>
        </Card>

        <Card className="p-4 sm:p-6" aria-label="Services">
          <CardTitle>Services {health.status === "ok" ? <Badge tone="success">all answering</Badge> : <Badge tone="danger">degraded</Badge>}</CardTitle>
          <ul className="mt-3 divide-y divide-slate-100 text-sm">
            {Object.entries(health.drivers).map(([service, check]) => (
              <li key={service} className="flex flex-wrap items-center justify-between gap-2 py-2">
                <span>
                  <span className="font-medium text-slate-900">{SERVICE_LABELS[service] ?? service}</span>{" "}
                  <span className="text-slate-500">({check.driver})</span>
                </span>
                <span className="flex items-center gap-2">
                  <span className="tabular-nums text-slate-500">{check.ms} ms</span>
                  {check.ok ? <Badge tone="success">ok</Badge> : <Badge tone="danger" title={check.error}>down</Badge>}
                </span>
                {!check.ok && check.error ? <span className="w-full text-xs text-red-700">{check.error}</span> : null}
              </li>
            ))}
          </ul>
          {health.sandbox ? <p className="mt-2 text-xs text-slate-500">Trackmania is the sandbox: simulated data, no real players.</p> : null}
        </Card>
      </div>
    </div>
  );
}
