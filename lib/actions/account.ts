"use server";

import { redirect } from "next/navigation";
import { signIn, signOut } from "@/lib/auth";
import { currentUser, requireUser } from "@/lib/auth/session";
import { changePassword } from "@/lib/accounts/change-password";
import { getEmailVerification } from "@/lib/accounts/get-email-verification";
import { readFormFields } from "@/lib/accounts/form-fields";
import { resendVerificationEmail } from "@/lib/accounts/resend-verification-email";
import { signOutEverywhere } from "@/lib/accounts/sign-out-everywhere";
import { verifyEmail } from "@/lib/accounts/verify-email";
import { AppError } from "@/lib/errors";
import { requestClientIp } from "@/lib/ratelimit";
import { PASSWORD_CHANGED_PARAM } from "@/components/auth/password-changed";
import { formStateFromError, type FormState } from "./form-state";

/** The session is checked here as in every action: a form may be posted long after the page loaded. */
async function sessionUserOrSignIn(returnTo: string) {
  try {
    return await requireUser();
  } catch (error) {
    if (error instanceof AppError && error.type === "unauthorized") redirect(`/sign-in?next=${encodeURIComponent(returnTo)}`);
    throw error;
  }
}

export async function changePasswordAction(_state: FormState, formData: FormData): Promise<FormState> {
  const actor = await sessionUserOrSignIn("/settings");
  const fields = readFormFields(formData, ["currentPassword", "newPassword"]);
  try {
    await changePassword(actor, fields);
  } catch (error) {
    if (error instanceof AppError && error.surface === "current-password") {
      return { status: "invalid", message: error.message, fieldErrors: { currentPassword: [error.message] } };
    }
    return formStateFromError(error);
  }
  // Every session ended with the change, this one included; a fresh one keeps this browser signed in.
  try {
    await signIn("credentials", { email: actor.email, password: fields.newPassword as string, redirect: false });
  } catch (error) {
    console.error("[change-password] signing this browser in again failed", error);
    redirect("/sign-in?reason=password-changed");
  }
  // A redirect, not returned state: Next re-renders the page after an action that set cookies, and that
  // render still reads this request's old session cookie (now revoked), which would bounce the user to
  // sign-in. Next forwards the new cookie to a redirect's render. The form shows its success from the URL.
  redirect(`/settings?${PASSWORD_CHANGED_PARAM}=changed#password`);
}

export async function signOutEverywhereAction(): Promise<void> {
  const actor = await sessionUserOrSignIn("/settings");
  await signOutEverywhere(actor);
  await signOut({ redirectTo: "/sign-in?reason=signed-out-everywhere" });
}

export async function resendVerificationAction(_state: FormState, _formData: FormData): Promise<FormState> {
  const actor = await sessionUserOrSignIn("/verify-email");
  try {
    const { email } = await resendVerificationEmail(actor, { ip: await requestClientIp() });
    return { status: "success", message: `We sent a new confirmation link to ${email}. It works for 24 hours.` };
  } catch (error) {
    return formStateFromError(error);
  }
}

/**
 * Confirms an email address from the link's token. A button press rather than the page load: mail
 * scanners (Outlook's Safe Links and the like) open every link in an email, and a GET that used the
 * single-use token up would leave the reader facing "this link does not work". No session needed:
 * the token alone proves the mailbox.
 */
export async function confirmEmailAction(_state: FormState, formData: FormData): Promise<FormState> {
  try {
    const { email } = await verifyEmail(readFormFields(formData, ["token"]));
    return { status: "success", message: `Thanks: ${email} is confirmed. Your daily digests will arrive there.` };
  } catch (error) {
    // A used-up link pressed again by its signed-in, confirmed owner is not a failure for them.
    const user = error instanceof AppError && error.type === "bad_request" ? await currentUser() : null;
    const status = user ? await getEmailVerification(user) : null;
    if (status?.verifiedAt) return { status: "success", message: `${status.email} is already confirmed.` };
    return formStateFromError(error);
  }
}
