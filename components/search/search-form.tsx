"use client";

import { useActionState } from "react";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { idleState } from "@/lib/actions/form-state";
import { startMapSearchAction } from "@/lib/actions/search";
import { periodLabels, searchPeriods, type SearchPeriod } from "@/lib/search/periods";

/** A mapper's name and a period; suggestions come from the user's searches and mappers Trackwatch knows. */
export function SearchForm({ suggestions, name = "", period = "week" }: { suggestions: string[]; name?: string; period?: SearchPeriod }) {
  const [state, action] = useActionState(startMapSearchAction, idleState);
  const values = state.status === "invalid" || state.status === "error" ? state.values : undefined;
  const errors = state.status === "invalid" ? state.fieldErrors : {};
  const chosen = (values?.period as SearchPeriod | undefined) ?? period;
  return (
    <form action={action} className="space-y-4" aria-label="Search a mapper's maps" noValidate>
      <FormMessage state={state} />
      <Field
        name="name"
        label="Mapper's Trackmania name"
        placeholder="e.g. SmallMapperSam"
        autoComplete="off"
        autoCapitalize="none"
        spellCheck={false}
        list="mapper-suggestions"
        maxLength={64}
        required
        defaultValue={values?.name ?? name}
        errors={errors.name}
      />
      <datalist id="mapper-suggestions">
        {suggestions.map((suggestion) => (
          <option key={suggestion} value={suggestion} />
        ))}
      </datalist>
      <fieldset>
        <legend className="text-sm font-medium text-slate-800">Records driven in</legend>
        <div className="mt-2 grid grid-cols-2 gap-2 sm:flex sm:flex-wrap">
          {searchPeriods.map((value) => (
            <label
              key={value}
              className="flex cursor-pointer items-center justify-center rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm text-slate-700 has-[:checked]:border-brand-500 has-[:checked]:bg-brand-50 has-[:checked]:font-medium has-[:checked]:text-brand-800 has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-brand-200"
            >
              <input type="radio" name="period" value={value} defaultChecked={value === chosen} className="sr-only" />
              {periodLabels[value]}
            </label>
          ))}
        </div>
        {errors.period?.map((error) => (
          <p key={error} className="mt-1 text-sm text-red-600">
            {error}
          </p>
        ))}
      </fieldset>
      <SubmitButton pendingText="Starting…">Search</SubmitButton>
    </form>
  );
}

/** Starts the same search again (after a failure, or for fresher results). */
export function SearchAgainForm({ name, period, label = "Search again" }: { name: string; period: SearchPeriod; label?: string }) {
  const [state, action] = useActionState(startMapSearchAction, idleState);
  return (
    <form action={action} className="space-y-3" aria-label={label}>
      <FormMessage state={state} />
      <input type="hidden" name="name" value={name} />
      <input type="hidden" name="period" value={period} />
      <SubmitButton pendingText="Starting…">{label}</SubmitButton>
    </form>
  );
}
