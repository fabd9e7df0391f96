"use client";

import { useActionState } from "react";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { updateAppConfigAction } from "@/lib/actions/app-config";
import { idleState } from "@/lib/actions/form-state";
import { APP_CONFIG_BOUNDS } from "@/lib/app-config/bounds";
import type { AppConfigValues } from "@/lib/app-config/schemas";
import { APP_CONFIG_LIMITS } from "./app-config-labels";


/** The site's limits, each with what it does and its saved value. */
export function AppConfigForm({ config, lastChanges }: { config: AppConfigValues; lastChanges: Partial<Record<keyof AppConfigValues, string>> }) {
  const [state, action] = useActionState(updateAppConfigAction, idleState);
  const fieldErrors = state.status === "invalid" ? state.fieldErrors : {};
  const values = state.status === "invalid" || state.status === "error" ? state.values : undefined;

  // React resets a form after its action; keyed on what it shows, the form is rebuilt with the saved
  // values after a save and keeps the admin's input after a refusal.
  const shown = JSON.stringify([config, values ?? null]);
  return (
    <form key={shown} action={action} className="space-y-6" noValidate aria-label="Limits">
      <FormMessage state={state} />
      <div className="grid gap-5 sm:grid-cols-2">
        {APP_CONFIG_LIMITS.map(({ name, label, explanation }) => {
          const { min, max, step } = APP_CONFIG_BOUNDS[name];
          return (
            <Field
              key={name}
              name={name}
              label={label}
              type="number"
              inputMode="numeric"
              min={min}
              max={max}
              step={step}
              defaultValue={values?.[name] ?? String(config[name])}
              errors={fieldErrors[name]}
              hint={
                <>
                  {explanation}{" "}
                  <span className="whitespace-nowrap">
                    Saved: <span className="font-medium text-slate-700 tabular-nums">{config[name]}</span> ({min}–{max}
                    {step > 1 ? `, in steps of ${step}` : ""}).
                  </span>
                  {lastChanges[name] ? <span className="block text-xs text-slate-500">{lastChanges[name]}</span> : null}
                </>
              }
            />
          );
        })}
      </div>
      <div className="space-y-1.5">
        <label className="flex items-start gap-3 text-sm text-slate-800">
          <input
            type="checkbox"
            name="registrationOpen"
            defaultChecked={values ? values.registrationOpen === "on" : config.registrationOpen}
            className="mt-0.5 size-4 rounded border-slate-300 text-brand-600 focus:ring-brand-200"
            aria-describedby="registrationOpen-errors"
          />
          <span>
            <span className="font-medium">Open sign-ups</span>
            <span className="block text-slate-600">
              Off: nobody new can create an account; existing users sign in as before. Saved: {config.registrationOpen ? "open" : "closed"}.
            </span>
            {lastChanges.registrationOpen ? <span className="block text-xs text-slate-500">{lastChanges.registrationOpen}</span> : null}
          </span>
        </label>
        <div id="registrationOpen-errors" aria-live="polite">
          {fieldErrors.registrationOpen?.map((error) => (
            <p key={error} className="text-sm text-red-600">
              {error}
            </p>
          ))}
        </div>
      </div>
      <SubmitButton pendingText="Saving…">Save limits</SubmitButton>
    </form>
  );
}
