"use client";

import { useActionState, useMemo } from "react";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { deleteFeedbackAction, replyToFeedbackAction, setFeedbackReadAction } from "@/lib/actions/feedback";
import { idleState, type FormState } from "@/lib/actions/form-state";
import { FEEDBACK_REPLY_MAX } from "@/lib/feedback/kinds";

function ErrorLine({ state }: { state: FormState }) {
  return (
    <span aria-live="polite" className="text-xs text-red-600">
      {state.status === "error" || state.status === "invalid" ? state.message : null}
    </span>
  );
}

/** Marks one message read or unread. */
export function FeedbackReadToggle({ id, read, label }: { id: string; read: boolean; label: string }) {
  const [state, action, pending] = useActionState(setFeedbackReadAction, idleState);
  return (
    <form action={action} className="flex flex-col items-start gap-1">
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="read" value={read ? "false" : "true"} />
      <Button type="submit" size="sm" variant="secondary" disabled={pending} aria-label={`${read ? "Mark unread" : "Mark read"}: ${label}`}>
        {pending ? "…" : read ? "Mark unread" : "Mark read"}
      </Button>
      <ErrorLine state={state} />
    </form>
  );
}

/** Deleting takes a second, deliberate click: the first only opens the confirmation. */
export function DeleteFeedbackForm({ id, label }: { id: string; label: string }) {
  const [state, action, pending] = useActionState(deleteFeedbackAction, idleState);
  return (
    <details className="group">
      <summary className="cursor-pointer py-1.5 text-sm font-medium text-red-700 hover:underline">Delete…</summary>
      <form action={action} className="mt-2 space-y-2">
        <input type="hidden" name="id" value={id} />
        <p className="text-sm text-slate-700">Delete this message for good?</p>
        <Button type="submit" variant="danger" size="sm" disabled={pending} aria-label={`Delete for good: ${label}`}>
          {pending ? "Deleting…" : "Delete for good"}
        </Button>
        <ErrorLine state={state} />
      </form>
    </details>
  );
}

// React resets a form after its action; a new key for each answer rebuilds the reply form from
// `values`, so even a second identical refusal keeps what was typed.
let answers = 0;

/** Answers one message by email; a refusal keeps what was typed. */
export function FeedbackReplyForm({ id, to, replied }: { id: string; to: string | null; replied: boolean }) {
  const [state, action] = useActionState(replyToFeedbackAction, idleState);
  const fieldErrors = state.status === "invalid" ? state.fieldErrors : {};
  const values = state.status === "invalid" || state.status === "error" ? state.values : undefined;
  const formKey = useMemo(() => ++answers, [state]);
  const fieldId = `reply-${id}`;
  if (!to) return <p className="text-sm text-slate-500">No address to answer: the sender&apos;s account is gone.</p>;
  return (
    <details className="group" open={state.status === "invalid" || state.status === "error" || undefined}>
      <summary className="cursor-pointer py-1.5 text-sm font-medium text-brand-700 hover:underline">
        {replied ? "Answer again by email…" : "Answer by email…"}
      </summary>
      <form key={formKey} action={action} className="mt-2 space-y-2" noValidate>
        <FormMessage state={state} />
        <input type="hidden" name="id" value={id} />
        <label htmlFor={fieldId} className="block text-sm font-medium text-slate-800">
          Answer to <span className="break-all">{to}</span>
        </label>
        <textarea
          id={fieldId}
          name="message"
          rows={5}
          maxLength={FEEDBACK_REPLY_MAX}
          defaultValue={values?.message ?? ""}
          aria-invalid={Boolean(fieldErrors.message?.length) || undefined}
          aria-describedby={`${fieldId}-errors`}
          className="block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-200"
        />
        <div id={`${fieldId}-errors`} aria-live="polite">
          {fieldErrors.message?.map((error) => (
            <p key={error} className="text-sm text-red-600">
              {error}
            </p>
          ))}
        </div>
        <SubmitButton pendingText="Sending…">Send answer</SubmitButton>
      </form>
    </details>
  );
}
