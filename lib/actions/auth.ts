"use server";

import { AuthError } from "next-auth";
import { redirect } from "next/navigation";
import { after } from "next/server";
import { signIn, signOut } from "@/lib/auth";
import { PasswordSignInRefused } from "@/lib/accounts/authorize-credentials";
import { passwordSignInSchema } from "@/lib/accounts/authenticate-with-password";
import { registerUser } from "@/lib/accounts/register-user";
import { requestPasswordReset } from "@/lib/accounts/request-password-reset";
import { resetPassword } from "@/lib/accounts/reset-password";
import { returnPathOrDashboard } from "@/lib/http";
import { requestClientIp } from "@/lib/ratelimit";
import { publicAction, publicFormAction } from "./door";
import { formStateFromError, type FormState } from "./form-state";

/** A refused Auth.js sign-in as form state: our own reasons (with retry time) when authorize gave one. */
function signInErrorState(error: AuthError, values: Record<string, string>): FormState {
  if (error instanceof PasswordSignInRefused) return formStateFromError(error.reason, values);
  // Anything our own sign-in code could not do (the session store out, say) is not the password's fault.
  if (error.type === "CallbackRouteError") {
    return { status: "error", message: "We could not sign you in just now: part of our service is unreachable. Try again in a minute.", values };
  }
  const disabled = (error as { code?: string }).code === "account_disabled";
  return {
    status: "error",
    message: disabled ? "This account has been disabled. Contact the site admin." : "Email or password is incorrect.",
    values,
  };
}

export const signInAction = publicAction(
  { fields: ["email", "password", "next"], refill: ["email"], errorState: (error, values) => (error instanceof AuthError ? signInErrorState(error, values ?? {}) : undefined) },
  async ({ input, values }) => {
    const parsed = passwordSignInSchema.safeParse(input);
    if (!parsed.success) {
      const state = formStateFromError(parsed.error, values);
      const missing = !input.email || !input.password;
      return missing && state.status === "invalid" ? { ...state, message: "Enter your email and password." } : state;
    }
    await signIn("credentials", { email: parsed.data.email, password: parsed.data.password, redirect: false });
    redirect(returnPathOrDashboard(input.next));
  },
);

export const signUpAction = publicAction(
  { fields: ["name", "email", "password", "timezone"], refill: ["name", "email"] },
  async ({ input }) => {
    const { email } = await registerUser(input, { ip: await requestClientIp() });
    try {
      await signIn("credentials", { email, password: input.password as string, redirect: false });
    } catch (error) {
      // The account exists; only the automatic sign-in failed (e.g. the network's sign-in limit).
      console.error("[sign-up] automatic sign-in failed", error);
      redirect("/sign-in?reason=account-created");
    }
    redirect("/dashboard");
  },
);

export const signOutAction = publicFormAction(async () => {
  await signOut({ redirectTo: "/" });
});

export const requestPasswordResetAction = publicAction({ fields: ["email"], refill: ["email"] }, async ({ input }) => {
  const { message } = await requestPasswordReset(input, { ip: await requestClientIp(), deliver: (work) => after(work) });
  return { status: "success", message };
});

export const resetPasswordAction = publicAction({ fields: ["token", "password"] }, async ({ input }) => {
  await resetPassword(input);
  redirect("/sign-in?reason=password-reset");
});
