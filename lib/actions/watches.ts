"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import type { ActingUser } from "@/lib/actor";
import { AppError } from "@/lib/errors";
import {
  createDriverWatch,
  deleteDriverWatch,
  findWatchMaps,
  getCachedMapperMaps,
  importDriverWatches,
  importDriverWatchesSchema,
  listMapperMaps,
  mapListingSchema,
  previewDriverWatch,
  setWatchPaused,
  updateWatchCondition,
  watchIdSchema,
  type CreateDriverWatchInput,
  type FindWatchMapsInput,
  type UpdateWatchConditionInput,
  type ListMapperMapsInput,
  type MapListing,
  type PreviewDriverWatchInput,
  type WatchLookupState,
} from "@/lib/watches";
import { userAction, userStateAction } from "./door";
import { formStateFromError, formValues, type FormState } from "./form-state";

const WATCHES_PATH = "/watches";

/**
 * The watch forms send "when to tell me" as one choice, `rule`: PASSED, LEFT_TOP_N:<N> or
 * LOST_WORLD_RECORD (one select is simpler to use than a condition plus a depth). The domain checks
 * the parts.
 */
function ruleParts(rule: unknown): { condition: string; topN: string } {
  const [condition = "", topN = ""] = (typeof rule === "string" ? rule : "").split(":", 2);
  return { condition, topN };
}

/** Domain errors about the rule belong beside its select; the rest above the form. */
function ruleFieldErrors(error: unknown, values: Record<string, string> | undefined): FormState | undefined {
  const state = formStateFromError(error, values);
  if (state.status === "invalid" && (state.fieldErrors.condition || state.fieldErrors.topN)) {
    return { ...state, fieldErrors: { ...state.fieldErrors, rule: [...(state.fieldErrors.condition ?? []), ...(state.fieldErrors.topN ?? [])] } };
  }
  return state;
}

export const createDriverWatchAction = userAction(
  { fields: ["mapUid", "rule"], refill: ["mapUid", "rule"], errorState: ruleFieldErrors },
  async ({ actor, input }) => {
    const watch = await createDriverWatch(actor, { mapUid: input.mapUid as string, ...ruleParts(input.rule) } as CreateDriverWatchInput);
    revalidatePath(WATCHES_PATH);
    redirect(`${WATCHES_PATH}?added=${encodeURIComponent(watch.id)}#watch-${encodeURIComponent(watch.id)}`);
  },
);

export const updateWatchConditionAction = userAction(
  { fields: ["watchId", "rule"], refill: ["watchId", "rule"], errorState: ruleFieldErrors },
  async ({ actor, input }) => {
    await updateWatchCondition(actor, { watchId: input.watchId as string, ...ruleParts(input.rule) } as UpdateWatchConditionInput);
    revalidatePath(WATCHES_PATH);
    return { status: "success", message: "Saved." };
  },
);

export const setWatchPausedAction = userAction({ fields: ["watchId", "paused"], refill: ["watchId", "paused"] }, async ({ actor, input }) => {
  const saved = await setWatchPaused(actor, { watchId: input.watchId as string, paused: input.paused === "true" });
  revalidatePath(WATCHES_PATH);
  return { status: "success", message: saved.status === "INACTIVE" ? "Paused." : "Resumed." };
});

export const deleteDriverWatchAction = userAction({ fields: ["watchId"], refill: ["watchId"], schema: z.object({ watchId: watchIdSchema }) }, async ({ actor, parsed }) => {
  const removed = await deleteDriverWatch(actor, parsed.watchId);
  revalidatePath(WATCHES_PATH);
  return { status: "success", message: `Stopped watching ${removed.mapName}.` };
});

/**
 * Imports a whole campaign or month in one request: the form's answer without JavaScript. With it,
 * the page streams the same work from /api/watches/import to show each map as it is read.
 */
export const importDriverWatchesAction = userAction(
  { fields: ["source"], refill: ["source"], schema: importDriverWatchesSchema },
  async ({ actor, input }) => {
    const result = await importDriverWatches(actor, input);
    revalidatePath(WATCHES_PATH);
    return { status: "success", message: result.message };
  },
);

/** What a look-up keeps from the state before it: the forms' values and the maps listed (the browser sends them back, so they are checked). */
const keptLookupSchema = z.object({
  values: z.object({ query: z.string().max(300), mapper: z.string().max(64) }),
  listing: mapListingSchema.nullable(),
});

type Kept = Pick<WatchLookupState, "values" | "listing">;

/** What the browser sent back of the state before, once checked; anything else starts afresh. */
function keptFrom(previous: unknown): Kept {
  const before = keptLookupSchema.safeParse(previous);
  return before.success ? before.data : { values: { query: "", mapper: "" }, listing: null };
}

/** A refusal to show: what was typed wrong, or the domain's reason; anything else is logged and said plainly. */
function refusal(error: unknown, kept: Kept, field: "query" | "mapper" | null): WatchLookupState {
  if (error instanceof z.ZodError) return { ...kept, status: "refused", field, message: error.issues[0]?.message ?? "Check what you typed." };
  const state = formStateFromError(error);
  return { ...kept, status: "refused", field: error instanceof AppError ? field : null, message: state.status === "idle" ? "" : state.message };
}

async function previewed(user: ActingUser, mapUid: unknown, kept: Kept): Promise<WatchLookupState> {
  try {
    return { ...kept, status: "previewed", preview: await previewDriverWatch(user, { mapUid } as PreviewDriverWatchInput) };
  } catch (error) {
    // A map that cannot be watched (no time, hidden times, unknown) is said above the results.
    return refusal(error, kept, null);
  }
}

/**
 * The look-ups of "Add a watch", always posted: each one asks Trackmania and spends one of the user's
 * look-ups, so none may run from an address another site can link to (see getWatchesPage). `intent`
 * says which: `find` (a name, link, uid or TMX id; one map named exactly goes straight to its
 * preview), `mapper` (their newest maps), or `preview` (the user's time on `mapUid`, keeping the maps
 * listed so another can be picked: from the state, or `listedMapper`'s listing in the shared cache).
 */
export const lookUpWatchMapAction = userStateAction<WatchLookupState, "intent" | "query" | "mapper" | "mapUid" | "listedMapper">(
  { fields: ["intent", "query", "mapper", "mapUid", "listedMapper"], refused: (error, previous) => refusal(error, keptFrom(previous), null) },
  async ({ actor: user, input: fields, previous, formData }) => {
    const typed = formValues(formData, ["query", "mapper"]);
    const kept = keptFrom(previous);
    switch (fields.intent) {
      case "find": {
        const asked: Kept = { ...kept, values: { ...kept.values, query: typed.query!.slice(0, 300) } };
        let listing: MapListing;
        try {
          const found = await findWatchMaps(user, { query: fields.query } as FindWatchMapsInput);
          // A link, uid or TMX id names one map: straight to its preview.
          if (found.exact && found.candidates.length === 1) return previewed(user, found.candidates[0]!.uid, asked);
          listing = { kind: "search", query: (fields.query as string).trim(), candidates: found.candidates };
        } catch (error) {
          return refusal(error, asked, "query");
        }
        return { ...asked, status: "listed", listing };
      }
      case "mapper": {
        const asked: Kept = { ...kept, values: { ...kept.values, mapper: typed.mapper!.slice(0, 64) } };
        try {
          return { ...asked, status: "listed", listing: await listMapperMaps(user, { mapper: fields.mapper } as ListMapperMapsInput) };
        } catch (error) {
          return refusal(error, asked, "mapper");
        }
      }
      case "preview": {
        // A mapper's listing the page showed from its address is not in the state: it is in the shared cache (free).
        const listing = kept.listing ?? (await getCachedMapperMaps({ mapper: fields.listedMapper } as ListMapperMapsInput));
        return previewed(user, fields.mapUid, { ...kept, listing });
      }
      default:
        return { ...kept, status: "refused", field: null, message: "Choose what to look up." };
    }
  },
);
