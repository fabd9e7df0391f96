import Link from "next/link";
import { ChartCard } from "@/components/charts/chart-card";
import { MapperActivityCharts } from "@/components/charts/mapper-activity-charts";
import { cn } from "@/components/ui/cn";
import type { AlertMapsQuery } from "@/lib/alerts";
import type { ActivityPeriod, MapperActivity } from "@/lib/history";
import { alertMapsHref } from "./alert-maps-href";

const periods: { value: ActivityPeriod; label: string; phrase: string }[] = [
  { value: "30d", label: "Last 30 days", phrase: "in the last 30 days" },
  { value: "all", label: "All time", phrase: "in everything Trackwatch knows" },
];

/** The alert's catalogue at a glance: records per day, drivers per week, busiest maps; 30 days or all time. */
export function AlertActivity({ alertId, query, period, activity }: { alertId: string; query: AlertMapsQuery; period: ActivityPeriod; activity: MapperActivity }) {
  const phrase = periods.find((choice) => choice.value === period)!.phrase;
  return (
    <section id="activity" aria-labelledby="activity-heading" className="mt-10 scroll-mt-24 space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="activity-heading" className="text-base font-semibold text-slate-900">
          Activity on these maps
        </h2>
        <nav aria-label="Activity period" className="inline-flex rounded-lg border border-slate-200 bg-white p-0.5 text-sm shadow-sm">
          {periods.map((choice) => {
            const href = alertMapsHref(alertId, query);
            const target = choice.value === "30d" ? href : `${href}${href.includes("?") ? "&" : "?"}activity=${choice.value}`;
            const current = choice.value === period;
            return (
              <Link
                key={choice.value}
                href={`${target}#activity`}
                scroll={false}
                aria-current={current ? "page" : undefined}
                className={cn("rounded-md px-3 py-1 font-medium", current ? "bg-brand-600 text-white" : "text-slate-700 hover:bg-slate-100")}
              >
                {choice.label}
              </Link>
            );
          })}
        </nav>
      </div>
      <p className="text-xs text-slate-500">Days and weeks are UTC. Counts come from the leaderboards Trackwatch has read: each map&apos;s current top and every change seen since.</p>
      <ChartCard>
        <MapperActivityCharts activity={activity} periodLabel={phrase} />
      </ChartCard>
    </section>
  );
}
