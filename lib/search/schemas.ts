import { z } from "zod";

/** Inputs of map search, parsed at its edge (actions and routes pass raw values). */

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

export const mapperNameSchema = z
  .string("Enter a Trackmania display name.")
  .trim()
  .min(1, "Enter a Trackmania display name.")
  .max(64, "Trackmania display names are shorter than that.");

export const startMapSearchSchema = z.object({
  name: mapperNameSchema,
  period: z.enum(searchPeriods, "Choose a period."),
});
export type StartMapSearchInput = z.input<typeof startMapSearchSchema>;

export const mapSearchIdSchema = z.string("Which search?").trim().regex(/^[a-z0-9]{10,40}$/i, "No such search.");

export const searchSorts = ["activity", "name", "date"] as const;
export type SearchSort = (typeof searchSorts)[number];
export const searchSortSchema = z.enum(searchSorts).catch("activity");
