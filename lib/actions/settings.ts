"use server";

import { revalidatePath } from "next/cache";
import { cookies } from "next/headers";
import { signIn, signOut } from "@/lib/auth";
import { clearedLinkIntentCookie, linkIntentCookie, TRACKMANIA_PROVIDER_ID, trackmaniaOutcomes } from "@/lib/auth/trackmania-provider";
import { AppError } from "@/lib/errors";
import { returnPathOrDashboard } from "@/lib/http";
import { readFormFields } from "@/lib/accounts/form-fields";
import {
  createTrackmaniaLinkIntent,
  deleteAccount,
  deleteAccountSchema,
  updateProfile,
  profileSettingsSchema,
  setTrackmaniaName,
  trackmaniaNameSchema,
  unlinkTrackmaniaAccount,
  updateDigestSettings,
} from "@/lib/settings";

import { publicFormAction, userAction, userFormAction } from "./door";
import type { FormState } from "./form-state";

const SETTINGS_PATH = "/settings";

/** A domain error about one of this form's fields is shown beside that field; anything else goes the common way. */
function besideField(fields: readonly string[]) {
  return (error: unknown, values: Record<string, string> | undefined): FormState | undefined => {
    if (!(error instanceof AppError) || !fields.includes(error.surface)) return undefined;
    // The reason is shown once, under its field; the banner only points there.
    return { status: "invalid", message: "Check the highlighted field.", fieldErrors: { [error.surface]: [error.message] }, values };
  };
}

// A form may be posted long after its page was rendered: a signed-out visitor signs in and comes back here.
const signedIn = { signInReturnTo: SETTINGS_PATH };

export const updateProfileAction = userAction(
  { ...signedIn, fields: ["name"], refill: ["name"], schema: profileSettingsSchema, errorState: besideField(["name"]) },
  async ({ actor, input }) => {
    await updateProfile(actor, input);
    revalidatePath(SETTINGS_PATH);
    return { status: "success", message: "Name saved." };
  },
);

const digestFields = ["emailNotifications", "reportOwnImprovements", "digestHour", "timezone"] as const;

export const updateDigestSettingsAction = userAction(
  { ...signedIn, fields: digestFields, refill: digestFields, errorState: besideField(digestFields) },
  async ({ actor, input }) => {
    // An unticked checkbox is simply absent from the form.
    await updateDigestSettings(actor, {
      ...input,
      emailNotifications: input.emailNotifications ?? false,
      reportOwnImprovements: input.reportOwnImprovements ?? false,
    } as Parameters<typeof updateDigestSettings>[1]);
    revalidatePath(SETTINGS_PATH);
    return { status: "success", message: "Email settings saved." };
  },
);

export const setTrackmaniaNameAction = userAction(
  { ...signedIn, fields: ["displayName"], refill: ["displayName"], schema: trackmaniaNameSchema, errorState: besideField(["displayName"]) },
  async ({ actor, input }) => {
    const saved = await setTrackmaniaName(actor, input);
    revalidatePath(SETTINGS_PATH);
    return { status: "success", message: `Saved ${saved.tmDisplayName} (unverified). Link the account to verify it.` };
  },
);

export const unlinkTrackmaniaAction = userAction(signedIn, async ({ actor }) => {
  await unlinkTrackmaniaAccount(actor);
  revalidatePath(SETTINGS_PATH);
  return { status: "success", message: "Trackmania account removed from your Trackwatch account." };
});

/** "Link Trackmania account": remembers who asked (see trackmania-link-intent.ts), then off to Trackmania. */
export const linkTrackmaniaAction = userFormAction(signedIn, async ({ actor }) => {
  const cookie = linkIntentCookie(await createTrackmaniaLinkIntent(actor));
  (await cookies()).set(cookie.name, cookie.value, cookie.options);
  await signIn(TRACKMANIA_PROVIDER_ID, { redirectTo: trackmaniaOutcomes.linked });
});

/** "Sign in with Trackmania" (sign-in page): a leftover link intent must not turn it into a link. */
export const signInWithTrackmaniaAction = publicFormAction(async ({ formData }) => {
  (await cookies()).delete(clearedLinkIntentCookie);
  const { next } = readFormFields(formData, ["next"]);
  await signIn(TRACKMANIA_PROVIDER_ID, { redirectTo: returnPathOrDashboard(next) });
});

export const deleteAccountAction = userAction(
  { ...signedIn, fields: ["confirmation"], schema: deleteAccountSchema, errorState: besideField(["confirmation"]) },
  async ({ actor, input }) => {
    await deleteAccount(actor, input);
    await signOut({ redirectTo: "/?account=deleted" });
    return { status: "success", message: "Your account has been deleted." };
  },
);
