"use client";

import { useActionState } from "react";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { idleState } from "@/lib/actions/form-state";
import { deleteAccountAction } from "@/lib/actions/settings";
import { PendingButton } from "./pending-button";

export function DeleteAccountForm({ email }: { email: string }) {
  const [state, action] = useActionState(deleteAccountAction, idleState);
  const fieldErrors = state.status === "invalid" ? state.fieldErrors : {};
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormMessage state={state} />
      <Field
        name="confirmation"
        label="Type your email address or your password to confirm"
        type="password"
        autoComplete="off"
        required
        maxLength={256}
        placeholder={email}
        errors={fieldErrors.confirmation}
        hint="This deletes your alerts, watches, digests, history and feedback, then signs you out. It cannot be undone."
      />
      <PendingButton pendingText="Deleting…" variant="danger">
        Delete my account
      </PendingButton>
    </form>
  );
}
