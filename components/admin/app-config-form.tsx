"use client";

import { useActionState } from "react";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { updateAppConfigAction } from "@/lib/actions/app-config";
import { idleState } from "@/lib/actions/form-state";
import { APP_CONFIG_BOUNDS, type AppConfigLimitName } from "@/lib/app-config/bounds";
import type { AppConfigValues } from "@/lib/app-config/schemas";

const limits: { name: AppConfigLimitName; label: string; explanation: string }[] = [
  {
    name: "maxMapperAlerts",
    label: "Mapper alerts per user",
    explanation: "How many mappers each user may watch. Applies to new alerts: users already above it keep theirs.",
  },
  {
    name: "maxDriverWatches",
    label: "Driver watches per user",
    explanation: "How many maps each user may watch for their own times, at any rank. Applies to new watches.",
  },
  {
    name: "positionModeThreshold",
    label: "Position-mode threshold (maps)",
    explanation: "Alerts on mappers with more maps than this use the cheaper position mode, unless the user picked a mode.",
  },
  {
    name: "accurateDepth",
    label: "Leaderboard depth",
    explanation: "How far down each watched map's world top is read; each extra 100 costs one more Nadeo request per map and run.",
  },
  {
    name: "maxRecordsPerMapInMail",
    label: "Records per map in an email",
    explanation: "Longer lists are cut short in the email; history always shows every record.",
  },
  {
    name: "maxSearchMaps",
    label: "Maps per search",
    explanation: "A map search reads at most this many of a mapper's newest maps; each map not read today costs one Nadeo request.",
  },
  {
    name: "maxUsers",
    label: "Registered users",
    explanation: "Sign-up closes once this many accounts exist; nobody is removed when it is lowered.",
  },
  {
    name: "failureAlertPercent",
    label: "Failure alert threshold (%)",
    explanation: "Admins get one email about a daily run that failed, or whose failed checks or sends passed this share.",
  },
];

/** The site's limits, each with what it does and its saved value. */
export function AppConfigForm({ config }: { config: AppConfigValues }) {
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
        {limits.map(({ name, label, explanation }) => {
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
