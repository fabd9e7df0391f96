"use client";

import { useActionState, useEffect, useState } from "react";
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

/**
 * Type and message are controlled, so a refused send keeps what was typed (React resets a form
 * after its action) and a sent one clears both; the count is the message's own length.
 */
export function FeedbackForm({ page }: { page: string | null }) {
  const [state, action] = useActionState(sendFeedbackAction, idleState);
  const [kind, setKind] = useState<FeedbackKindName>("BUG");
  const [message, setMessage] = useState("");
  useEffect(() => {
    if (state.status === "success") {
      setKind("BUG");
      setMessage("");
    }
  }, [state]);
  const fieldErrors = state.status === "invalid" ? state.fieldErrors : {};
  const over = message.length > FEEDBACK_MESSAGE_MAX;

  return (
    <form action={action} className="space-y-5" noValidate aria-label="Send feedback">
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
                checked={kind === value}
                onChange={() => setKind(value)}
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
      <div className="space-y-1.5">
        <label htmlFor="message" className="block text-sm font-medium text-slate-800">
          Message
        </label>
        <textarea
          id="message"
          name="message"
          rows={7}
          required
          value={message}
          onChange={(event) => setMessage(event.target.value)}
          aria-invalid={Boolean(fieldErrors.message?.length) || over || undefined}
          aria-describedby="message-count message-errors"
          className="block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm placeholder:text-slate-400 focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-200 aria-[invalid=true]:border-red-400"
          placeholder="What happened, or what would help? For a bug, say what you expected and what you saw."
        />
        <p id="message-count" className={over ? "text-xs text-red-600" : "text-xs text-slate-500"}>
          {message.length.toLocaleString("en-US")} / {FEEDBACK_MESSAGE_MAX.toLocaleString("en-US")} characters
        </p>
        <div id="message-errors" aria-live="polite">
          {fieldErrors.message?.map((error) => (
            <p key={error} className="text-sm text-red-600">
              {error}
            </p>
          ))}
        </div>
      </div>
      <SubmitButton pendingText="Sending…">Send feedback</SubmitButton>
    </form>
  );
}
