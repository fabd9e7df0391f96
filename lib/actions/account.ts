"use server";

import { redirect } from "next/navigation";
import { signIn, signOut } from "@/lib/auth";
import { changePassword } from "@/lib/accounts/change-password";
import { getEmailVerification } from "@/lib/accounts/get-email-verification";
import { resendVerificationEmail } from "@/lib/accounts/resend-verification-email";
import { signOutEverywhere } from "@/lib/accounts/sign-out-everywhere";
import { verifyEmail } from "@/lib/accounts/verify-email";
import { AppError } from "@/lib/errors";
import { requestClientIp } from "@/lib/ratelimit";
import { PASSWORD_CHANGED_PARAM } from "@/components/auth/password-changed";
import { publicAction, userAction, userFormAction } from "./door";
import type { FormState } from "./form-state";

/** The old password refused is that field's error, not the form's. */
function currentPasswordRefused(error: unknown): FormState | undefined {
  if (!(error instanceof AppError) || error.surface !== "current-password") return undefined;
  return { status: "invalid", message: error.message, fieldErrors: { currentPassword: [error.message] } };
}

export const changePasswordAction = userAction(
  { signInReturnTo: "/settings", fields: ["currentPassword", "newPassword"], errorState: currentPasswordRefused },
  async ({ actor, input }) => {
    await changePassword(actor, input);
    // Every session ended with the change, this one included; a fresh one keeps this browser signed in.
    try {
      await signIn("credentials", { email: actor.email, password: input.newPassword as string, redirect: false });
    } catch (error) {
      console.error("[change-password] signing this browser in again failed", error);
      redirect("/sign-in?reason=password-changed");
    }
    // A redirect, not returned state: Next re-renders the page after an action that set cookies, and that
    // render still reads this request's old session cookie (now revoked), which would bounce the user to
    // sign-in. Next forwards the new cookie to a redirect's render. The form shows its success from the URL.
    redirect(`/settings?${PASSWORD_CHANGED_PARAM}=changed#password`);
  },
);

export const signOutEverywhereAction = userFormAction({ signInReturnTo: "/settings" }, async ({ actor }) => {
  await signOutEverywhere(actor);
  await signOut({ redirectTo: "/sign-in?reason=signed-out-everywhere" });
});

export const resendVerificationAction = userAction({ signInReturnTo: "/verify-email" }, async ({ actor }) => {
  const { email } = await resendVerificationEmail(actor, { ip: await requestClientIp() });
  return { status: "success", message: `We sent a new confirmation link to ${email}. It works for 24 hours.` };
});

/**
 * Confirms an email address from the link's token. A button press rather than the page load: mail
 * scanners (Outlook's Safe Links and the like) open every link in an email, and a GET that used the
 * single-use token up would leave the reader facing "this link does not work". No session needed:
 * the token alone proves the mailbox.
 */
export const confirmEmailAction = publicAction({ fields: ["token"] }, async ({ actor, input }) => {
  try {
    const { email } = await verifyEmail(input);
    return { status: "success", message: `Thanks: ${email} is confirmed. Your daily digests will arrive there.` };
  } catch (error) {
    // A used-up link pressed again by its signed-in, confirmed owner is not a failure for them.
    const status = actor && error instanceof AppError && error.type === "bad_request" ? await getEmailVerification(actor) : null;
    if (status?.verifiedAt) return { status: "success", message: `${status.email} is already confirmed.` };
    throw error;
  }
});
