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
 * field's own message instead of silently taking the first value).
 */
export function readFormFields<const K extends string>(formData: FormData, names: readonly K[]): Record<K, unknown> {
  const form = asFormData(formData);
  return Object.fromEntries(
    names.map((name) => {
      const all = form.getAll(name);
      if (all.length === 0) return [name, undefined];
      if (all.length > 1) return [name, all.map((value) => (typeof value === "string" ? value : undefined))];
      return [name, typeof all[0] === "string" ? all[0] : undefined];
    }),
  ) as Record<K, unknown>;
}

/** Text values to put back into the form after an error (never passwords), capped to a sane length. */
export function refillValues(fields: Record<string, unknown>, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(names.map((name) => [name, typeof fields[name] === "string" ? (fields[name] as string).slice(0, 300) : ""]));
}
