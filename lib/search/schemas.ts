import { z } from "zod";

/** Inputs of map search, parsed at its edge (actions and routes pass raw values). */

export { periodLabels, periodStart, searchPeriods, type SearchPeriod } from "./periods";
import { searchPeriods } from "./periods";

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
