"use client";

import { useActionState } from "react";
import { runDailyCheckNowAction } from "@/lib/actions/daily-run";
import { idleState } from "@/lib/actions/form-state";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";

/** "Run for one user": the daily check for one account, by email, now. */
export function DailyRunUserForm() {
  const [state, action] = useActionState(runDailyCheckNowAction, idleState);
  const values = state.status === "invalid" || state.status === "error" ? state.values : undefined;
  return (
    <form action={action} className="space-y-3 [overflow-wrap:anywhere]" aria-label="Run for one user">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-end">
        <Field
          name="email"
          type="email"
          label="Run for one user"
          placeholder="name@example.com"
          required
          defaultValue={values?.email ?? ""}
          key={values?.email ?? ""}
          errors={state.status === "invalid" ? state.fieldErrors.email : undefined}
          className="w-full sm:max-w-sm"
        />
        <SubmitButton pendingText="Starting…">
          Check this user now
        </SubmitButton>
      </div>
      <p className="text-xs text-slate-500">Checks this user now, whatever their digest hour. A digest already written for their day is not sent again.</p>
      <FormMessage state={state} />
    </form>
  );
}
