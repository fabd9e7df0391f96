import { Badge } from "@/components/ui/badge";
import type { DailyRunView } from "@/lib/daily-run";

const STALE_RUN_MS = 24 * 3_600_000;

/** A run whose checks never all reported (a crash mid fan-out) stays RUNNING; after a day it is called incomplete. */
export function isStaleRun(run: DailyRunView, now: number): boolean {
  return run.status === "RUNNING" && now - run.startedAt.getTime() > STALE_RUN_MS;
}

export function DailyRunStatusBadge({ run, now }: { run: DailyRunView; now: number }) {
  if (run.status === "FINISHED") return <Badge tone="success">finished</Badge>;
  if (run.status === "FAILED") return <Badge tone="danger">failed</Badge>;
  if (isStaleRun(run, now)) return <Badge tone="warning">incomplete</Badge>;
  return <Badge tone="info">running</Badge>;
}

function duration(run: DailyRunView): string {
  if (run.durationMs === null) return "—";
  return run.durationMs < 10_000 ? `${(run.durationMs / 1000).toFixed(2)} s` : `${Math.round(run.durationMs / 1000)} s`;
}

/** A run's numbers: when, how long, users, maps, records, emails, and its calls to Trackmania services by endpoint. */
export function DailyRunStats({ run, clockLabel }: { run: DailyRunView; clockLabel: string }) {
  return (
    <>
      <dl className="mt-3 grid grid-cols-2 gap-x-6 gap-y-2 text-sm sm:grid-cols-4">
        {(
          [
            [`Started (${clockLabel})`, run.startedAt.toISOString().replace("T", " ").slice(0, 19)],
            ["Duration", duration(run)],
            ["Users due", run.usersDue],
            ["Users checked", run.usersChecked],
            ["Maps checked", run.mapsChecked],
            ["Records found", run.recordsFound],
            ["Emails sent", run.emailsSent],
            ["Emails failed", run.emailsFailed],
          ] as const
        ).map(([label, value]) => (
          <div key={label}>
            <dt className="text-slate-500">{label}</dt>
            <dd className="font-medium tabular-nums">{value}</dd>
          </div>
        ))}
      </dl>
      <div className="mt-3 text-sm">
        <p className="text-slate-500">Calls to Trackmania services (Nadeo, OAuth, TMX): {run.nadeoCallsTotal}</p>
        {run.nadeoCallsTotal > 0 ? (
          <ul className="mt-1 flex flex-wrap gap-2">
            {Object.entries(run.nadeoCallsByEndpoint).map(([endpoint, count]) => (
              <li key={endpoint}>
                <Badge>
                  {endpoint}: {count}
                </Badge>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      {run.error ? <pre className="mt-3 overflow-x-auto whitespace-pre-wrap break-words rounded-lg bg-red-50 p-3 text-xs text-red-800" tabIndex={0} aria-label="The run's error">{run.error}</pre> : null}
    </>
  );
}
