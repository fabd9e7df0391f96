"use server";

import { revalidatePath } from "next/cache";
import { readFormFields } from "@/lib/accounts/form-fields";
import { endUserSessions, resendConfirmationForUser, setUserDisabled, setUserRole, type SetUserDisabledInput, type SetUserRoleInput } from "@/lib/admin";
import { setAlertModeForUser, type SetAlertModeInput } from "@/lib/alerts";
import { requireAdmin } from "@/lib/auth/session";
import { formStateFromError, type FormState } from "./form-state";

// The admin's Users pages. Each action re-checks the admin role itself: a server action is a public
// POST endpoint, whatever page rendered its form.

function refreshUserPages(userId: string) {
  revalidatePath("/admin/users");
  revalidatePath(`/admin/users/${userId}`);
}

export async function setUserRoleAction(_state: FormState, formData: FormData): Promise<FormState> {
  try {
    const admin = await requireAdmin();
    const user = await setUserRole(admin, readFormFields(formData, ["userId", "role"]) as SetUserRoleInput);
    refreshUserPages(user.id);
    return { status: "success", message: user.role === "ADMIN" ? `${user.email} is now an admin.` : `${user.email} is no longer an admin.` };
  } catch (error) {
    return formStateFromError(error);
  }
}

export async function setUserDisabledAction(_state: FormState, formData: FormData): Promise<FormState> {
  try {
    const admin = await requireAdmin();
    const user = await setUserDisabled(admin, readFormFields(formData, ["userId", "disabled"]) as SetUserDisabledInput);
    refreshUserPages(user.id);
    return {
      status: "success",
      message: user.disabledAt
        ? `${user.email} is disabled: signed out everywhere, no sign-in, no digests.`
        : `${user.email} is enabled again and can sign in.`,
    };
  } catch (error) {
    return formStateFromError(error);
  }
}

export async function endUserSessionsAction(_state: FormState, formData: FormData): Promise<FormState> {
  try {
    const admin = await requireAdmin();
    const { userId, email, devices } = await endUserSessions(admin, readFormFields(formData, ["userId"]));
    refreshUserPages(userId);
    const listed = devices === 0 ? "none was listed; any older session is ended too" : devices === 1 ? "1 device" : `${devices} devices`;
    return { status: "success", message: `${email} is signed out of every device (${listed}).` };
  } catch (error) {
    return formStateFromError(error);
  }
}

export async function resendConfirmationAction(_state: FormState, formData: FormData): Promise<FormState> {
  try {
    const admin = await requireAdmin();
    const { email } = await resendConfirmationForUser(admin, readFormFields(formData, ["userId"]));
    // The local outbox lists the new email.
    revalidatePath("/admin/outbox");
    return { status: "success", message: `A new confirmation link is on its way to ${email}.` };
  } catch (error) {
    return formStateFromError(error);
  }
}

export async function setUserAlertModeAction(_state: FormState, formData: FormData): Promise<FormState> {
  try {
    const admin = await requireAdmin();
    const alert = await setAlertModeForUser(admin, readFormFields(formData, ["alertId", "mode"]) as SetAlertModeInput);
    revalidatePath("/admin/users", "layout");
    return { status: "success", message: `Saved: ${alert.mode === "POSITION" ? "position" : "accurate"} mode from the next check.` };
  } catch (error) {
    return formStateFromError(error);
  }
}
