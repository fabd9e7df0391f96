"use client";

import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatRaceTime } from "@/lib/format/race-time";
import { axisTick, chartColors, formatAxisDate, formatDate, formatTimeTick, timeAxis, timeTicks } from "./chart-format";
import { TooltipBox } from "./chart-figure";

export type WorldRecordDatum = { at: number; score: number; displayName: string; step: boolean };
type Datum = WorldRecordDatum;

/** The recharts half of `WorldRecordChart`, loaded on demand. */
export function WorldRecordDrawing({ data, min, max, withYear, timeZone }: { data: Datum[]; min: number; max: number; withYear: boolean; timeZone: string }) {
  const yAxis = timeAxis(data.map((datum) => datum.score));
  return (
    <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 320, height: 256 }}>
      <LineChart data={data} margin={{ top: 8, right: 12, bottom: 4, left: 0 }} accessibilityLayer={false}>
        <CartesianGrid stroke={chartColors.grid} strokeDasharray="3 3" />
        <XAxis
          dataKey="at"
          type="number"
          scale="time"
          domain={[min, max]}
          ticks={timeTicks(min, max, 4)}
          tickFormatter={(value: number) => formatAxisDate(value, timeZone, withYear)}
          tick={axisTick}
          stroke={chartColors.grid}
        />
        <YAxis
          dataKey="score"
          type="number"
          reversed
          domain={yAxis.domain}
            ticks={yAxis.ticks}
            interval={0}
          tickFormatter={formatTimeTick}
          tick={axisTick}
          width={68}
          stroke={chartColors.grid}
          allowDecimals={false}
        />
        <Tooltip
          content={({ active, payload }) => {
            const datum = payload?.[0]?.payload as Datum | undefined;
            if (!active || !datum) return null;
            return (
              <TooltipBox>
                <p className="font-mono font-semibold">{formatRaceTime(datum.score)}</p>
                <p>{datum.displayName}</p>
                <p className="text-slate-500">{datum.step ? `driven ${formatDate(datum.at, timeZone)}` : `still the record on ${formatDate(datum.at, timeZone)}`}</p>
              </TooltipBox>
            );
          }}
        />
        <Line
          type="stepAfter"
          dataKey="score"
          stroke={chartColors.line}
          strokeWidth={2}
          isAnimationActive={false}
          dot={(props: { cx?: number; cy?: number; index?: number; payload?: Datum }) =>
            props.payload?.step && props.cx !== undefined && props.cy !== undefined ? (
              <circle key={props.index} cx={props.cx} cy={props.cy} r={3.5} fill="#fff" stroke={chartColors.line} strokeWidth={2} />
            ) : (
              <g key={props.index} />
            )
          }
          activeDot={{ r: 5 }}
        />
      </LineChart>
    </ResponsiveContainer>
  );
}
