import type { DailyRunView } from "@/lib/daily-run";
import { DAILY_RUN_COLORS, plural } from "./chart-format";
import { ChartEmpty, ChartFigure, DataTable } from "./chart-figure";
import type { DailyRunBar } from "./daily-runs-drawing";
import { DailyRunsDrawingSlot } from "./drawing-slots";

/** A run's slot ("2026-12-02T07Z", "manual-…") shortened for the axis: its day and hour when it has them. */
function axisLabel(run: DailyRunView): string {
  const started = run.startedAt;
  return `${started.getUTCDate()}/${started.getUTCMonth() + 1} ${String(started.getUTCHours()).padStart(2, "0")}h`;
}

function duration(ms: number | null): string {
  if (ms === null) return "—";
  return ms < 10_000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms / 1000)} s`;
}

/** The last daily runs (oldest first): users checked and emails sent or failed per run, with the numbers as a table. */
export function DailyRunsChart({ runs }: { runs: DailyRunView[] }) {
  if (runs.length === 0) {
    return (
      <ChartEmpty id="daily-runs-chart" title="Daily runs">
        No daily run has checked anyone yet. Runs appear here once users with alerts or watches are due.
      </ChartEmpty>
    );
  }
  const bars: DailyRunBar[] = runs.map((run) => ({
    slot: run.slot,
    label: axisLabel(run),
    usersChecked: run.usersChecked,
    emailsSent: run.emailsSent,
    emailsFailed: run.emailsFailed,
    recordsFound: run.recordsFound,
  }));
  const failedRuns = runs.filter((run) => run.status === "FAILED").length;
  const failedEmails = runs.reduce((sum, run) => sum + run.emailsFailed, 0);
  const sent = runs.reduce((sum, run) => sum + run.emailsSent, 0);
  const summary =
    `${plural(runs.length, "run", "runs")}: ${plural(runs.reduce((sum, run) => sum + run.usersChecked, 0), "user checked", "users checked")}, ` +
    `${plural(sent, "email sent", "emails sent")}, ${failedEmails.toLocaleString("en-GB")} failed` +
    (failedRuns > 0 ? `; ${plural(failedRuns, "run", "runs")} failed.` : "; no run failed.");
  return (
    <ChartFigure
      id="daily-runs-chart"
      title={runs.length === 1 ? "The last daily run" : `The last ${runs.length} daily runs`}
      summary={summary}
      table={
        <DataTable
          caption="Daily runs, oldest first"
          head={["Run", "Status", "Users", "Records", "Sent", "Failed", "Calls", "Duration"]}
          rows={runs.map((run) => [
            run.slot,
            run.status.toLowerCase(),
            run.usersChecked,
            run.recordsFound,
            run.emailsSent,
            run.emailsFailed,
            run.nadeoCallsTotal,
            duration(run.durationMs),
          ])}
        />
      }
    >
      <div className="flex h-full flex-col gap-2">
        <div className="min-h-0 flex-1">
          <DailyRunsDrawingSlot runs={bars} />
        </div>
        <DailyRunsLegend />
      </div>
    </ChartFigure>
  );
}

const LEGEND = [
  ["Users checked", DAILY_RUN_COLORS.usersChecked],
  ["Emails sent", DAILY_RUN_COLORS.emailsSent],
  ["Emails failed", DAILY_RUN_COLORS.emailsFailed],
] as const;

/** What the bars' colours mean (the figure's summary and table say the same in words). */
function DailyRunsLegend() {
  return (
    <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600">
      {LEGEND.map(([label, color]) => (
        <li key={label} className="flex items-center gap-1.5">
          <span className="inline-block size-2.5 rounded-sm" style={{ backgroundColor: color }} />
          {label}
        </li>
      ))}
    </ul>
  );
}
