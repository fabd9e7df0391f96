import { z } from "zod";

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
