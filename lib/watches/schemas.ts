import { z } from "zod";

/** Inputs of the driver-watch domain, parsed at its edge (actions and routes pass raw form values). */

export const watchConditions = ["PASSED", "LEFT_TOP_N", "LOST_WORLD_RECORD"] as const;
export type WatchConditionValue = (typeof watchConditions)[number];

/** The depths a "drop out of the top N" watch can use; 10,000 is as deep as Nadeo's top reaches. */
export const watchTopNChoices = [10, 100, 1_000, 10_000] as const;
export type WatchTopN = (typeof watchTopNChoices)[number];

const watchId = z.string().trim().min(1, "Which watch?").max(64, "Which watch?");
export const watchIdSchema = watchId;

/** Map uids are short base64-like strings; anything else is not one. */
export const mapUidSchema = z
  .string({ error: "Which map?" })
  .trim()
  .min(1, { error: "Which map?", abort: true })
  .max(64, "That is not a map uid.")
  .regex(/^[A-Za-z0-9_-]+$/, "That is not a map uid.");

const topNSchema = z.coerce
  .number({ error: "Choose 10, 100, 1,000 or 10,000." })
  .refine((value): value is WatchTopN => (watchTopNChoices as readonly number[]).includes(value), "Choose 10, 100, 1,000 or 10,000.");

/**
 * When a watch speaks up. The top N only matters for LEFT_TOP_N: the form always sends one, and it is
 * stored only with that condition.
 */
const conditionFields = {
  condition: z.enum(watchConditions, "Choose when to be told."),
  topN: z.preprocess((value) => (value === "" ? undefined : value), topNSchema.optional()),
};

function requireTopNWhenNeeded(value: { condition: WatchConditionValue; topN?: number }, context: z.RefinementCtx) {
  if (value.condition === "LEFT_TOP_N" && value.topN === undefined) {
    context.addIssue({ code: "custom", path: ["topN"], message: "Choose 10, 100, 1,000 or 10,000." });
  }
}

export const createDriverWatchSchema = z.object({ mapUid: mapUidSchema, ...conditionFields }).superRefine(requireTopNWhenNeeded);
export type CreateDriverWatchInput = z.input<typeof createDriverWatchSchema>;

export const updateWatchConditionSchema = z.object({ watchId, ...conditionFields }).superRefine(requireTopNWhenNeeded);
export type UpdateWatchConditionInput = z.input<typeof updateWatchConditionSchema>;

export const setWatchPausedSchema = z.object({ watchId, paused: z.boolean() });
export type SetWatchPausedInput = z.input<typeof setWatchPausedSchema>;

export const previewDriverWatchSchema = z.object({ mapUid: mapUidSchema });
export type PreviewDriverWatchInput = z.input<typeof previewDriverWatchSchema>;

export const FIND_QUERY_MAX = 300;
/** What the "find a map" box takes: a name, or a link / uid / Trackmania Exchange id (see map-reference.ts). */
export const findWatchMapsSchema = z.object({
  query: z
    .string({ error: "Type part of a map's name, or paste its link, uid or Trackmania Exchange id." })
    .trim()
    .min(1, "Type part of a map's name, or paste its link, uid or Trackmania Exchange id.")
    .max(FIND_QUERY_MAX, `That is longer than any map name or link (at most ${FIND_QUERY_MAX} characters).`),
});
export type FindWatchMapsInput = z.input<typeof findWatchMapsSchema>;

export const listMapperMapsSchema = z.object({
  mapper: z
    .string({ error: "Enter the mapper's Trackmania name." })
    .trim()
    .min(1, "Enter the mapper's Trackmania name.")
    .max(64, "Trackmania names are shorter than that."),
});
export type ListMapperMapsInput = z.input<typeof listMapperMapsSchema>;

/**
 * What /watches may carry in its address: words for the find box (`q`), a mapper (`mapper`), a map
 * (`map`, its uid for the find box), a watch just added. They only fill the forms in; see getWatchesPage.
 */
export const watchesPageSearchSchema = z.object({
  q: z.string().trim().max(FIND_QUERY_MAX).optional().catch(undefined),
  mapper: z.string().trim().max(64).optional().catch(undefined),
  map: z.string().trim().max(64).optional().catch(undefined),
  added: z.string().max(64).optional().catch(undefined),
});
export type WatchesPageSearch = z.input<typeof watchesPageSearchSchema>;

/** A date as it comes back: a Date from the browser, an ISO string from KV. */
const dateSchema = z.union([z.date(), z.iso.datetime().transform((text) => new Date(text))]);

const mapCandidateSchema = z.object({
  uid: z.string().max(64),
  name: z.string().max(500),
  authors: z.array(z.string().max(200)).max(100),
  tmxId: z.number().int().nullable(),
  uploadedAt: dateSchema.nullable(),
  awardCount: z.number().int().nullable(),
});

/** Maps to pick from, as kept in KV (a mapper's listing) and carried in the look-up's state. */
export const mapListingSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("search"), query: z.string().max(FIND_QUERY_MAX), candidates: z.array(mapCandidateSchema).max(100) }),
  z.object({ kind: z.literal("mapper"), mapper: z.string().max(64), candidates: z.array(mapCandidateSchema).max(100), more: z.boolean() }),
]);

export const watchImportSources = ["campaign", "totd"] as const;
export type WatchImportSource = (typeof watchImportSources)[number];
export const importDriverWatchesSchema = z.object({
  source: z.enum(watchImportSources, "Choose the current campaign or this month's Tracks of the Day."),
});
export type ImportDriverWatchesInput = z.input<typeof importDriverWatchesSchema>;
export type MapListing = z.output<typeof mapListingSchema>;
