"use client";

import { useActionState } from "react";
import { retryFailedJobsAction } from "@/lib/actions/jobs";
import { idleState } from "@/lib/actions/form-state";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";

export function RetryFailedJobsForm() {
  const [state, action] = useActionState(retryFailedJobsAction, idleState);
  return (
    <form action={action} className="space-y-3">
      <SubmitButton pendingText="Retrying…">Retry all failed</SubmitButton>
      <FormMessage state={state} />
    </form>
  );
}
