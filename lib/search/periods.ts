/** Search periods, without zod: client components import them (zod would weigh on every page that does). */

export const searchPeriods = ["day", "week", "month", "all"] as const;
export type SearchPeriod = (typeof searchPeriods)[number];

export const periodLabels: Record<SearchPeriod, string> = {
  day: "Last 24 hours",
  week: "Last 7 days",
  month: "Last 30 days",
  all: "All time",
};

const periodMs: Record<Exclude<SearchPeriod, "all">, number> = {
  day: 86_400_000,
  week: 7 * 86_400_000,
  month: 30 * 86_400_000,
};

/** Where a period starts, seen from `now`; null for all time. */
export function periodStart(period: SearchPeriod, now: Date): Date | null {
  return period === "all" ? null : new Date(now.getTime() - periodMs[period]);
}
