"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import {
  createDriverWatch,
  deleteDriverWatch,
  importDriverWatches,
  setWatchPaused,
  updateWatchCondition,
  type CreateDriverWatchInput,
  type ImportDriverWatchesInput,
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
