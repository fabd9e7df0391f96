"use client";

import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatGap, formatRaceTime } from "@/lib/format/race-time";
import { axisTick, chartColors, formatAxisDate, formatDate, formatTimeTick, timeDomain, timeTicks } from "./chart-format";
import { ChartEmpty, ChartFigure, DataTable, TooltipBox } from "./chart-figure";
import { worldRecordSummary, type WorldRecordPoint } from "./summaries";

type Datum = { at: number; score: number; displayName: string; step: boolean };

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
            domain={timeDomain(data.map((datum) => datum.score))}
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
    </ChartFigure>
  );
}
