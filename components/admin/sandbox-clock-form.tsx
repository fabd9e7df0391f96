"use client";

import { useActionState } from "react";
import { advanceSandboxClockAction } from "@/lib/actions/daily-run";
import { idleState } from "@/lib/actions/form-state";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";

export function SandboxClockForm() {
  const [state, action] = useActionState(advanceSandboxClockAction, idleState);
  return (
    <form action={action} className="space-y-3">
      <input type="hidden" name="days" value="1" />
      <SubmitButton pendingText="Advancing…">Advance sandbox time by 1 day</SubmitButton>
      <FormMessage state={state} />
    </form>
  );
}
