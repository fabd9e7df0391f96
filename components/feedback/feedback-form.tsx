"use client";

import { useActionState, useMemo, useState } from "react";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { sendFeedbackAction } from "@/lib/actions/feedback";
import { idleState } from "@/lib/actions/form-state";
import { FEEDBACK_KIND_LABELS, FEEDBACK_KINDS, FEEDBACK_MESSAGE_MAX, type FeedbackKindName } from "@/lib/feedback/kinds";

const kindHints: Record<FeedbackKindName, string> = {
  BUG: "Something is broken or wrong",
  IDEA: "Something Trackwatch could do",
  OTHER: "Anything else",
};

// React resets a form after its action; a new key for each answer rebuilds it from `values`: what
// was typed after a refusal, the defaults after a send. (Keyed on the values alone, a second
// identical refusal would leave the reset, empty form.)
let answers = 0;

const isKind = (value: string | undefined): value is FeedbackKindName => FEEDBACK_KINDS.includes(value as FeedbackKindName);

export function FeedbackForm({ page }: { page: string | null }) {
  const [state, action] = useActionState(sendFeedbackAction, idleState);
  const formKey = useMemo(() => `${++answers}:${state.status}`, [state]);
  const fieldErrors = state.status === "invalid" ? state.fieldErrors : {};
  const values = state.status === "invalid" || state.status === "error" ? state.values : undefined;
  const kind = isKind(values?.kind) ? values.kind : "BUG";

  return (
    <form key={formKey} action={action} className="space-y-5" noValidate aria-label="Send feedback">
      <FormMessage state={state} />
      {page ? <input type="hidden" name="page" value={page} /> : null}
      <fieldset aria-describedby="kind-errors">
        <legend className="text-sm font-medium text-slate-800">What is it about?</legend>
        <div className="mt-2 grid gap-2 sm:grid-cols-3">
          {FEEDBACK_KINDS.map((value) => (
            <label key={value} className="flex cursor-pointer items-start gap-3 rounded-lg border border-slate-200 p-3 text-sm has-[:checked]:border-brand-500 has-[:checked]:bg-brand-50">
              <input
                type="radio"
                name="kind"
                value={value}
                defaultChecked={kind === value}
                className="mt-0.5 size-4 border-slate-300 text-brand-600 focus:ring-brand-200"
              />
              <span>
                <span className="block font-medium text-slate-900">{FEEDBACK_KIND_LABELS[value]}</span>
                <span className="block text-slate-600">{kindHints[value]}</span>
              </span>
            </label>
          ))}
        </div>
        <div id="kind-errors" aria-live="polite">
          {fieldErrors.kind?.map((error) => (
            <p key={error} className="mt-1 text-sm text-red-600">
              {error}
            </p>
          ))}
        </div>
      </fieldset>
      <MessageField defaultValue={values?.message ?? ""} errors={fieldErrors.message} />
      <SubmitButton pendingText="Sending…">Send feedback</SubmitButton>
    </form>
  );
}

/** The message with a live count of its characters (its length is all the count needs). */
function MessageField({ defaultValue, errors }: { defaultValue: string; errors?: string[] }) {
  const [length, setLength] = useState(defaultValue.length);
  const over = length > FEEDBACK_MESSAGE_MAX;
  return (
    <div className="space-y-1.5">
      <label htmlFor="message" className="block text-sm font-medium text-slate-800">
        Message
      </label>
      <textarea
        id="message"
        name="message"
        rows={7}
        required
        defaultValue={defaultValue}
        onChange={(event) => setLength(event.target.value.length)}
        aria-invalid={Boolean(errors?.length) || over || undefined}
        aria-describedby="message-count message-errors"
        className="block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm placeholder:text-slate-400 focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-200 aria-[invalid=true]:border-red-400"
        placeholder="What happened, or what would help? For a bug, say what you expected and what you saw."
      />
      <p id="message-count" className={over ? "text-xs text-red-600" : "text-xs text-slate-500"}>
        {length.toLocaleString("en-US")} / {FEEDBACK_MESSAGE_MAX.toLocaleString("en-US")} characters
      </p>
      <div id="message-errors" aria-live="polite">
        {errors?.map((error) => (
          <p key={error} className="text-sm text-red-600">
            {error}
          </p>
        ))}
      </div>
    </div>
  );
}
