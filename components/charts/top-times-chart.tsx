"use client";

import { CartesianGrid, LabelList, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from "recharts";
import { formatRaceTime } from "@/lib/format/race-time";
import { axisTick, chartColors, formatAxisDate, formatDate, formatTimeTick, timeDomain, timeTicks, truncate } from "./chart-format";
import { ChartEmpty, ChartFigure, DataTable, TooltipBox } from "./chart-figure";
import { topTimesSummary, type TopTimePoint } from "./summaries";

type Datum = { at: number; score: number; position: number; displayName: string; label: string };

/**
 * The current top 10 placed by when each time was driven (x) and how fast it is (y, faster up),
 * each dot labelled with its driver: old records still standing and fresh ones read at a glance.
 */
export function TopTimesChart({ times, timeZone }: { times: TopTimePoint[]; timeZone: string }) {
  const title = "Top 10 times by date driven";
  if (times.length === 0) return <ChartEmpty id="top-times-chart" title={title}>Nobody has a time on this map yet.</ChartEmpty>;
  const data: Datum[] = times
    .filter((time): time is TopTimePoint & { drivenAt: Date } => time.drivenAt !== null)
    .map((time) => ({ at: time.drivenAt.getTime(), score: time.score, position: time.position, displayName: time.displayName, label: `#${time.position} ${truncate(time.displayName, 12)}` }));
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
  // Air either side so the first and last labels are not cut by the frame.
  const pad = Math.max(86_400_000, (high - low) * 0.06);
  const [min, max] = [low - pad, high + pad];
  const withYear = new Date(min).getUTCFullYear() !== new Date(max).getUTCFullYear();

  return (
    <ChartFigure id="top-times-chart" title={title} summary={summary} table={table}>
      <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 320, height: 256 }}>
        <ScatterChart margin={{ top: 18, right: 16, bottom: 4, left: 0 }} accessibilityLayer={false}>
          <CartesianGrid stroke={chartColors.grid} strokeDasharray="3 3" />
          <XAxis
            dataKey="at"
            type="number"
            scale="time"
            domain={[min, max]}
            ticks={timeTicks(low, high, high > low ? 3 : 1)}
            tickFormatter={(value: number) => formatAxisDate(value, timeZone, withYear)}
            tick={axisTick}
            stroke={chartColors.grid}
          />
          <YAxis dataKey="score" type="number" reversed domain={timeDomain(data.map((datum) => datum.score))} tickFormatter={formatTimeTick} tick={axisTick} width={68} stroke={chartColors.grid} />
          <Tooltip
            cursor={{ strokeDasharray: "3 3" }}
            content={({ active, payload }) => {
              const datum = payload?.[0]?.payload as Datum | undefined;
              if (!active || !datum) return null;
              return (
                <TooltipBox>
                  <p className="font-semibold">
                    #{datum.position} {datum.displayName}
                  </p>
                  <p className="font-mono">{formatRaceTime(datum.score)}</p>
                  <p className="text-slate-500">driven {formatDate(datum.at, timeZone)}</p>
                </TooltipBox>
              );
            }}
          />
          <Scatter data={data} fill={chartColors.line} isAnimationActive={false}>
            <LabelList dataKey="label" position="top" offset={8} style={{ fill: chartColors.label, fontSize: 10 }} />
          </Scatter>
        </ScatterChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}
