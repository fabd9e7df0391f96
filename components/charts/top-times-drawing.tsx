"use client";

import { CartesianGrid, LabelList, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from "recharts";
import { formatRaceTime } from "@/lib/format/race-time";
import { axisTick, chartColors, formatAxisDate, formatDate, formatTimeTick, timeAxis, timeTicks } from "./chart-format";
import { TooltipBox } from "./chart-figure";

export type TopTimeDatum = { at: number; score: number; position: number; displayName: string; label: string };
type Datum = TopTimeDatum;

type LabelProps = { x?: number | string; y?: number | string; width?: number | string; height?: number | string; value?: unknown; index?: number };

/** A dot's driver, above it for odd positions and below for even ones, so neighbours' names cross less. */
function DriverLabel({ x, y, width, height, value, index }: LabelProps) {
  const centre = Number(x) + Number(width ?? 0) / 2;
  const below = (index ?? 0) % 2 === 1;
  return (
    <text x={centre} y={below ? Number(y) + Number(height ?? 0) + 11 : Number(y) - 4} textAnchor="middle" fill={chartColors.label} fontSize={10}>
      {String(value ?? "")}
    </text>
  );
}

/** The recharts half of `TopTimesChart`, loaded on demand. */
export function TopTimesDrawing({ data, low, high, min, max, withYear, timeZone }: { data: Datum[]; low: number; high: number; min: number; max: number; withYear: boolean; timeZone: string }) {
  const yAxis = timeAxis(data.map((datum) => datum.score));
  return (
    <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 320, height: 256 }}>
      <ScatterChart margin={{ top: 18, right: 20, bottom: 12, left: 0 }} accessibilityLayer={false}>
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
        <YAxis dataKey="score" type="number" reversed domain={yAxis.domain}
            ticks={yAxis.ticks}
            interval={0} tickFormatter={formatTimeTick} tick={axisTick} width={68} stroke={chartColors.grid} />
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
          <LabelList dataKey="label" content={DriverLabel} />
        </Scatter>
      </ScatterChart>
    </ResponsiveContainer>
  );
}
