"use client";

import { useActionState, type ReactNode } from "react";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import type { Variant } from "@/components/ui/button";
import { idleState, type FormState } from "@/lib/actions/form-state";

/**
 * One admin action as a button: its hidden fields, a pending label, and the action's answer under it.
 * `children` go inside the form before the button (a select, for instance).
 */
export function AdminActionForm({
  action,
  fields,
  label,
  pendingText,
  variant = "secondary",
  children,
}: {
  action: (state: FormState, formData: FormData) => Promise<FormState>;
  fields: Record<string, string>;
  label: string;
  pendingText?: string;
  variant?: Variant;
  children?: ReactNode;
}) {
  const [state, formAction] = useActionState(action, idleState);
  return (
    <form action={formAction} className="space-y-2">
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <div className="flex flex-wrap items-center gap-2">
        {children}
        <SubmitButton size="sm" variant={variant} pendingText={pendingText}>
          {label}
        </SubmitButton>
      </div>
      <FormMessage state={state} />
    </form>
  );
}
