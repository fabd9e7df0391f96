import { formatRaceTime } from "@/lib/format/race-time";
import { formatDate } from "./chart-format";
import { ChartEmpty, ChartFigure, DataTable } from "./chart-figure";
import { TopTimesDrawingSlot } from "./map-drawing-slots";
import { topTimesSummary, type TopTimePoint } from "./summaries";
import type { TopTimeDatum as Datum } from "./top-times-drawing";
import { TOP_TIMES_LAYOUT, topTimesChartHeight, topTimesRowDomain, topTimesRowLabel } from "./top-times-layout";

/**
 * The current top 10, a row per driver (fastest on top, the driver named at the row's start) with
 * a dot at when the time was driven: old records still standing and fresh ones read at a glance.
 * Labels belong to rows, not dots, so drivers who drove the same day never share a label's place.
 */
export function TopTimesChart({ times, timeZone }: { times: TopTimePoint[]; timeZone: string }) {
  const title = "Top 10 times by date driven";
  if (times.length === 0) return <ChartEmpty id="top-times-chart" title={title}>Nobody has a time on this map yet.</ChartEmpty>;
  const data: Datum[] = times
    .filter((time): time is TopTimePoint & { drivenAt: Date } => time.drivenAt !== null)
    .toSorted((a, b) => a.position - b.position)
    .map((time, index) => ({ at: time.drivenAt.getTime(), row: index + 1, score: time.score, position: time.position, displayName: time.displayName, label: topTimesRowLabel(time.position, time.displayName) }));
  const undated = times.length - data.length;
  const summary = topTimesSummary(times, timeZone) + (undated > 0 ? ` ${undated} of them ${undated === 1 ? "has" : "have"} no known date and ${undated === 1 ? "is" : "are"} left off the chart.` : "");
  const table = (
    <DataTable
      caption="The current top 10"
      head={["#", "Driver", "Time", "Driven"]}
      rows={times.map((time) => [time.position, time.displayName, <span key="time" className="font-mono">{formatRaceTime(time.score)}</span>, time.drivenAt ? formatDate(time.drivenAt, timeZone) : "unknown"])}
    />
  );
  if (data.length === 0) {
    return <ChartEmpty id="top-times-chart" title={title}>{summary}</ChartEmpty>;
  }

  const ats = data.map((datum) => datum.at);
  const low = Math.min(...ats);
  const high = Math.max(...ats);
  // Air either side so the first and last dots (and their dates) are not cut by the frame.
  const pad = Math.max(86_400_000, (high - low) * 0.06);
  const [min, max] = [low - pad, high + pad];
  const withYear = new Date(min).getUTCFullYear() !== new Date(max).getUTCFullYear();

  return (
    <ChartFigure id="top-times-chart" title={title} summary={summary} table={table} height={topTimesChartHeight(data.length)}>
      <TopTimesDrawingSlot
        data={data}
        low={low}
        high={high}
        min={min}
        max={max}
        withYear={withYear}
        timeZone={timeZone}
        layout={TOP_TIMES_LAYOUT}
        rowDomain={topTimesRowDomain(data.length)}
      />
    </ChartFigure>
  );
}
