/**
 * The one check every text from a request passes before it can reach SQL — query parameters, form
 * fields, path segments, JSON strings. PostgreSQL refuses a NUL in text outright (`invalid byte
 * sequence for encoding "UTF8": 0x00`, Prisma P2039: a 500), and no other control character belongs
 * in anything a person types, so a text is safe when it is well-formed Unicode (a lone surrogate would
 * be stored as U+FFFD) without any control character (Unicode Cc: NUL, U+0001–U+001F, DEL, U+0080–U+009F),
 * except tab, line feed and carriage return in multi-line text (a feedback message, JSON).
 *
 * A text that fails is refused whole, never stripped: a 400, a form field's error, a query parameter's
 * default, a 404 for a path segment, or "no match" for a search box. Passwords, tokens and the delete
 * confirmation are never judged (`SECRET_FIELDS`): they are hashed or compared, never stored as text,
 * and their own schemas check their shape.
 */

export type InputTextOptions = {
  /** Tab, line feed and carriage return allowed: text areas and JSON. Single-line fields refuse them. */
  multiline?: boolean;
};

const CONTROL = /\p{Cc}/u;
/** Cc minus tab, line feed and carriage return. */
const CONTROL_BUT_LINE_BREAKS = /[^\P{Cc}\t\n\r]/u;

/** Whether a text from a request may go on to a query (see the module comment for the rule). */
export function isSafeInputText(text: string, { multiline = false }: InputTextOptions = {}): boolean {
  return text.isWellFormed() && !(multiline ? CONTROL_BUT_LINE_BREAKS : CONTROL).test(text);
}

/** What a refused text is told, where a field shows its error. */
export const UNSAFE_TEXT_MESSAGE = "Remove the control characters (such as tabs or NUL bytes) from this text.";

/**
 * Form fields and query parameters whose text is a credential: hashed or compared, never stored as
 * text, so the readers hand them on exactly as sent (a password may hold any character).
 */
export const SECRET_FIELDS: ReadonlySet<string> = new Set(["password", "currentPassword", "newPassword", "token", "confirmation"]);

/**
 * What a reader hands on in place of a text that failed `isSafeInputText`. No string schema accepts it,
 * so the field is refused with its own message (`inputText` says why instead) or takes its default,
 * and the text never reaches a query. It keeps the text for a search box, whose answer is "no match".
 */
export class RefusedText {
  constructor(readonly text: string) {}
}

/** A reader's one step: the text as sent, or a RefusedText. */
export function checkInputText(text: string, options?: InputTextOptions): string | RefusedText {
  return isSafeInputText(text, options) ? text : new RefusedText(text);
}

/** Whether a parsed JSON value holds a string (or key) that fails the multi-line rule, however deep. */
export function holdsUnsafeText(value: unknown): boolean {
  if (typeof value === "string") return !isSafeInputText(value, { multiline: true });
  if (Array.isArray(value)) return value.some(holdsUnsafeText);
  if (typeof value === "object" && value !== null) {
    return Object.entries(value).some(([key, item]) => !isSafeInputText(key, { multiline: true }) || holdsUnsafeText(item));
  }
  return false;
}
