"use client";

import Link from "next/link";
import { useActionState } from "react";
import { confirmEmailAction } from "@/lib/actions/account";
import { idleState } from "@/lib/actions/form-state";
import { SubmitButton } from "@/components/ui/submit-button";
import { ResendVerificationForm } from "./resend-verification-form";

const linkClass = "font-medium text-brand-700 hover:underline";

/**
 * What the emailed confirmation link opens: one button that uses the link's token. Opening the page
 * changes nothing, so a mail scanner following the link cannot use it up before its reader does.
 */
export function ConfirmEmailForm({ token, signedIn }: { token: string; signedIn: boolean }) {
  const [state, action] = useActionState(confirmEmailAction, idleState);

  if (state.status === "success") {
    return (
      <>
        <h1 className="text-2xl font-bold tracking-tight">Email confirmed</h1>
        <p role="status" className="mt-3 text-sm text-slate-700">
          {state.message}
        </p>
        <p className="mt-6 text-sm">
          <Link href={signedIn ? "/dashboard" : "/sign-in"} className={linkClass}>
            {signedIn ? "Go to your dashboard" : "Sign in"}
          </Link>
        </p>
      </>
    );
  }

  if (state.status === "error" || state.status === "invalid") {
    return (
      <>
        <h1 className="text-2xl font-bold tracking-tight">This link does not work</h1>
        <p role="alert" className="mt-3 text-sm text-slate-700">
          {state.message}
        </p>
        <div className="mt-6">
          {signedIn ? (
            <ResendVerificationForm label="Send me a new link" />
          ) : (
            <p className="text-sm text-slate-600">
              <Link href="/sign-in?next=%2Fverify-email" className={linkClass}>
                Sign in
              </Link>{" "}
              to get a new link.
            </p>
          )}
        </div>
      </>
    );
  }

  return (
    <>
      <h1 className="text-2xl font-bold tracking-tight">Confirm your email address</h1>
      <p className="mt-3 mb-6 text-sm text-slate-700">Press the button to confirm this is your address and start getting your daily digests.</p>
      <form action={action} aria-label="Confirm email">
        <input type="hidden" name="token" value={token} />
        <SubmitButton className="w-full" pendingText="Confirming…">
          Confirm my email
        </SubmitButton>
      </form>
    </>
  );
}
