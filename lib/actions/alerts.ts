"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import {
  createMapperAlert,
  deleteMapperAlert,
  setAlertMapMuted,
  setAlertMode,
  updateAlertFilter,
  type CreateMapperAlertInput,
  type SetAlertMapMutedInput,
  type SetAlertModeInput,
  type UpdateAlertFilterInput,
} from "@/lib/alerts";
import { readFormFields } from "@/lib/accounts/form-fields";
import { requireUser } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { formStateFromError, formValues, type FormState } from "./form-state";

/** Domain errors that belong beside one field of the alert forms rather than above the form. */
const fieldBySurface: Record<string, string> = { mapper_name: "displayName", mapper: "mapper" };

function alertFormState(error: unknown, values?: Record<string, string>): FormState {
  if (error instanceof AppError && fieldBySurface[error.surface]) {
    return { status: "invalid", message: "Check the highlighted field.", fieldErrors: { [fieldBySurface[error.surface]!]: [error.message] }, values };
  }
  return formStateFromError(error, values);
}

export async function createMapperAlertAction(_state: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData, ["mapper", "displayName"]);
  const fields = readFormFields(formData, ["mapper", "displayName"]);
  let alertId: string;
  try {
    const user = await requireUser();
    const input = (fields.mapper === "self" ? { mapper: "self" } : { mapper: fields.mapper, displayName: fields.displayName }) as CreateMapperAlertInput;
    alertId = (await createMapperAlert(user, input)).id;
  } catch (error) {
    return alertFormState(error, values);
  }
  revalidatePath("/alerts");
  redirect(`/alerts/${alertId}`);
}

export async function updateAlertFilterAction(_state: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData, ["alertId", "recordFilter", "topN"]);
  try {
    const user = await requireUser();
    const saved = await updateAlertFilter(user, readFormFields(formData, ["alertId", "recordFilter", "topN"]) as UpdateAlertFilterInput);
    revalidatePath(`/alerts/${saved.id}`);
    revalidatePath("/alerts");
    return { status: "success", message: "Saved: the next digest uses this choice." };
  } catch (error) {
    return alertFormState(error, values);
  }
}

export async function setAlertMapMutedAction(_state: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData, ["alertId", "mapUid", "muted"]);
  const fields = readFormFields(formData, ["alertId", "mapUid", "muted"]);
  try {
    const user = await requireUser();
    const saved = await setAlertMapMuted(user, { ...fields, muted: fields.muted === "true" } as SetAlertMapMutedInput);
    revalidatePath(`/alerts/${values.alertId}`);
    revalidatePath("/alerts");
    return { status: "success", message: saved.muted ? "Muted." : "Unmuted." };
  } catch (error) {
    return alertFormState(error, values);
  }
}

export async function setAlertModeAction(_state: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData, ["alertId", "mode"]);
  try {
    const user = await requireUser();
    const saved = await setAlertMode(user, readFormFields(formData, ["alertId", "mode"]) as SetAlertModeInput);
    revalidatePath(`/alerts/${saved.id}`);
    revalidatePath("/alerts");
    const mode = saved.mode === "POSITION" ? "position mode" : "accurate mode";
    return { status: "success", message: saved.modeChosenByUser ? `Saved: ${mode}.` : `Saved: automatic (now ${mode}).` };
  } catch (error) {
    return alertFormState(error, values);
  }
}

export async function deleteMapperAlertAction(_state: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData, ["alertId"]);
  try {
    const user = await requireUser();
    await deleteMapperAlert(user, readFormFields(formData, ["alertId"]).alertId as string);
  } catch (error) {
    return alertFormState(error, values);
  }
  revalidatePath("/alerts");
  redirect("/alerts");
}
