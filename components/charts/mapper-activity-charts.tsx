"use client";

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { MapperActivity } from "@/lib/history";
import { axisTick, chartColors, formatShortUtcDay, formatUtcDay, plural, truncate } from "./chart-format";
import { ChartEmpty, ChartFigure, DataTable, TooltipBox } from "./chart-figure";
import { driversPerWeekSummary, mostActiveMapsSummary, recordsPerDaySummary } from "./summaries";

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

const DayTooltip = countTooltip<{ day: string; records: number }>((datum) => [formatUtcDay(datum.day), plural(datum.records, "new record", "new records")]);
const WeekTooltip = countTooltip<{ week: string; drivers: number }>((datum) => [`Week of ${formatUtcDay(datum.week)}`, plural(datum.drivers, "driver", "drivers")]);
const MapTooltip = countTooltip<{ name: string; records: number; drivers: number }>((datum) => [datum.name, `${plural(datum.records, "record", "records")} by ${plural(datum.drivers, "driver", "drivers")}`]);

/**
 * A catalogue's activity over a period: new records per day, different drivers per week and the
 * busiest maps. `periodLabel` finishes sentences ("in the last 30 days"). Days and weeks are UTC.
 */
export function MapperActivityCharts({ activity, periodLabel }: { activity: MapperActivity; periodLabel: string }) {
  if (activity.totals.records === 0) {
    return (
      <ChartEmpty id="activity-charts" title="Activity">
        No records were driven on these maps {periodLabel}, as far as Trackwatch has read their leaderboards.
      </ChartEmpty>
    );
  }
  const { recordsPerDay, driversPerWeek, mostActiveMaps } = activity;
  const drawnLabel = activity.range.capped ? `from ${formatUtcDay(activity.range.from)} (the last 365 days drawn)` : periodLabel;

  return (
    <div className="grid gap-8 lg:grid-cols-2" data-testid="activity-charts">
      <ChartFigure
        id="records-per-day-chart"
        title="New records per day"
        summary={recordsPerDaySummary(recordsPerDay, drawnLabel)}
        table={<DataTable caption="New records per day (UTC)" head={["Day (UTC)", "Records"]} rows={recordsPerDay.filter((entry) => entry.records > 0).map((entry) => [formatUtcDay(entry.day), entry.records])} />}
      >
        <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 320, height: 256 }}>
          <BarChart data={recordsPerDay} margin={{ top: 8, right: 8, bottom: 4, left: 0 }} accessibilityLayer={false}>
            <CartesianGrid stroke={chartColors.grid} strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="day" tickFormatter={formatShortUtcDay} tick={axisTick} interval="preserveStartEnd" minTickGap={28} stroke={chartColors.grid} />
            <YAxis allowDecimals={false} tick={axisTick} width={36} stroke={chartColors.grid} />
            <Tooltip content={DayTooltip} cursor={{ fill: "#eef8ff" }} />
            <Bar dataKey="records" fill={chartColors.line} isAnimationActive={false} radius={[2, 2, 0, 0]} />
          </BarChart>
        </ResponsiveContainer>
      </ChartFigure>

      <ChartFigure
        id="drivers-per-week-chart"
        title="Different drivers per week"
        summary={driversPerWeekSummary(driversPerWeek, activity.totals.drivers)}
        table={<DataTable caption="Different drivers per ISO week (Monday, UTC)" head={["Week of", "Drivers"]} rows={driversPerWeek.map((entry) => [formatUtcDay(entry.week), entry.drivers])} />}
      >
        <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 320, height: 256 }}>
          <BarChart data={driversPerWeek} margin={{ top: 8, right: 8, bottom: 4, left: 0 }} accessibilityLayer={false}>
            <CartesianGrid stroke={chartColors.grid} strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="week" tickFormatter={formatShortUtcDay} tick={axisTick} interval="preserveStartEnd" minTickGap={28} stroke={chartColors.grid} />
            <YAxis allowDecimals={false} tick={axisTick} width={36} stroke={chartColors.grid} />
            <Tooltip content={WeekTooltip} cursor={{ fill: "#eef8ff" }} />
            <Bar dataKey="drivers" fill={chartColors.fill} isAnimationActive={false} radius={[2, 2, 0, 0]} />
          </BarChart>
        </ResponsiveContainer>
      </ChartFigure>

      <div className="lg:col-span-2">
        <ChartFigure
          id="most-active-maps-chart"
          title="Most active maps"
          summary={mostActiveMapsSummary(mostActiveMaps, periodLabel)}
          table={<DataTable caption="Most active maps" head={["Map", "Records", "Drivers"]} rows={mostActiveMaps.map((map) => [map.name, map.records, map.drivers])} />}
        >
          <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 320, height: 256 }}>
            <BarChart data={mostActiveMaps} layout="vertical" margin={{ top: 0, right: 12, bottom: 0, left: 0 }} barCategoryGap={4} accessibilityLayer={false}>
              <CartesianGrid stroke={chartColors.grid} strokeDasharray="3 3" horizontal={false} />
              <XAxis type="number" allowDecimals={false} tick={axisTick} stroke={chartColors.grid} />
              <YAxis type="category" dataKey="name" width={118} interval={0} tick={axisTick} tickFormatter={(name: string) => truncate(name, 18)} stroke={chartColors.grid} />
              <Tooltip content={MapTooltip} cursor={{ fill: "#eef8ff" }} />
              <Bar dataKey="records" fill={chartColors.line} isAnimationActive={false} radius={[0, 2, 2, 0]} />
            </BarChart>
          </ResponsiveContainer>
        </ChartFigure>
      </div>
    </div>
  );
}
