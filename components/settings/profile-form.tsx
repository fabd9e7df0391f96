"use client";

import { useActionState } from "react";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { idleState } from "@/lib/actions/form-state";
import { updateProfileAction } from "@/lib/actions/settings";

export function ProfileForm({ name, email }: { name: string | null; email: string }) {
  const [state, action] = useActionState(updateProfileAction, idleState);
  const fieldErrors = state.status === "invalid" ? state.fieldErrors : {};
  const values = state.status === "invalid" || state.status === "error" ? state.values : undefined;
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormMessage state={state} />
      <Field
        name="name"
        label="Display name"
        autoComplete="nickname"
        required
        maxLength={60}
        defaultValue={values?.name ?? name ?? ""}
        errors={fieldErrors.name}
        hint={`What Trackwatch calls you in the app and in emails. Your sign-in email stays ${email}.`}
      />
      <SubmitButton pendingText="Saving…">Save name</SubmitButton>
    </form>
  );
}
