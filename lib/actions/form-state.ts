import { z } from "zod";
import { asFormData } from "@/lib/accounts/form-fields";
import { AppError } from "@/lib/errors";
import { isSafeInputText } from "@/lib/http/input-text";

/** What every form action returns: the UI shows `message` and each field's errors beside the field. */
export type FormState =
  | { status: "idle" }
  | { status: "invalid"; message: string; fieldErrors: Record<string, string[] | undefined>; values?: Record<string, string> }
  | { status: "error"; message: string; values?: Record<string, string> }
  | { status: "success"; message: string };

export const idleState: FormState = { status: "idle" };

/** The one mapping from thrown errors to form state; unknown errors are logged and never shown. */
export function formStateFromError(error: unknown, values?: Record<string, string>): FormState {
  if (error instanceof z.ZodError) {
    const flat = z.flattenError(error);
    return {
      status: "invalid",
      message: flat.formErrors[0] ?? "Check the highlighted fields.",
      fieldErrors: flat.fieldErrors as Record<string, string[] | undefined>,
      values,
    };
  }
  if (error instanceof AppError) {
    const field = error.surface === "email" || error.surface === "password" ? error.surface : undefined;
    if (field) return { status: "invalid", message: error.message, fieldErrors: { [field]: [error.message] }, values };
    return { status: "error", message: error.message, values };
  }
  console.error("[action]", error);
  return { status: "error", message: "Something went wrong on our side. Please try again.", values };
}

/**
 * Text fields of a form, for re-filling it after an error (passwords are never echoed); read the input
 * itself with `readFormFields`. A text holding a control character is not put back: the form state
 * travels back with the next post, whose JSON would then be refused (lib/http/input-text.ts).
 */
export function formValues(formData: FormData, fields: string[]): Record<string, string> {
  const form = asFormData(formData);
  const refill = (value: FormDataEntryValue | null) => (typeof value === "string" && isSafeInputText(value, { multiline: true }) ? value : "");
  return Object.fromEntries(fields.map((field) => [field, refill(form.get(field))]));
}
