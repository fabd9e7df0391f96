import { isValidElement, type ReactElement } from "react";
import { z } from "zod";

/**
 * The mail boundary's rules. They mirror what Resend itself refuses, so a message the outbox
 * accepts in development is one Resend accepts in production, and a bad message fails here with
 * a clear path instead of as a provider error after rendering.
 */

/** Resend's limit on `to` (and on `cc`/`bcc`, which Trackwatch does not use). */
export const MAX_RECIPIENTS = 50;
/** Resend's limit on emails per `POST /emails/batch`. */
export const BATCH_CHUNK_SIZE = 100;
/** Resend accepts idempotency keys of 1–256 characters. */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 256;
/** Leaves room for the `:<chunk>` suffix added to batch keys. */
export const MAX_BATCH_IDEMPOTENCY_KEY_LENGTH = 240;

const emailAddress = z.email({ error: "must be an email address" });

// `Name <email@example.com>` or a bare address: the two forms Resend accepts for `from`.
const mailboxPattern = /^(?:[^<>\r\n]*<([^<>\s]+)>|([^<>\s]+))$/;

const mailbox = z
  .string()
  .trim()
  .refine((value) => {
    const match = mailboxPattern.exec(value);
    const address = match?.[1] ?? match?.[2];
    return address !== undefined && emailAddress.safeParse(address).success;
  }, "must be email@example.com or Name <email@example.com>");

// One address or a list, always a list afterwards. A preprocess rather than a union, so an error
// names the bad entry (`to.3: must be an email address`) instead of zod's "Invalid input".
const addressList = (max: number) =>
  z.preprocess(
    (value) => (typeof value === "string" ? [value] : value),
    z.array(emailAddress).min(1, "needs at least one address").max(max, `at most ${max} addresses`),
  );

// A CR or LF inside a header would let a value start a header of its own (header injection).
const noLineBreaks = (value: string) => !/[\r\n]/.test(value);

// RFC 5322 field names: printable ASCII except space and colon.
const headerName = z.string().regex(/^[!-9;-~]+$/, "must be a header name (printable ASCII, no spaces or colons)");
const headerValue = z.string().refine(noLineBreaks, "must not contain line breaks");
// Set through their own fields, so a header cannot contradict the envelope.
const reservedHeaders = new Set(["from", "to", "cc", "bcc", "subject", "reply-to"]);
const headers = z
  .record(headerName, headerValue)
  .refine(
    (value) => Object.keys(value).every((name) => !reservedHeaders.has(name.toLowerCase())),
    "From, To, Cc, Bcc, Subject and Reply-To are set through their own fields",
  );

const tagPart = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,256}$/, "must be 1-256 ASCII letters, digits, _ or -");

const reactElement = z.custom<ReactElement>((value) => isValidElement(value), "must be a React element");

export const idempotencyKeySchema = z
  .string()
  .min(1, "must not be empty")
  .max(MAX_IDEMPOTENCY_KEY_LENGTH, `must be at most ${MAX_IDEMPOTENCY_KEY_LENGTH} characters`);

export const batchIdempotencyKeySchema = idempotencyKeySchema.max(
  MAX_BATCH_IDEMPOTENCY_KEY_LENGTH,
  `must be at most ${MAX_BATCH_IDEMPOTENCY_KEY_LENGTH} characters (chunk suffixes are appended)`,
);

const envelopeShape = {
  to: addressList(MAX_RECIPIENTS),
  subject: z.string().trim().min(1, "must not be empty").max(998, "is too long").refine(noLineBreaks, "must not contain line breaks"),
  from: mailbox,
  replyTo: addressList(MAX_RECIPIENTS).optional(),
  headers: headers.optional(),
  tags: z.array(z.strictObject({ name: tagPart, value: tagPart })).optional(),
  react: reactElement.optional(),
  html: z.string().min(1, "must not be empty").optional(),
  text: z.string().optional(),
};

function requireOneBody(message: { react?: unknown; html?: unknown; text?: unknown }, ctx: z.RefinementCtx) {
  if (message.react !== undefined && (message.html !== undefined || message.text !== undefined)) {
    ctx.addIssue({ code: "custom", path: ["react"], message: "give either react or html/text, not both" });
  } else if (message.react === undefined && message.html === undefined) {
    ctx.addIssue({ code: "custom", path: ["html"], message: "a react element or html is required" });
  }
}

/**
 * Strict objects: an unsupported field (`cc`, `attachments`, a typo such as `replyto`) is an error
 * rather than something silently dropped on the way to the provider.
 */
export const mailMessageSchema = z
  .strictObject({ ...envelopeShape, idempotencyKey: idempotencyKeySchema.optional() })
  .superRefine(requireOneBody);

export const batchMailMessageSchema = z.strictObject(envelopeShape).superRefine(requireOneBody);

/** `to[1]: must be an email address; subject: must not be empty` */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length > 0 ? issue.path.map(String).join(".") : "message"}: ${issue.message}`)
    .join("; ");
}
