"use client";

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { ActiveMap, DriversPerWeek, RecordsPerDay } from "@/lib/history";
import { axisTick, chartColors, formatShortUtcDay, formatUtcDay, plural, truncate } from "./chart-format";
import { TooltipBox } from "./chart-figure";

/** The recharts half of `MapperActivityCharts`, loaded on demand. */

type CountTooltip = { active?: boolean; payload?: readonly { payload?: unknown }[] };

function countTooltip<T>(describe: (datum: T) => [string, string]) {
  function ActivityTooltip({ active, payload }: CountTooltip) {
    const datum = payload?.[0]?.payload as T | undefined;
    if (!active || !datum) return null;
    const [heading, line] = describe(datum);
    return (
      <TooltipBox>
        <p className="font-semibold">{heading}</p>
        <p>{line}</p>
      </TooltipBox>
    );
  }
  return ActivityTooltip;
}

const DayTooltip = countTooltip<RecordsPerDay>((datum) => [formatUtcDay(datum.day), plural(datum.records, "new record", "new records")]);
const WeekTooltip = countTooltip<DriversPerWeek>((datum) => [`Week of ${formatUtcDay(datum.week)}`, plural(datum.drivers, "driver", "drivers")]);
const MapTooltip = countTooltip<ActiveMap>((datum) => [datum.name, `${plural(datum.records, "record", "records")} by ${plural(datum.drivers, "driver", "drivers")}`]);

const size = { width: "100%", height: "100%", initialDimension: { width: 320, height: 256 } } as const;

export function RecordsPerDayDrawing({ days }: { days: RecordsPerDay[] }) {
  return (
    <ResponsiveContainer {...size}>
      <BarChart data={days} margin={{ top: 8, right: 8, bottom: 4, left: 0 }} accessibilityLayer={false}>
        <CartesianGrid stroke={chartColors.grid} strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="day" tickFormatter={formatShortUtcDay} tick={axisTick} interval="preserveStartEnd" minTickGap={28} stroke={chartColors.grid} />
        <YAxis allowDecimals={false} tick={axisTick} width={36} stroke={chartColors.grid} />
        <Tooltip content={DayTooltip} cursor={{ fill: "#eef8ff" }} />
        <Bar dataKey="records" fill={chartColors.line} isAnimationActive={false} radius={[2, 2, 0, 0]} />
      </BarChart>
    </ResponsiveContainer>
  );
}

export function DriversPerWeekDrawing({ weeks }: { weeks: DriversPerWeek[] }) {
  return (
    <ResponsiveContainer {...size}>
      <BarChart data={weeks} margin={{ top: 8, right: 8, bottom: 4, left: 0 }} accessibilityLayer={false}>
        <CartesianGrid stroke={chartColors.grid} strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="week" tickFormatter={formatShortUtcDay} tick={axisTick} interval="preserveStartEnd" minTickGap={28} stroke={chartColors.grid} />
        <YAxis allowDecimals={false} tick={axisTick} width={36} stroke={chartColors.grid} />
        <Tooltip content={WeekTooltip} cursor={{ fill: "#eef8ff" }} />
        <Bar dataKey="drivers" fill={chartColors.fill} isAnimationActive={false} radius={[2, 2, 0, 0]} />
      </BarChart>
    </ResponsiveContainer>
  );
}

export function MostActiveMapsDrawing({ maps }: { maps: ActiveMap[] }) {
  return (
    <ResponsiveContainer {...size}>
      <BarChart data={maps} layout="vertical" margin={{ top: 0, right: 12, bottom: 0, left: 0 }} barCategoryGap={4} accessibilityLayer={false}>
        <CartesianGrid stroke={chartColors.grid} strokeDasharray="3 3" horizontal={false} />
        <XAxis type="number" allowDecimals={false} tick={axisTick} stroke={chartColors.grid} />
        <YAxis type="category" dataKey="name" width={118} interval={0} tick={axisTick} tickFormatter={(name: string) => truncate(name, 18)} stroke={chartColors.grid} />
        <Tooltip content={MapTooltip} cursor={{ fill: "#eef8ff" }} />
        <Bar dataKey="records" fill={chartColors.line} isAnimationActive={false} radius={[0, 2, 2, 0]} />
      </BarChart>
    </ResponsiveContainer>
  );
}
