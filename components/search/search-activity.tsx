import { ChartCard } from "@/components/charts/chart-card";
import { MapperActivityCharts } from "@/components/charts/mapper-activity-charts";
import type { MapperActivity } from "@/lib/history";
import type { SearchPeriod } from "@/lib/search/periods";

const phrases: Record<SearchPeriod, string> = {
  day: "in the last 24 hours",
  week: "in the last 7 days",
  month: "in the last 30 days",
  all: "in everything Trackwatch knows",
};

/** The searched catalogue at a glance, after its maps: records per day, drivers per week, busiest maps. */
export function SearchActivity({ mapper, period, activity }: { mapper: string; period: SearchPeriod; activity: MapperActivity }) {
  return (
    <section id="activity" aria-labelledby="activity-heading" className="scroll-mt-24 space-y-3">
      <h2 id="activity-heading" className="text-base font-semibold text-slate-900">
        Activity on {mapper}&apos;s maps
      </h2>
      <p className="text-xs text-slate-500">
        Days and weeks are UTC. Counts come from the leaderboards Trackwatch has read: each map&apos;s current top and every change seen since.
      </p>
      <ChartCard>
        <MapperActivityCharts activity={activity} periodLabel={phrases[period]} />
      </ChartCard>
    </section>
  );
}
