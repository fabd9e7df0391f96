"use client";

import { useActionState } from "react";
import { runDailyCheckNowAction } from "@/lib/actions/daily-run";
import { idleState } from "@/lib/actions/form-state";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";

export function DailyRunNowForm() {
  const [state, action] = useActionState(runDailyCheckNowAction, idleState);
  return (
    <form action={action} className="space-y-3 [overflow-wrap:anywhere]">
      <SubmitButton pendingText="Starting…">Run daily check now</SubmitButton>
      <FormMessage state={state} />
    </form>
  );
}
