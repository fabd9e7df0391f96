"use client";

import type { ReactNode } from "react";
import { useFormStatus } from "react-dom";
import { buttonClasses } from "@/components/ui/button";

/** `SubmitButton` in the secondary and danger styles (the UI one is primary only). */
export function PendingButton({
  children,
  pendingText,
  variant,
}: {
  children: ReactNode;
  pendingText: string;
  variant: "secondary" | "danger";
}) {
  const { pending } = useFormStatus();
  return (
    <button type="submit" disabled={pending} aria-disabled={pending} className={buttonClasses(variant)}>
      {pending ? pendingText : children}
    </button>
  );
}
