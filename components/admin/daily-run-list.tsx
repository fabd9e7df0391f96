import Link from "next/link";
import { Card } from "@/components/ui/card";
import type { DailyRunProgress as Progress, DailyRunView } from "@/lib/daily-run";
import { DailyRunProgress } from "./daily-run-progress";
import { DailyRunStats, DailyRunStatusBadge } from "./daily-run-stats";

/**
 * `now` and the runs' times are on the daily run's clock (the sandbox's on the sandbox), named by
 * `clockLabel`. Runs with `progress` (the ones still running, or still sending) show it live.
 */
export function DailyRunList({
  runs,
  progress,
  now,
  clockLabel,
}: {
  runs: DailyRunView[];
  progress: Record<string, Progress>;
  now: number;
  clockLabel: string;
}) {
  if (runs.length === 0) return <p className="text-sm text-slate-600">No daily run has happened yet.</p>;
  return (
    <div className="space-y-4">
      {runs.map((run) => (
        <Card key={run.id} aria-label={`Daily run ${run.slot}`}>
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h2 className="min-w-0 break-all font-semibold text-slate-900">
              <Link href={`/admin/daily-runs/${run.id}`} className="text-brand-700 hover:underline">
                {run.slot}
              </Link>
            </h2>
            <div className="flex items-center gap-2 text-sm text-slate-600">
              <span>{run.trigger}</span>
              <DailyRunStatusBadge run={run} now={now} />
            </div>
          </div>
          {progress[run.id] ? (
            <div className="mt-3">
              <DailyRunProgress initial={progress[run.id]!} />
            </div>
          ) : null}
          <DailyRunStats run={run} clockLabel={clockLabel} />
        </Card>
      ))}
    </div>
  );
}
