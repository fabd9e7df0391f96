"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import {
  alertIdSchema,
  createMapperAlert,
  deleteMapperAlert,
  setAlertMapMuted,
  setAlertMode,
  setAlertModeSchema,
  updateAlertFilter,
  updateAlertFilterSchema,
} from "@/lib/alerts";
import { AppError } from "@/lib/errors";
import { userAction } from "./door";
import type { FormState } from "./form-state";

/** Domain errors that belong beside one field of the alert forms rather than above the form. */
const fieldBySurface: Record<string, string> = { mapper_name: "displayName", mapper: "mapper" };

function alertFieldError(error: unknown, values: Record<string, string> | undefined): FormState | undefined {
  if (!(error instanceof AppError) || !fieldBySurface[error.surface]) return undefined;
  return { status: "invalid", message: "Check the highlighted field.", fieldErrors: { [fieldBySurface[error.surface]!]: [error.message] }, values };
}

export const createMapperAlertAction = userAction(
  { fields: ["mapper", "displayName"], refill: ["mapper", "displayName"], errorState: alertFieldError },
  async ({ actor, input }) => {
    // "self" needs no name: a leftover name field from the other choice must not refuse it.
    const alert = await createMapperAlert(
      actor,
      input.mapper === "self" ? { mapper: "self" } : { mapper: input.mapper as "name", displayName: input.displayName as string },
    );
    revalidatePath("/alerts");
    redirect(`/alerts/${alert.id}`);
  },
);

export const updateAlertFilterAction = userAction(
  { fields: ["alertId", "recordFilter", "topN"], refill: ["alertId", "recordFilter", "topN"], schema: updateAlertFilterSchema, errorState: alertFieldError },
  async ({ actor, input }) => {
    const saved = await updateAlertFilter(actor, input);
    revalidatePath(`/alerts/${saved.id}`);
    revalidatePath("/alerts");
    return { status: "success", message: "Saved: the next digest uses this choice." };
  },
);

export const setAlertMapMutedAction = userAction(
  { fields: ["alertId", "mapUid", "muted"], refill: ["alertId", "mapUid", "muted"], errorState: alertFieldError },
  async ({ actor, input, values }) => {
    const saved = await setAlertMapMuted(actor, { alertId: input.alertId as string, mapUid: input.mapUid as string, muted: input.muted === "true" });
    revalidatePath(`/alerts/${values.alertId}`);
    revalidatePath("/alerts");
    return { status: "success", message: saved.muted ? "Muted." : "Unmuted." };
  },
);

export const setAlertModeAction = userAction(
  { fields: ["alertId", "mode"], refill: ["alertId", "mode"], schema: setAlertModeSchema, errorState: alertFieldError },
  async ({ actor, input }) => {
    const saved = await setAlertMode(actor, input);
    revalidatePath(`/alerts/${saved.id}`);
    revalidatePath("/alerts");
    const mode = saved.mode === "POSITION" ? "position mode" : "accurate mode";
    return { status: "success", message: saved.modeChosenByUser ? `Saved: ${mode}.` : `Saved: automatic (now ${mode}).` };
  },
);

export const deleteMapperAlertAction = userAction(
  { fields: ["alertId"], refill: ["alertId"], schema: z.object({ alertId: alertIdSchema }), errorState: alertFieldError },
  async ({ actor, parsed }) => {
    await deleteMapperAlert(actor, parsed.alertId);
    revalidatePath("/alerts");
    redirect("/alerts");
  },
);
