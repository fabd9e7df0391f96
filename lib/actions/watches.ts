"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { readFormFields } from "@/lib/accounts/form-fields";
import { requireUser, type ActingUser } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import {
  createDriverWatch,
  deleteDriverWatch,
  findWatchMaps,
  getCachedMapperMaps,
  importDriverWatches,
  listMapperMaps,
  mapListingSchema,
  previewDriverWatch,
  setWatchPaused,
  updateWatchCondition,
  type CreateDriverWatchInput,
  type FindWatchMapsInput,
  type ImportDriverWatchesInput,
  type ListMapperMapsInput,
  type MapListing,
  type PreviewDriverWatchInput,
  type WatchLookupState,
} from "@/lib/watches";
import { formStateFromError, formValues, type FormState } from "./form-state";

const WATCHES_PATH = "/watches";

/**
 * The watch forms send "when to tell me" as one choice, `rule`: PASSED, LEFT_TOP_N:<N> or
 * LOST_WORLD_RECORD (one select is simpler to use than a condition plus a depth). The domain checks
 * the parts.
 */
function ruleParts(rule: string | undefined): { condition: string; topN: string } {
  const [condition = "", topN = ""] = (rule ?? "").split(":", 2);
  return { condition, topN };
}

/** Domain errors about the rule belong beside its select; the rest above the form. */
function watchFormState(error: unknown, values?: Record<string, string>): FormState {
  const state = formStateFromError(error, values);
  if (state.status === "invalid" && (state.fieldErrors.condition || state.fieldErrors.topN)) {
    return { ...state, fieldErrors: { ...state.fieldErrors, rule: [...(state.fieldErrors.condition ?? []), ...(state.fieldErrors.topN ?? [])] } };
  }
  return state;
}

export async function createDriverWatchAction(_state: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData, ["mapUid", "rule"]);
  let watchId: string;
  try {
    const user = await requireUser();
    const input = { mapUid: values.mapUid!, ...ruleParts(values.rule) } as CreateDriverWatchInput;
    watchId = (await createDriverWatch(user, input)).id;
  } catch (error) {
    return watchFormState(error, values);
  }
  revalidatePath(WATCHES_PATH);
  redirect(`${WATCHES_PATH}?added=${encodeURIComponent(watchId)}#watch-${encodeURIComponent(watchId)}`);
}

export async function updateWatchConditionAction(_state: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData, ["watchId", "rule"]);
  try {
    const user = await requireUser();
    await updateWatchCondition(user, { watchId: values.watchId!, ...ruleParts(values.rule) } as never);
    revalidatePath(WATCHES_PATH);
    return { status: "success", message: "Saved." };
  } catch (error) {
    return watchFormState(error, values);
  }
}

export async function setWatchPausedAction(_state: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData, ["watchId", "paused"]);
  try {
    const user = await requireUser();
    const saved = await setWatchPaused(user, { watchId: values.watchId!, paused: values.paused === "true" });
    revalidatePath(WATCHES_PATH);
    return { status: "success", message: saved.status === "INACTIVE" ? "Paused." : "Resumed." };
  } catch (error) {
    return watchFormState(error, values);
  }
}

export async function deleteDriverWatchAction(_state: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData, ["watchId"]);
  try {
    const user = await requireUser();
    const removed = await deleteDriverWatch(user, values.watchId!);
    revalidatePath(WATCHES_PATH);
    return { status: "success", message: `Stopped watching ${removed.mapName}.` };
  } catch (error) {
    return watchFormState(error, values);
  }
}

/**
 * Imports a whole campaign or month in one request: the form's answer without JavaScript. With it,
 * the page streams the same work from /api/watches/import to show each map as it is read.
 */
export async function importDriverWatchesAction(_state: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData, ["source"]);
  try {
    const user = await requireUser();
    const result = await importDriverWatches(user, { source: values.source } as ImportDriverWatchesInput);
    revalidatePath(WATCHES_PATH);
    return { status: "success", message: result.message };
  } catch (error) {
    return watchFormState(error, values);
  }
}

/** What a look-up keeps from the state before it: the forms' values and the maps listed (the browser sends them back, so they are checked). */
const keptLookupSchema = z.object({
  values: z.object({ query: z.string().max(300), mapper: z.string().max(64) }),
  listing: mapListingSchema.nullable(),
});

type Kept = Pick<WatchLookupState, "values" | "listing">;

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
export async function lookUpWatchMapAction(previous: WatchLookupState, formData: FormData): Promise<WatchLookupState> {
  const fields = readFormFields(formData, ["intent", "query", "mapper", "mapUid", "listedMapper"]);
  const typed = formValues(formData, ["query", "mapper"]);
  const before = keptLookupSchema.safeParse(previous);
  const kept: Kept = before.success ? before.data : { values: { query: "", mapper: "" }, listing: null };
  let user: ActingUser;
  try {
    user = await requireUser();
  } catch (error) {
    return refusal(error, kept, null);
  }
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
}
