"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { discardJobAction, retryJobAction } from "@/lib/actions/jobs";
import { idleState, type FormState } from "@/lib/actions/form-state";

/** Success redirects to the page with a notice; only a refusal stays here, beside the row. */
function Refusal({ state }: { state: FormState }) {
  if (state.status !== "error" && state.status !== "invalid") return null;
  return <span className="text-red-700">{state.message}</span>;
}

type JobRowActionsProps = { jobId: string; jobName: string; canRetry: boolean; canDiscard: boolean; tab: string; page: number };

/** Retry (failed jobs) and Discard (failed or queued jobs) for one row of the Jobs list. */
export function JobRowActions({ jobId, jobName, canRetry, canDiscard, tab, page }: JobRowActionsProps) {
  const [retryState, retry, retrying] = useActionState(retryJobAction, idleState);
  const [discardState, discard, discarding] = useActionState(discardJobAction, idleState);
  const pending = retrying || discarding;
  return (
    <div className="flex flex-col items-start gap-2 sm:items-end">
      <div className="flex gap-2">
        {canRetry ? (
          <form action={retry}>
            <input type="hidden" name="jobId" value={jobId} />
            <input type="hidden" name="tab" value={tab} />
            <input type="hidden" name="page" value={page} />
            <Button type="submit" size="sm" variant="secondary" disabled={pending} aria-label={`Retry ${jobName} ${jobId}`}>
              {retrying ? "Retrying…" : "Retry"}
            </Button>
          </form>
        ) : null}
        {canDiscard ? (
          <form action={discard}>
            <input type="hidden" name="jobId" value={jobId} />
            <input type="hidden" name="tab" value={tab} />
            <input type="hidden" name="page" value={page} />
            <Button type="submit" size="sm" variant="ghost" className="text-red-700" disabled={pending} aria-label={`Discard ${jobName} ${jobId}`}>
              {discarding ? "Discarding…" : "Discard"}
            </Button>
          </form>
        ) : null}
      </div>
      <p aria-live="polite" className="text-xs">
        <Refusal state={discardState.status !== "idle" ? discardState : retryState} />
      </p>
    </div>
  );
}
