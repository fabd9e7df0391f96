"use client";

import Link from "next/link";
import { useActionState } from "react";
import { resetPasswordAction } from "@/lib/actions/auth";
import { idleState } from "@/lib/actions/form-state";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { PasswordRulesHint } from "./password-rules-hint";

export function ResetPasswordForm({ token }: { token: string }) {
  const [state, action] = useActionState(resetPasswordAction, idleState);
  const fieldErrors = state.status === "invalid" ? state.fieldErrors : {};
  const linkDead = state.status === "error";
  return (
    <form action={action} className="space-y-5" noValidate>
      <input type="hidden" name="token" value={token} />
      <FormMessage state={state} />
      {linkDead ? (
        <p className="text-sm">
          <Link href="/forgot-password" className="font-medium text-brand-700 hover:underline">
            Ask for a new link
          </Link>
        </p>
      ) : null}
      <Field
        name="password"
        label="New password"
        type="password"
        autoComplete="new-password"
        required
        maxLength={128}
        errors={fieldErrors.password}
        hint={<PasswordRulesHint />}
      />
      <SubmitButton className="w-full" pendingText="Saving…">
        Set new password
      </SubmitButton>
    </form>
  );
}
