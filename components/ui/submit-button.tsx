"use client";

import { useFormStatus } from "react-dom";
import type { ReactNode } from "react";
import { Button } from "./button";

export function SubmitButton({ children, pendingText, className }: { children: ReactNode; pendingText?: string; className?: string }) {
  const { pending } = useFormStatus();
  return (
    <Button type="submit" disabled={pending} aria-disabled={pending} className={className}>
      {pending ? (pendingText ?? "Working…") : children}
    </Button>
  );
}
