"use server";

import { AuthError } from "next-auth";
import { redirect } from "next/navigation";
import { after } from "next/server";
import { signIn, signOut } from "@/lib/auth";
import { PasswordSignInRefused } from "@/lib/accounts/authorize-credentials";
import { passwordSignInSchema } from "@/lib/accounts/authenticate-with-password";
import { readFormFields, refillValues } from "@/lib/accounts/form-fields";
import { registerUser } from "@/lib/accounts/register-user";
import { requestPasswordReset } from "@/lib/accounts/request-password-reset";
import { resetPassword } from "@/lib/accounts/reset-password";
import { returnPathOrDashboard } from "@/lib/http";
import { requestClientIp } from "@/lib/ratelimit";
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

export async function signInAction(_state: FormState, formData: FormData): Promise<FormState> {
  const fields = readFormFields(formData, ["email", "password", "next"]);
  const values = refillValues(fields, ["email"]);
  const parsed = passwordSignInSchema.safeParse(fields);
  if (!parsed.success) {
    const state = formStateFromError(parsed.error, values);
    const missing = !fields.email || !fields.password;
    return missing && state.status === "invalid" ? { ...state, message: "Enter your email and password." } : state;
  }
  try {
    await signIn("credentials", { email: parsed.data.email, password: parsed.data.password, redirect: false });
  } catch (error) {
    if (error instanceof AuthError) return signInErrorState(error, values);
    return formStateFromError(error, values);
  }
  redirect(returnPathOrDashboard(fields.next));
}

export async function signUpAction(_state: FormState, formData: FormData): Promise<FormState> {
  const fields = readFormFields(formData, ["name", "email", "password", "timezone"]);
  const values = refillValues(fields, ["name", "email"]);
  let email: string;
  try {
    ({ email } = await registerUser(fields, { ip: await requestClientIp() }));
  } catch (error) {
    return formStateFromError(error, values);
  }
  try {
    await signIn("credentials", { email, password: fields.password as string, redirect: false });
  } catch (error) {
    // The account exists; only the automatic sign-in failed (e.g. the network's sign-in limit).
    console.error("[sign-up] automatic sign-in failed", error);
    redirect("/sign-in?reason=account-created");
  }
  redirect("/dashboard");
}

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/" });
}

export async function requestPasswordResetAction(_state: FormState, formData: FormData): Promise<FormState> {
  const fields = readFormFields(formData, ["email"]);
  const values = refillValues(fields, ["email"]);
  try {
    const { message } = await requestPasswordReset(fields, { ip: await requestClientIp(), deliver: (work) => after(work) });
    return { status: "success", message };
  } catch (error) {
    return formStateFromError(error, values);
  }
}

export async function resetPasswordAction(_state: FormState, formData: FormData): Promise<FormState> {
  const fields = readFormFields(formData, ["token", "password"]);
  try {
    await resetPassword(fields);
  } catch (error) {
    return formStateFromError(error);
  }
  redirect("/sign-in?reason=password-reset");
}
