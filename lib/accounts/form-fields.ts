import { checkInputText, SECRET_FIELDS } from "@/lib/http/input-text";

/**
 * The form a server action was given. An action is a public endpoint: a hand-made call can send
 * anything in the FormData's place, which then reads as an empty form.
 */
export function asFormData(value: unknown): FormData {
  return value instanceof FormData ? value : new FormData();
}

/**
 * A form's text fields, as zod should see them: one string per field; `undefined` when the field is
 * missing or is a file; an array when the field was sent more than once (zod then refuses it with the
 * field's own message instead of silently taking the first value). Every text passes the input-text
 * boundary (lib/http/input-text.ts): one holding a control character comes back as a RefusedText,
 * which zod refuses the same way, so it never reaches a query. `multiline` names the text areas, whose
 * tabs and line breaks are fine. Passwords, tokens and the delete confirmation (SECRET_FIELDS) are
 * handed on exactly as sent: they are hashed or compared, never stored.
 */
export function readFormFields<const K extends string>(
  formData: FormData,
  names: readonly K[],
  options: { multiline?: readonly K[] } = {},
): Record<K, unknown> {
  const form = asFormData(formData);
  return Object.fromEntries(
    names.map((name) => {
      const read = (value: FormDataEntryValue) => {
        if (typeof value !== "string") return undefined;
        return SECRET_FIELDS.has(name) ? value : checkInputText(value, { multiline: options.multiline?.includes(name) });
      };
      const all = form.getAll(name);
      if (all.length === 0) return [name, undefined];
      if (all.length > 1) return [name, all.map(read)];
      return [name, read(all[0]!)];
    }),
  ) as Record<K, unknown>;
}

/**
 * Text values to put back into the form after an error (never passwords), capped to a sane length. A
 * refused text is not put back: the form state travels back with the next post, which would refuse it.
 */
export function refillValues(fields: Record<string, unknown>, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(names.map((name) => [name, typeof fields[name] === "string" ? (fields[name] as string).slice(0, 300) : ""]));
}
