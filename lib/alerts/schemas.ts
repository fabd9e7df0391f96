import { z } from "zod";
import { searchText } from "@/lib/http/input-text-schemas";

/** Inputs of the mapper-alert domain, parsed at its edge (actions pass raw form values). */

const alertId = z.string().trim().min(1, "Which alert?").max(64);
const mapUid = z.string().trim().min(1, "Which map?").max(64);

export const mapperDisplayNameSchema = z
  .string()
  .trim()
  .min(1, "Enter the mapper's Trackmania display name.")
  .max(64, "Trackmania display names are shorter than that.");

export const createMapperAlertSchema = z.discriminatedUnion("mapper", [
  /** The user's own linked Trackmania account. */
  z.object({ mapper: z.literal("self") }),
  z.object({ mapper: z.literal("name"), displayName: mapperDisplayNameSchema }),
]);
export type CreateMapperAlertInput = z.input<typeof createMapperAlertSchema>;

export const recordFilterValues = ["ALL", "TOP_N", "WORLD_RECORD"] as const;

export const updateAlertFilterSchema = z.object({
  alertId,
  recordFilter: z.enum(recordFilterValues, "Choose which records to hear about."),
  topN: z.coerce
    .number("Enter a number.")
    .int("Enter a whole number.")
    .min(1, "Top 1 or more.")
    .max(100, "Trackwatch follows the top 100: choose at most 100."),
});
export type UpdateAlertFilterInput = z.input<typeof updateAlertFilterSchema>;

export const setAlertMapMutedSchema = z.object({ alertId, mapUid, muted: z.boolean() });
export type SetAlertMapMutedInput = z.input<typeof setAlertMapMutedSchema>;

export const alertModeChoices = ["AUTO", "ACCURATE", "POSITION"] as const;
export const setAlertModeSchema = z.object({ alertId, mode: z.enum(alertModeChoices, "Choose a check mode.") });
export type SetAlertModeInput = z.input<typeof setAlertModeSchema>;

export const alertIdSchema = alertId;

/** How an alert's maps can be ordered: latest record, newest world record, name, newest upload. */
export const alertMapSorts = ["activity", "wr", "name", "uploaded"] as const;
export type AlertMapSort = (typeof alertMapSorts)[number];

export const ALERT_MAPS_FILTER_MAX = 100;

/** Which of an alert's maps to show, and in what order: what the alert page's address carries. */
export const alertMapsQuerySchema = z.object({
  sort: z.enum(alertMapSorts).default("activity"),
  /** Part of a map's name (formatting codes stripped, any case). */
  q: z.string().trim().max(ALERT_MAPS_FILTER_MAX).default(""),
  /** Only maps with records the next digest will report. */
  news: z.boolean().default(false),
  page: z.number().int().min(1).default(1),
});
export type AlertMapsQuery = z.output<typeof alertMapsQuerySchema>;
export type AlertMapsQueryInput = z.input<typeof alertMapsQuerySchema>;

/**
 * The alert page's query string, leniently: a missing or empty parameter takes its default, and one
 * that is malformed (a hand-edited or stale link) takes its default too and is named in `ignored`,
 * so the page can say so instead of failing. The name filter is a search box: text holding a control
 * character (a RefusedText from readSearchParams) is kept, and matches no map.
 */
export function parseAlertMapsQuery(params: Record<string, unknown>): {
  query: AlertMapsQuery;
  ignored: (keyof AlertMapsQuery)[];
} {
  const query = alertMapsQuerySchema.parse({});
  const ignored: (keyof AlertMapsQuery)[] = [];
  // Each parameter on its own, so one bad value costs only itself.
  const read = <K extends keyof AlertMapsQuery>(key: K, schema: z.ZodType<AlertMapsQuery[K]>) => {
    const raw = params[key];
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (value === undefined || (typeof value === "string" && value.trim() === "")) return;
    const parsed = schema.safeParse(value);
    if (parsed.success) query[key] = parsed.data;
    else ignored.push(key);
  };
  read("sort", z.enum(alertMapSorts));
  read("q", searchText.pipe(z.string().trim().max(ALERT_MAPS_FILTER_MAX)));
  // A checkbox sends its value ("1") when ticked and nothing when not.
  read("news", z.enum(["1", "true", "on", "0", "false", "off"]).transform((value) => ["1", "true", "on"].includes(value)));
  read("page", z.coerce.number().int().min(1).max(100_000));
  return { query, ignored };
}
