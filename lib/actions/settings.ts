"use server";

import { revalidatePath } from "next/cache";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { signIn, signOut } from "@/lib/auth";
import { requireUser, type ActingUser } from "@/lib/auth/session";
import { clearedLinkIntentCookie, linkIntentCookie, TRACKMANIA_PROVIDER_ID, trackmaniaOutcomes } from "@/lib/auth/trackmania-provider";
import { AppError } from "@/lib/errors";
import { returnPathOrDashboard } from "@/lib/http";
import { readFormFields, refillValues } from "@/lib/accounts/form-fields";
import {
  createTrackmaniaLinkIntent,
  deleteAccount,
  setTrackmaniaName,
  unlinkTrackmaniaAccount,
  updateDigestSettings,
  updateProfile,
  type DeleteAccountInput,
  type DigestSettingsInput,
  type ProfileSettingsInput,
  type TrackmaniaNameInput,
} from "@/lib/settings";
import { formStateFromError, type FormState } from "./form-state";

const SETTINGS_PATH = "/settings";

/** The session is checked in every action: a form may be posted long after its page was rendered. */
async function actingUserOrSignIn(): Promise<ActingUser> {
  try {
    return await requireUser();
  } catch (error) {
    if (error instanceof AppError && error.type === "unauthorized") redirect(`/sign-in?next=${encodeURIComponent(SETTINGS_PATH)}`);
    throw error;
  }
}

/** Like `formStateFromError`, but a domain error about one of this form's fields is shown beside that field. */
function settingsErrorState(error: unknown, fields: readonly string[], values?: Record<string, string>): FormState {
  if (error instanceof AppError && fields.includes(error.surface)) {
    // The reason is shown once, under its field; the banner only points there.
    return { status: "invalid", message: "Check the highlighted field.", fieldErrors: { [error.surface]: [error.message] }, values };
  }
  return formStateFromError(error, values);
}

export async function updateProfileAction(_state: FormState, formData: FormData): Promise<FormState> {
  const actor = await actingUserOrSignIn();
  const fields = readFormFields(formData, ["name"]);
  const values = refillValues(fields, ["name"]);
  try {
    await updateProfile(actor, fields as ProfileSettingsInput);
  } catch (error) {
    return settingsErrorState(error, ["name"], values);
  }
  revalidatePath(SETTINGS_PATH);
  return { status: "success", message: "Name saved." };
}

export async function updateDigestSettingsAction(_state: FormState, formData: FormData): Promise<FormState> {
  const actor = await actingUserOrSignIn();
  const names = ["emailNotifications", "reportOwnImprovements", "digestHour", "timezone"] as const;
  const fields = readFormFields(formData, names);
  const values = refillValues(fields, names);
  try {
    // An unticked checkbox is simply absent from the form.
    await updateDigestSettings(actor, {
      ...fields,
      emailNotifications: fields.emailNotifications ?? false,
      reportOwnImprovements: fields.reportOwnImprovements ?? false,
    } as DigestSettingsInput);
  } catch (error) {
    return settingsErrorState(error, names, values);
  }
  revalidatePath(SETTINGS_PATH);
  return { status: "success", message: "Email settings saved." };
}

export async function setTrackmaniaNameAction(_state: FormState, formData: FormData): Promise<FormState> {
  const actor = await actingUserOrSignIn();
  const fields = readFormFields(formData, ["displayName"]);
  const values = refillValues(fields, ["displayName"]);
  let saved: { tmDisplayName: string | null };
  try {
    saved = await setTrackmaniaName(actor, fields as TrackmaniaNameInput);
  } catch (error) {
    return settingsErrorState(error, ["displayName"], values);
  }
  revalidatePath(SETTINGS_PATH);
  return { status: "success", message: `Saved ${saved.tmDisplayName} (unverified). Link the account to verify it.` };
}

export async function unlinkTrackmaniaAction(_state: FormState, _formData: FormData): Promise<FormState> {
  const actor = await actingUserOrSignIn();
  try {
    await unlinkTrackmaniaAccount(actor);
  } catch (error) {
    return formStateFromError(error);
  }
  revalidatePath(SETTINGS_PATH);
  return { status: "success", message: "Trackmania account removed from your Trackwatch account." };
}

/** "Link Trackmania account": remembers who asked (see trackmania-link-intent.ts), then off to Trackmania. */
export async function linkTrackmaniaAction(): Promise<void> {
  const actor = await actingUserOrSignIn();
  const cookie = linkIntentCookie(await createTrackmaniaLinkIntent(actor));
  (await cookies()).set(cookie.name, cookie.value, cookie.options);
  await signIn(TRACKMANIA_PROVIDER_ID, { redirectTo: trackmaniaOutcomes.linked });
}

/** "Sign in with Trackmania" (sign-in page): a leftover link intent must not turn it into a link. */
export async function signInWithTrackmaniaAction(formData: FormData): Promise<void> {
  (await cookies()).delete(clearedLinkIntentCookie);
  const { next } = readFormFields(formData, ["next"]);
  await signIn(TRACKMANIA_PROVIDER_ID, { redirectTo: returnPathOrDashboard(next) });
}

export async function deleteAccountAction(_state: FormState, formData: FormData): Promise<FormState> {
  const actor = await actingUserOrSignIn();
  try {
    await deleteAccount(actor, readFormFields(formData, ["confirmation"]) as DeleteAccountInput);
  } catch (error) {
    return settingsErrorState(error, ["confirmation"]);
  }
  await signOut({ redirectTo: "/?account=deleted" });
  return { status: "success", message: "Your account has been deleted." };
}
