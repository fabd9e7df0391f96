"use client";

import { CartesianGrid, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from "recharts";
import { formatRaceTime } from "@/lib/format/race-time";
import { axisTick, chartColors, formatAxisDate, formatDate, timeTicks } from "./chart-format";
import { TooltipBox } from "./chart-figure";
import type { TopTimesLayout } from "./top-times-layout";

/** One dated time: `row` is its place on the chart (1 = fastest, on top), `label` its row's name. */
export type TopTimeDatum = { at: number; row: number; score: number; position: number; displayName: string; label: string };
type Datum = TopTimeDatum;

/**
 * The recharts half of `TopTimesChart`, loaded on demand: a row per driver (the label column on the
 * left, see top-times-layout.ts) and a dot in the row at the date the time was driven.
 */
export function TopTimesDrawing({
  data,
  low,
  high,
  min,
  max,
  withYear,
  timeZone,
  layout,
  rowDomain,
}: {
  data: Datum[];
  low: number;
  high: number;
  min: number;
  max: number;
  withYear: boolean;
  timeZone: string;
  /** The geometry, handed over by the server-rendered chart: it costs the page no JavaScript. */
  layout: TopTimesLayout;
  rowDomain: [number, number];
}) {
  const { labelColumnWidth, labelFontSize, dateAxisHeight, margin } = layout;
  const labels = new Map(data.map((datum) => [datum.row, datum.label]));
  return (
    <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 320, height: 256 }}>
      <ScatterChart margin={margin} accessibilityLayer={false}>
        <CartesianGrid stroke={chartColors.grid} strokeDasharray="3 3" />
        <XAxis
          dataKey="at"
          type="number"
          scale="time"
          domain={[min, max]}
          ticks={timeTicks(low, high, high > low ? 3 : 1)}
          tickFormatter={(value: number) => formatAxisDate(value, timeZone, withYear)}
          tick={axisTick}
          height={dateAxisHeight}
          stroke={chartColors.grid}
        />
        <YAxis
          dataKey="row"
          type="number"
          reversed
          domain={rowDomain}
          ticks={data.map((datum) => datum.row)}
          // Every row keeps its label: rows are far enough apart that none can meet.
          interval={0}
          tickFormatter={(row: number) => labels.get(row) ?? ""}
          tick={{ fill: chartColors.label, fontSize: labelFontSize }}
          width={labelColumnWidth}
          stroke={chartColors.grid}
        />
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
        <Scatter data={data} fill={chartColors.line} isAnimationActive={false} />
      </ScatterChart>
    </ResponsiveContainer>
  );
}
