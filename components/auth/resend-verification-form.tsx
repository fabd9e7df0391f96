"use client";

import { useActionState } from "react";
import { resendVerificationAction } from "@/lib/actions/account";
import { idleState } from "@/lib/actions/form-state";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";

export function ResendVerificationForm({ label = "Send the link again" }: { label?: string }) {
  const [state, action] = useActionState(resendVerificationAction, idleState);
  return (
    <form action={action} className="space-y-3" aria-label="Resend confirmation email">
      <FormMessage state={state} />
      <SubmitButton pendingText="Sending…">{label}</SubmitButton>
    </form>
  );
}
