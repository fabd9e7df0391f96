import { formatGap, formatRaceTime } from "@/lib/format/race-time";
import { formatDate } from "./chart-format";
import { ChartEmpty, ChartFigure, DataTable } from "./chart-figure";
import { WorldRecordDrawingSlot } from "./map-drawing-slots";
import { worldRecordSummary, type WorldRecordPoint } from "./summaries";
import type { WorldRecordDatum as Datum } from "./world-record-drawing";


const YEAR_MS = 365 * 86_400_000;

/**
 * The world record over time as a step line: each step is a new record (a dot, with its driver in
 * the tooltip), flat until the next one, and carried on to `until` (the map's last read). Faster is
 * up, as on a leaderboard.
 */
export function WorldRecordChart({ steps, until, timeZone }: { steps: WorldRecordPoint[]; until: Date | null; timeZone: string }) {
  const title = "World record progression";
  const last = steps.at(-1);
  if (!last) return <ChartEmpty id="world-record-chart" title={title}>No dated record on this map yet: the progression starts with its first record.</ChartEmpty>;

  const data: Datum[] = steps.map((step) => ({ at: step.at.getTime(), score: step.score, displayName: step.displayName, step: true }));
  const end = Math.max(until?.getTime() ?? 0, last.at.getTime());
  if (end > last.at.getTime()) data.push({ at: end, score: last.score, displayName: last.displayName, step: false });
  const start = data[0]!.at;
  // A single instant still gets a readable axis: a day either side.
  const [min, max] = end > start ? [start, end] : [start - 86_400_000, end + 86_400_000];
  const withYear = max - min > YEAR_MS / 2 || new Date(min).getUTCFullYear() !== new Date(max).getUTCFullYear();

  return (
    <ChartFigure
      id="world-record-chart"
      title={title}
      summary={worldRecordSummary(steps, timeZone)}
      table={
        <DataTable
          caption="Every world record, oldest first"
          head={["Driven", "Time", "Driver", "Gain"]}
          rows={steps.map((step, index) => [
            formatDate(step.at, timeZone),
            <span key="time" className="font-mono">{formatRaceTime(step.score)}</span>,
            step.displayName,
            index === 0 ? "—" : formatGap(step.score - steps[index - 1]!.score),
          ])}
        />
      }
    >
      <WorldRecordDrawingSlot data={data} min={min} max={max} withYear={withYear} timeZone={timeZone} />
    </ChartFigure>
  );
}
