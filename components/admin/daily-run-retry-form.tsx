"use client";

import { useActionState } from "react";
import { retryFailedSendsAction } from "@/lib/actions/daily-run";
import { idleState } from "@/lib/actions/form-state";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";

/** Retry the run's failed sends, or one digest's (`digestId`). */
export function DailyRunRetryForm({ runId, digestId, label }: { runId: string; digestId?: string; label: string }) {
  const [state, action] = useActionState(retryFailedSendsAction, idleState);
  return (
    <form action={action} className="space-y-2 [overflow-wrap:anywhere]">
      <input type="hidden" name="runId" value={runId} />
      {digestId ? <input type="hidden" name="digestId" value={digestId} /> : null}
      <SubmitButton pendingText="Re-queueing…">{label}</SubmitButton>
      <FormMessage state={state} />
    </form>
  );
}
