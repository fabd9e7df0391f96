"use client";

import { useSearchParams } from "next/navigation";
import { useActionState } from "react";
import { changePasswordAction } from "@/lib/actions/account";
import { idleState } from "@/lib/actions/form-state";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { PASSWORD_CHANGED_MESSAGE, PASSWORD_CHANGED_PARAM } from "./password-changed";
import { PasswordRulesHint } from "./password-rules-hint";

/**
 * Change password, for the settings page. On success this browser stays signed in and every other
 * session of the account ends.
 */
export function ChangePasswordForm() {
  // Success arrives by redirect (see changePasswordAction), so it is read from the URL; the key gives
  // the form fresh state (and empty fields) once it has gone through.
  const changed = useSearchParams().get(PASSWORD_CHANGED_PARAM) === "changed";
  return <ChangePasswordFields key={changed ? "changed" : "editing"} changed={changed} />;
}

function ChangePasswordFields({ changed }: { changed: boolean }) {
  const [state, action] = useActionState(changePasswordAction, idleState);
  const shown = state.status === "idle" && changed ? { status: "success" as const, message: PASSWORD_CHANGED_MESSAGE } : state;
  const fieldErrors = state.status === "invalid" ? state.fieldErrors : {};
  return (
    <form action={action} className="space-y-5" noValidate aria-label="Change password">
      <FormMessage state={shown} />
      <Field
        name="currentPassword"
        label="Current password"
        type="password"
        autoComplete="current-password"
        required
        maxLength={128}
        errors={fieldErrors.currentPassword}
      />
      <Field
        name="newPassword"
        label="New password"
        type="password"
        autoComplete="new-password"
        required
        maxLength={128}
        errors={fieldErrors.newPassword}
        hint={<PasswordRulesHint />}
      />
      <SubmitButton pendingText="Changing…">Change password</SubmitButton>
    </form>
  );
}
