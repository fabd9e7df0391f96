"use server";

import { revalidatePath } from "next/cache";
import { endUserSessions, resendConfirmationForUser, setUserDisabled, setUserDisabledSchema, setUserRole, setUserRoleSchema } from "@/lib/admin";
import { setAlertModeForUser, setAlertModeSchema } from "@/lib/alerts";
import { adminAction } from "./door";

// The admin's Users pages. The door re-checks the admin role on every post: a server action is a
// public POST endpoint, whatever page rendered its form.

function refreshUserPages(userId: string) {
  revalidatePath("/admin/users");
  revalidatePath(`/admin/users/${userId}`);
}

export const setUserRoleAction = adminAction({ fields: ["userId", "role"], schema: setUserRoleSchema }, async ({ actor, input }) => {
  const user = await setUserRole(actor, input);
  refreshUserPages(user.id);
  return { status: "success", message: user.role === "ADMIN" ? `${user.email} is now an admin.` : `${user.email} is no longer an admin.` };
});

export const setUserDisabledAction = adminAction({ fields: ["userId", "disabled"], schema: setUserDisabledSchema }, async ({ actor, input }) => {
  const user = await setUserDisabled(actor, input);
  refreshUserPages(user.id);
  return {
    status: "success",
    message: user.disabledAt
      ? `${user.email} is disabled: signed out everywhere, no sign-in, no digests.`
      : `${user.email} is enabled again and can sign in.`,
  };
});

export const endUserSessionsAction = adminAction({ fields: ["userId"] }, async ({ actor, input }) => {
  const { userId, email, devices } = await endUserSessions(actor, input);
  refreshUserPages(userId);
  const listed = devices === 0 ? "none was listed; any older session is ended too" : devices === 1 ? "1 device" : `${devices} devices`;
  return { status: "success", message: `${email} is signed out of every device (${listed}).` };
});

export const resendConfirmationAction = adminAction({ fields: ["userId"] }, async ({ actor, input }) => {
  const { email } = await resendConfirmationForUser(actor, input);
  // The local outbox lists the new email.
  revalidatePath("/admin/outbox");
  return { status: "success", message: `A new confirmation link is on its way to ${email}.` };
});

export const setUserAlertModeAction = adminAction({ fields: ["alertId", "mode"], schema: setAlertModeSchema }, async ({ actor, input }) => {
  const alert = await setAlertModeForUser(actor, input);
  revalidatePath("/admin/users", "layout");
  return { status: "success", message: `Saved: ${alert.mode === "POSITION" ? "position" : "accurate"} mode from the next check.` };
});
