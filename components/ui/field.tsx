import type { ComponentProps, ReactNode } from "react";
import { cn } from "./cn";

type FieldChrome = { name: string; label: string; hint?: ReactNode; errors?: string[] };

/** The label, hint and errors around a form control, wired for screen readers. */
function FieldFrame({
  name,
  label,
  hint,
  errors,
  className,
  children,
}: FieldChrome & { className?: string; children: (control: { invalid: boolean; describedBy?: string; classes: string }) => ReactNode }) {
  const errorId = `${name}-errors`;
  const hintId = `${name}-hint`;
  const invalid = Boolean(errors?.length);
  const describedBy = [hint ? hintId : null, invalid ? errorId : null].filter(Boolean).join(" ") || undefined;
  const classes = cn(
    "block w-full rounded-lg border bg-white px-3 py-2 text-sm shadow-sm placeholder:text-slate-400 focus:outline-none focus:ring-2",
    invalid ? "border-red-400 focus:ring-red-300" : "border-slate-300 focus:border-brand-500 focus:ring-brand-200",
  );
  return (
    <div className={cn("space-y-1.5", className)}>
      <label htmlFor={name} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      {children({ invalid, describedBy, classes })}
      {hint ? (
        <div id={hintId} className="text-xs text-slate-500">
          {hint}
        </div>
      ) : null}
      <div id={errorId} aria-live="polite">
        {errors?.map((error) => (
          <p key={error} className="text-sm text-red-600">
            {error}
          </p>
        ))}
      </div>
    </div>
  );
}

/** A labelled input with its hint and errors. */
export function Field({ name, label, hint, errors, className, ...input }: ComponentProps<"input"> & FieldChrome) {
  return (
    <FieldFrame name={name} label={label} hint={hint} errors={errors} className={className}>
      {({ invalid, describedBy, classes }) => (
        <input id={name} name={name} aria-invalid={invalid || undefined} aria-describedby={describedBy} className={classes} {...input} />
      )}
    </FieldFrame>
  );
}

/** A labelled native select with its hint and errors. */
export function SelectField({
  name,
  label,
  hint,
  errors,
  options,
  className,
  ...select
}: ComponentProps<"select"> & FieldChrome & { options: readonly { value: string; label: string }[] }) {
  return (
    <FieldFrame name={name} label={label} hint={hint} errors={errors} className={className}>
      {({ invalid, describedBy, classes }) => (
        <select id={name} name={name} aria-invalid={invalid || undefined} aria-describedby={describedBy} className={classes} {...select}>
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </FieldFrame>
  );
}
