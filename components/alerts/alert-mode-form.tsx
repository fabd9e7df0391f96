"use client";

import { useActionState } from "react";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { setAlertModeAction } from "@/lib/actions/alerts";
import { idleState } from "@/lib/actions/form-state";
import { describeMode, positionModeCaveat, type CheckModeValue } from "./describe";

/** How the alert is checked: automatic by catalogue size, or the user's pick. */
export function AlertModeForm({
  alertId,
  mode,
  modeChosenByUser,
  automaticMode,
  positionModeThreshold,
  accurateDepth,
}: {
  alertId: string;
  mode: CheckModeValue;
  modeChosenByUser: boolean;
  automaticMode: CheckModeValue;
  positionModeThreshold: number;
  /** How deep accurate mode reads each map's top (AppConfig.accurateDepth). */
  accurateDepth: number;
}) {
  const [state, action] = useActionState(setAlertModeAction, idleState);
  const fieldErrors = state.status === "invalid" ? state.fieldErrors : {};
  const current = modeChosenByUser ? mode : "AUTO";
  const options = [
    {
      value: "AUTO",
      label: `Automatic (now ${describeMode(automaticMode).toLowerCase()})`,
      hint: `Position mode once the mapper has more than ${positionModeThreshold} maps, accurate mode below.`,
    },
    { value: "ACCURATE", label: "Accurate", hint: `Reads each map's top ${accurateDepth} every day: every new record and every improvement.` },
    { value: "POSITION", label: "Position (may be up to a day late)", hint: positionModeCaveat(accurateDepth) },
  ];
  return (
    <form action={action} className="space-y-4" noValidate aria-label="Check mode">
      <FormMessage state={state} />
      <input type="hidden" name="alertId" value={alertId} />
      <fieldset className="space-y-2" aria-describedby="mode-errors">
        <legend className="text-sm font-medium text-slate-800">Check mode</legend>
        {options.map((option) => (
          <label key={option.value} className="flex items-start gap-3 text-sm text-slate-800">
            <input
              type="radio"
              name="mode"
              value={option.value}
              defaultChecked={current === option.value}
              className="mt-0.5 size-4 border-slate-300 text-brand-600 focus:ring-brand-200"
            />
            <span>
              <span className="font-medium">{option.label}</span>
              <span className="block text-slate-600">{option.hint}</span>
            </span>
          </label>
        ))}
        <div id="mode-errors" aria-live="polite">
          {fieldErrors.mode?.map((error) => (
            <p key={error} className="text-sm text-red-600">
              {error}
            </p>
          ))}
        </div>
      </fieldset>
      <SubmitButton pendingText="Saving…">Save mode</SubmitButton>
    </form>
  );
}
