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
} from "@/lib/alerts";
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
  let alertId: string;
  try {
    const user = await requireUser();
    const input: CreateMapperAlertInput =
      values.mapper === "self" ? { mapper: "self" } : { mapper: values.mapper as "name", displayName: values.displayName! };
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
    const saved = await updateAlertFilter(user, { alertId: values.alertId!, recordFilter: values.recordFilter as never, topN: values.topN! });
    revalidatePath(`/alerts/${saved.id}`);
    revalidatePath("/alerts");
    return { status: "success", message: "Saved: the next digest uses this choice." };
  } catch (error) {
    return alertFormState(error, values);
  }
}

export async function setAlertMapMutedAction(_state: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData, ["alertId", "mapUid", "muted"]);
  try {
    const user = await requireUser();
    const saved = await setAlertMapMuted(user, { alertId: values.alertId!, mapUid: values.mapUid!, muted: values.muted === "true" });
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
    const saved = await setAlertMode(user, { alertId: values.alertId!, mode: values.mode as never });
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
    await deleteMapperAlert(user, values.alertId!);
  } catch (error) {
    return alertFormState(error, values);
  }
  revalidatePath("/alerts");
  redirect("/alerts");
}
