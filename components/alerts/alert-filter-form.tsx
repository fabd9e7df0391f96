"use client";

import { useActionState } from "react";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { updateAlertFilterAction } from "@/lib/actions/alerts";
import { idleState } from "@/lib/actions/form-state";
import type { RecordFilterValue } from "./describe";

const choices: { value: RecordFilterValue; label: string }[] = [
  { value: "ALL", label: "Every new record" },
  { value: "TOP_N", label: "Only records entering the top N" },
  { value: "WORLD_RECORD", label: "Only new world records" },
];

function FieldErrors({ id, errors }: { id: string; errors?: string[] }) {
  return (
    <div id={id} aria-live="polite">
      {errors?.map((error) => (
        <p key={error} className="text-sm text-red-600">
          {error}
        </p>
      ))}
    </div>
  );
}

/** Which records the alert reports. */
export function AlertFilterForm({ alertId, recordFilter, topN }: { alertId: string; recordFilter: RecordFilterValue; topN: number }) {
  const [state, action] = useActionState(updateAlertFilterAction, idleState);
  const fieldErrors = state.status === "invalid" ? state.fieldErrors : {};
  const values = state.status === "invalid" || state.status === "error" ? state.values : undefined;
  const selectClass = "block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-200";

  return (
    <form action={action} className="space-y-4" noValidate aria-label="Which records">
      <FormMessage state={state} />
      <input type="hidden" name="alertId" value={alertId} />
      <div className="space-y-1.5">
        <label htmlFor="recordFilter" className="block text-sm font-medium text-slate-800">
          Tell me about
        </label>
        <select
          // React applies a select's defaultValue only when it mounts: remount when the value to show changes.
          key={values?.recordFilter ?? recordFilter}
          id="recordFilter"
          name="recordFilter"
          // Uncontrolled: React resets a form after its action, and a reset must land on these defaults.
          defaultValue={values?.recordFilter ?? recordFilter}
          aria-describedby="recordFilter-errors"
          className={selectClass}
        >
          {choices.map((choice) => (
            <option key={choice.value} value={choice.value}>
              {choice.label}
            </option>
          ))}
        </select>
        <FieldErrors id="recordFilter-errors" errors={fieldErrors.recordFilter} />
      </div>
      <div className="space-y-1.5">
        <label htmlFor="topN" className="block text-sm font-medium text-slate-800">
          N (top positions)
        </label>
        <input
          id="topN"
          name="topN"
          type="number"
          inputMode="numeric"
          min={1}
          max={100}
          defaultValue={values?.topN ?? String(topN)}
          aria-invalid={fieldErrors.topN ? true : undefined}
          aria-describedby="topN-errors"
          className={`${selectClass} w-28`}
        />
        <p className="text-xs text-slate-500">Used by &ldquo;top N&rdquo;: a record counts when it lands at position N or better.</p>
        <FieldErrors id="topN-errors" errors={fieldErrors.topN} />
      </div>
      <SubmitButton pendingText="Saving…">Save filter</SubmitButton>
    </form>
  );
}
