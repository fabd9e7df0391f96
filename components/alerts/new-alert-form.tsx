"use client";

import { useActionState, useState } from "react";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { createMapperAlertAction } from "@/lib/actions/alerts";
import { idleState } from "@/lib/actions/form-state";

/** Starts watching a mapper: the user's own linked account by default, or any player by display name. */
export function NewAlertForm({ linkedAccount }: { linkedAccount: { displayName: string } | null }) {
  const [state, action] = useActionState(createMapperAlertAction, idleState);
  const fieldErrors = state.status === "invalid" ? state.fieldErrors : {};
  const values = state.status === "invalid" || state.status === "error" ? state.values : undefined;
  const initialMapper = (values?.mapper as "self" | "name" | undefined) ?? (linkedAccount ? "self" : "name");
  // The radios stay uncontrolled (React resets a form after its action, back to these defaults);
  // the state only decides whether the name field shows, and follows every change of the radios.
  const [mapper, setMapper] = useState<"self" | "name">(initialMapper);

  return (
    <form action={action} className="space-y-4" noValidate aria-label="New mapper alert">
      <FormMessage state={state} />
      <fieldset className="space-y-2" aria-describedby="mapper-errors">
        <legend className="text-sm font-medium text-slate-800">Whose maps?</legend>
        <label className="flex items-start gap-3 text-sm text-slate-800">
          <input
            type="radio"
            name="mapper"
            value="self"
            defaultChecked={initialMapper === "self"}
            onChange={() => setMapper("self")}
            disabled={!linkedAccount}
            className="mt-0.5 size-4 border-slate-300 text-brand-600 focus:ring-brand-200"
          />
          <span>
            <span className="font-medium">My maps</span>
            <span className="block text-slate-600">
              {linkedAccount ? `As ${linkedAccount.displayName}, your linked Trackmania account.` : "Link your Trackmania account in Settings to use this."}
            </span>
          </span>
        </label>
        <label className="flex items-start gap-3 text-sm text-slate-800">
          <input
            type="radio"
            name="mapper"
            value="name"
            defaultChecked={initialMapper === "name"}
            onChange={() => setMapper("name")}
            className="mt-0.5 size-4 border-slate-300 text-brand-600 focus:ring-brand-200"
          />
          <span>
            <span className="font-medium">Another mapper</span>
            <span className="block text-slate-600">Any Trackmania player, by display name.</span>
          </span>
        </label>
        <div id="mapper-errors" aria-live="polite">
          {fieldErrors.mapper?.map((error) => (
            <p key={error} className="text-sm text-red-600">
              {error}
            </p>
          ))}
        </div>
      </fieldset>
      {mapper === "name" ? (
        <Field
          name="displayName"
          label="Mapper's display name"
          placeholder="e.g. SmallMapperSam"
          autoComplete="off"
          defaultValue={values?.displayName}
          errors={fieldErrors.displayName}
          hint="Trackwatch looks the name up on Trackmania and keeps only maps that Nadeo lists under that account."
        />
      ) : null}
      <SubmitButton pendingText="Finding the maps…">
        Create alert
      </SubmitButton>
    </form>
  );
}
