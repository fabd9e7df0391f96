import { z } from "zod";
import { isSafeInputText, RefusedText, UNSAFE_TEXT_MESSAGE, type InputTextOptions } from "./input-text";

// The boundary's zod schemas, apart from input-text.ts: that module is also read by client code
// (forms' state), which must not carry zod along for them.

/**
 * zod: a text field, `z.string(message)` built on the boundary. A reader's RefusedText, or a string
 * passed straight to the domain that fails the rule, is refused with UNSAFE_TEXT_MESSAGE rather than
 * the field's own "missing" message. Chain `.trim().min().max()` as on any string.
 */
export function inputText(message?: string, options?: InputTextOptions) {
  return z
    .string({ error: (issue) => (issue.input instanceof RefusedText ? UNSAFE_TEXT_MESSAGE : message) })
    .refine((text) => isSafeInputText(text, options), UNSAFE_TEXT_MESSAGE);
}

/**
 * zod: a search box's text, as sent: a string, or a reader's RefusedText read back as its text. A
 * search is not refused for a control character: nothing stored holds one (every text passes this
 * boundary on its way in), so it finds nothing. Its search checks `isSafeInputText` and answers "no
 * match" without a query. Pipe on to the box's own trimming and length.
 */
export const searchText = z.union([z.string(), z.instanceof(RefusedText).transform((refused) => refused.text)]);
