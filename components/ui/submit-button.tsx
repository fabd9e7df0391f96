"use client";

import { useFormStatus } from "react-dom";
import type { ReactNode } from "react";
import { Button } from "./button";
import type { Size, Variant } from "./button";

export function SubmitButton({
  children,
  pendingText,
  className,
  variant,
  size,
  "aria-label": ariaLabel,
}: {
  children: ReactNode;
  pendingText?: string;
  className?: string;
  variant?: Variant;
  size?: Size;
  "aria-label"?: string;
}) {
  const { pending } = useFormStatus();
  return (
    <Button type="submit" disabled={pending} aria-disabled={pending} aria-label={ariaLabel} className={className} variant={variant} size={size}>
      {pending ? (pendingText ?? "Working…") : children}
    </Button>
  );
}
