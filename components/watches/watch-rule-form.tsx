"use client";

import { useActionState } from "react";
import { useFormStatus } from "react-dom";
import { Button } from "@/components/ui/button";
import { updateWatchConditionAction } from "@/lib/actions/watches";
import { idleState } from "@/lib/actions/form-state";
import { ruleChoices } from "./describe";

/** Changes when one watch speaks up; saved with its own small button (works without JavaScript too). */
export function WatchRuleForm({ watchId, mapName, rule }: { watchId: string; mapName: string; rule: string }) {
  const [state, action] = useActionState(updateWatchConditionAction, idleState);
  const values = state.status === "invalid" || state.status === "error" ? state.values : undefined;
  const shown = values?.rule ?? rule;
  const id = `rule-${watchId}`;
  return (
    <form action={action} className="flex flex-col gap-1" aria-label={`When to tell me about ${mapName}`}>
      <input type="hidden" name="watchId" value={watchId} />
      <label htmlFor={id} className="sr-only">
        When to tell me about {mapName}
      </label>
      <div className="flex items-center gap-2">
        <select
          // React applies a select's defaultValue only when it mounts: remount when the value to show changes.
          key={shown}
          id={id}
          name="rule"
          defaultValue={shown}
          className="block w-full min-w-0 rounded-lg border border-slate-300 bg-white px-2 py-1.5 text-sm shadow-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-200 md:w-60"
        >
          {ruleChoices.map((choice) => (
            <option key={choice.value} value={choice.value}>
              {choice.label}
            </option>
          ))}
        </select>
        <SaveButton mapName={mapName} />
      </div>
      <span aria-live="polite" className={`text-xs ${state.status === "success" ? "text-emerald-700" : "text-red-600"}`}>
        {state.status === "idle" ? null : state.status === "invalid" ? (state.fieldErrors.rule?.[0] ?? state.message) : state.message}
      </span>
    </form>
  );
}

function SaveButton({ mapName }: { mapName: string }) {
  const { pending } = useFormStatus();
  return (
    <Button type="submit" size="sm" variant="secondary" disabled={pending} aria-label={`Save when to tell me about ${mapName}`}>
      {pending ? "…" : "Save"}
    </Button>
  );
}
