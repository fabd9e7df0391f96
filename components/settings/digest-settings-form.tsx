"use client";

import { useActionState, useRef, useSyncExternalStore } from "react";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { idleState } from "@/lib/actions/form-state";
import { updateDigestSettingsAction } from "@/lib/actions/settings";
import { SelectField } from "@/components/ui/field";
import { currentTimeZoneName } from "@/lib/time-zones";

const hourOptions = Array.from({ length: 24 }, (_, hour) => ({ value: String(hour), label: `${String(hour).padStart(2, "0")}:00` }));

const noSubscription = () => () => {};
// Chrome names some zones by their old ids (Asia/Calcutta); the list has the current ones (Asia/Kolkata).
const browserTimeZone = () => currentTimeZoneName(Intl.DateTimeFormat().resolvedOptions().timeZone);
const noTimeZoneOnServer = () => null;

export function DigestSettingsForm({
  emailNotifications,
  reportOwnImprovements,
  digestHour,
  timezone,
  timeZones,
}: {
  emailNotifications: boolean;
  reportOwnImprovements: boolean;
  digestHour: number;
  timezone: string;
  /** The server's list: the only values it accepts. */
  timeZones: readonly string[];
}) {
  const [state, action] = useActionState(updateDigestSettingsAction, idleState);
  const fieldErrors = state.status === "invalid" ? state.fieldErrors : {};
  const values = state.status === "invalid" || state.status === "error" ? state.values : undefined;
  const zoneSelect = useRef<HTMLSelectElement>(null);
  const detected = useSyncExternalStore(noSubscription, browserTimeZone, noTimeZoneOnServer);
  const offerDetected = detected && detected !== timezone && timeZones.includes(detected) ? detected : null;
  const zoneOptions = timeZones.map((zone) => ({ value: zone, label: zone.replaceAll("_", " ") }));

  // React resets a form after its action; a select resets to the option it was first rendered with,
  // not to a newer defaultValue. Keyed on what it shows, the form is rebuilt with the saved values.
  const shown = JSON.stringify([emailNotifications, reportOwnImprovements, digestHour, timezone, values ?? null]);
  return (
    <form key={shown} action={action} className="space-y-5" noValidate>
      <FormMessage state={state} />
      <div className="space-y-1.5">
        <label className="flex items-start gap-3 text-sm text-slate-800">
          <input
            type="checkbox"
            name="emailNotifications"
            defaultChecked={values ? values.emailNotifications === "on" : emailNotifications}
            className="mt-0.5 size-4 rounded border-slate-300 text-brand-600 focus:ring-brand-200"
            aria-describedby="emailNotifications-errors"
          />
          <span>
            <span className="font-medium">Email me a daily digest</span>
            <span className="block text-slate-600">New records on the maps you watch, and times that pushed you down. Off: nothing is emailed; your history still fills up.</span>
          </span>
        </label>
        <div id="emailNotifications-errors" aria-live="polite">
          {fieldErrors.emailNotifications?.map((error) => (
            <p key={error} className="text-sm text-red-600">
              {error}
            </p>
          ))}
        </div>
      </div>
      <div className="space-y-1.5">
        <label className="flex items-start gap-3 text-sm text-slate-800">
          <input
            type="checkbox"
            name="reportOwnImprovements"
            defaultChecked={values ? values.reportOwnImprovements === "on" : reportOwnImprovements}
            className="mt-0.5 size-4 rounded border-slate-300 text-brand-600 focus:ring-brand-200"
            aria-describedby="reportOwnImprovements-errors"
          />
          <span>
            <span className="font-medium">Tell me about my own improvements on watched maps</span>
            <span className="block text-slate-600">When you beat your own time on a map you watch, your digest says where it puts you. Off: only others passing you are told.</span>
          </span>
        </label>
        <div id="reportOwnImprovements-errors" aria-live="polite">
          {fieldErrors.reportOwnImprovements?.map((error) => (
            <p key={error} className="text-sm text-red-600">
              {error}
            </p>
          ))}
        </div>
      </div>
      <div className="grid gap-4 sm:grid-cols-[10rem_1fr]">
        <SelectField
          name="digestHour"
          label="Digest hour"
          defaultValue={values?.digestHour ?? String(digestHour)}
          options={hourOptions}
          errors={fieldErrors.digestHour}
          hint="Local time, in your time zone. Each leaderboard is read once per UTC day and shared by its watchers; records driven after that read come the next day."
        />
        <SelectField
          ref={zoneSelect}
          name="timezone"
          label="Time zone"
          defaultValue={values?.timezone ?? timezone}
          options={zoneOptions}
          errors={fieldErrors.timezone}
          hint={
            offerDetected ? (
              <button
                type="button"
                className="font-medium text-brand-700 hover:underline"
                onClick={() => {
                  if (zoneSelect.current) zoneSelect.current.value = offerDetected;
                }}
              >
                Use this device&apos;s time zone ({offerDetected.replaceAll("_", " ")})
              </button>
            ) : undefined
          }
        />
      </div>
      <SubmitButton pendingText="Saving…">Save email settings</SubmitButton>
    </form>
  );
}
