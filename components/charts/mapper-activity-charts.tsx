import type { MapperActivity } from "@/lib/history";
import { formatUtcDay } from "./chart-format";
import { ChartEmpty, ChartFigure, DataTable } from "./chart-figure";
import { DriversPerWeekDrawingSlot, MostActiveMapsDrawingSlot, RecordsPerDayDrawingSlot } from "./drawing-slots";
import { driversPerWeekSummary, mostActiveMapsSummary, recordsPerDaySummary } from "./summaries";


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
        <RecordsPerDayDrawingSlot days={recordsPerDay} />
      </ChartFigure>

      <ChartFigure
        id="drivers-per-week-chart"
        title="Different drivers per week"
        summary={driversPerWeekSummary(driversPerWeek, activity.totals.drivers)}
        table={<DataTable caption="Different drivers per ISO week (Monday, UTC)" head={["Week of", "Drivers"]} rows={driversPerWeek.map((entry) => [formatUtcDay(entry.week), entry.drivers])} />}
      >
        <DriversPerWeekDrawingSlot weeks={driversPerWeek} />
      </ChartFigure>

      <div className="lg:col-span-2">
        <ChartFigure
          id="most-active-maps-chart"
          title="Most active maps"
          summary={mostActiveMapsSummary(mostActiveMaps, periodLabel)}
          height={40 + 30 * mostActiveMaps.length}
          table={<DataTable caption="Most active maps" head={["Map", "Records", "Drivers"]} rows={mostActiveMaps.map((map) => [map.name, map.records, map.drivers])} />}
        >
          <MostActiveMapsDrawingSlot maps={mostActiveMaps} />
        </ChartFigure>
      </div>
    </div>
  );
}
