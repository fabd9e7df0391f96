"use client";

import { useActionState } from "react";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { createMapperAlertAction } from "@/lib/actions/alerts";
import { idleState } from "@/lib/actions/form-state";

/** Follows the searched mapper with a mapper alert (their new records then come in the digest). */
export function CreateAlertButton({ displayName }: { displayName: string }) {
  const [state, action] = useActionState(createMapperAlertAction, idleState);
  const message = state.status === "invalid" ? { ...state, message: Object.values(state.fieldErrors).flat()[0] ?? state.message } : state;
  return (
    <form action={action} className="space-y-2" aria-label={`Create a mapper alert for ${displayName}`}>
      <input type="hidden" name="mapper" value="name" />
      <input type="hidden" name="displayName" value={displayName} />
      <SubmitButton pendingText="Creating…">Create a mapper alert for this mapper</SubmitButton>
      <FormMessage state={message} />
    </form>
  );
}
