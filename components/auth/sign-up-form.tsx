"use client";

import Link from "next/link";
import { useActionState, useSyncExternalStore } from "react";
import { signUpAction } from "@/lib/actions/auth";
import { idleState } from "@/lib/actions/form-state";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { PasswordRulesHint } from "./password-rules-hint";

const noSubscription = () => () => {};
const browserTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;
const noTimeZoneOnServer = () => "";

export function SignUpForm() {
  const [state, action] = useActionState(signUpAction, idleState);
  // Digests arrive at the chosen hour in this zone from the first day; Settings can change it. Sent as
  // the browser names it: registerUserSchema maps old names, so no zone table ships to this page.
  const timeZone = useSyncExternalStore(noSubscription, browserTimeZone, noTimeZoneOnServer);
  const fieldErrors = state.status === "invalid" ? state.fieldErrors : {};
  const values = state.status === "invalid" || state.status === "error" ? state.values : undefined;
  return (
    <form action={action} className="space-y-5" noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="timezone" value={timeZone} />
      <Field name="name" label="Name" autoComplete="nickname" required maxLength={60} defaultValue={values?.name} errors={fieldErrors.name} />
      <Field
        name="email"
        label="Email"
        type="email"
        autoComplete="email"
        required
        maxLength={254}
        defaultValue={values?.email}
        errors={fieldErrors.email}
        hint="We send a link to confirm it. Digests start once it is confirmed."
      />
      <Field
        name="password"
        label="Password"
        type="password"
        autoComplete="new-password"
        required
        maxLength={128}
        errors={fieldErrors.password}
        hint={<PasswordRulesHint />}
      />
      <SubmitButton className="w-full" pendingText="Creating your account…">
        Create account
      </SubmitButton>
      <p className="text-center text-sm text-slate-600">
        Already have an account?{" "}
        <Link href="/sign-in" className="font-medium text-brand-700 hover:underline">
          Sign in
        </Link>
      </p>
    </form>
  );
}
