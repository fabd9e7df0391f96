"use client";

import { useActionState } from "react";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { idleState, type FormState } from "@/lib/actions/form-state";

/** A sign-out button for one device, or for all the others; a refusal shows under it. */
export function DeviceSignOutForm({
  action,
  sessionId,
  label,
  accessibleLabel,
}: {
  action: (state: FormState, formData: FormData) => Promise<FormState>;
  sessionId?: string;
  label: string;
  accessibleLabel?: string;
}) {
  const [state, formAction] = useActionState(action, idleState);
  return (
    <form action={formAction} className="space-y-2">
      {sessionId ? <input type="hidden" name="sessionId" value={sessionId} /> : null}
      <SubmitButton size="sm" variant="secondary" pendingText="Signing out…" aria-label={accessibleLabel}>
        {label}
      </SubmitButton>
      <FormMessage state={state} />
    </form>
  );
}
