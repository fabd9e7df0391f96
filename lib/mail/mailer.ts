import "server-only";
import type { Config } from "@/lib/config";
import { ATTR, SPAN, withSpan } from "@/lib/observability";
import { invalidMessageError, MailError } from "./errors";
import { createOutboxDriver } from "./outbox";
import { htmlToText, renderEmail } from "./render";
import { createResendDriver } from "./resend";
import { batchIdempotencyKeySchema, batchMailMessageSchema, describeIssues, mailMessageSchema } from "./schemas";
import type {
  BatchItemResult,
  BatchMailMessage,
  MailDriver,
  MailDriverName,
  MailMessage,
  PreparedEmail,
  SendBatchOptions,
  SendBatchResult,
  SendEmailResult,
} from "./types";

/** The part of the config that chooses and reaches the mail driver. */
export type MailConfig = Pick<Config, "RESEND_API_KEY" | "RESEND_BASE_URL" | "MAIL_FROM"> & {
  drivers: Pick<Config["drivers"], "mail">;
};

export interface Mailer {
  readonly driver: MailDriverName;
  /** Validates, renders and delivers one email; throws MailError (check `retryable`). */
  sendEmail(message: MailMessage): Promise<SendEmailResult>;
  /**
   * Validates and renders each message, then delivers the valid ones (in chunks of 100 through
   * Resend). Never throws for a single message: each gets `{ id }` or `{ error }`, in order.
   * Throws MailError only when the batch's own idempotency key is invalid.
   */
  sendBatch(messages: BatchMailMessage[], options?: SendBatchOptions): Promise<SendBatchResult>;
  /** Whether mail can go out, checked without sending any. */
  health(): Promise<boolean>;
}

/** A mailer for the given config; tests use it directly, the app goes through `getMailer()`. */
export function createMailer(config: MailConfig): Mailer {
  const driver = createDriver(config);
  const defaults = { from: config.MAIL_FROM };

  return {
    driver: driver.name,

    sendEmail: (message) =>
      withSpan(SPAN.mailSend, { [ATTR.mailDriver]: driver.name, [ATTR.mailMessages]: 1 }, async (span) => {
        const { email, idempotencyKey } = await prepareEmail(message, defaults);
        span.setAttribute(ATTR.mailRecipients, email.to.length);
        const { id } = await withDriver(driver.name, () => driver.send(email, { idempotencyKey }));
        return { id, driver: driver.name };
      }),

    // One span per batch: its messages and recipients counted, the caller's ids (run, user) inherited.
    sendBatch: (messages, options = {}) =>
      withSpan(SPAN.mailSendBatch, { [ATTR.mailDriver]: driver.name, [ATTR.mailMessages]: messages.length }, async (span) => {
        const key = batchIdempotencyKeySchema.optional().safeParse(options.idempotencyKey);
        if (!key.success) throw invalidMessageError(`idempotencyKey: ${describeIssues(key.error)}`, key.error);

        const prepared = await Promise.all(
          messages.map((message) =>
            prepareBatchEmail(message, defaults).then(
              (email) => ({ email }),
              (error: unknown) => ({ error: asMailError(error) }),
            ),
          ),
        );
        // Only valid messages reach the driver, in their original order; results are put back in
        // place. Validation is deterministic, so retrying the same batch builds the same chunks and
        // their idempotency keys still match.
        const valid = prepared.flatMap((item) => ("email" in item ? [item.email] : []));
        span.setAttribute(ATTR.mailRecipients, valid.reduce((sum, email) => sum + email.to.length, 0));
        const sent = valid.length === 0 ? [] : await withDriver(driver.name, () => driver.sendBatch(valid, { idempotencyKey: key.data }));
        let next = 0;
        const results: BatchItemResult[] = prepared.map((item) => ("error" in item ? { error: item.error } : sent[next++]!));
        span.setAttribute(ATTR.mailFailed, results.filter((result) => "error" in result).length);
        return { driver: driver.name, results };
      }),

    health: () => driver.health(),
  };
}

function createDriver(config: MailConfig): MailDriver {
  if (config.drivers.mail === "outbox") return createOutboxDriver();
  if (config.RESEND_API_KEY === undefined) throw new Error("The resend mail driver needs RESEND_API_KEY");
  return createResendDriver({ apiKey: config.RESEND_API_KEY, baseUrl: config.RESEND_BASE_URL });
}

/** Validates the message (after filling in `from`) and renders its body. */
async function prepareEmail(message: MailMessage, defaults: { from: string }) {
  const parsed = mailMessageSchema.safeParse({ ...message, from: message.from ?? defaults.from });
  if (!parsed.success) throw invalidMessageError(describeIssues(parsed.error), parsed.error);
  const { idempotencyKey, ...fields } = parsed.data;
  return { email: await toPreparedEmail(fields), idempotencyKey };
}

async function prepareBatchEmail(message: BatchMailMessage, defaults: { from: string }): Promise<PreparedEmail> {
  const parsed = batchMailMessageSchema.safeParse({ ...message, from: message.from ?? defaults.from });
  if (!parsed.success) throw invalidMessageError(describeIssues(parsed.error), parsed.error);
  return toPreparedEmail(parsed.data);
}

type ValidFields = Omit<PreparedEmail, "html" | "text"> & { react?: MailMessage["react"]; html?: string; text?: string };

async function toPreparedEmail({ react, html, text, ...envelope }: ValidFields): Promise<PreparedEmail> {
  let body: { html: string; text: string };
  if (react !== undefined) {
    try {
      body = await renderEmail(react);
    } catch (error) {
      throw invalidMessageError(`react: the template failed to render (${error instanceof Error ? error.message : String(error)})`, error);
    }
  } else {
    body = { html: html!, text: text ?? htmlToText(html!) };
  }
  return {
    from: envelope.from,
    to: envelope.to,
    subject: envelope.subject,
    ...body,
    ...(envelope.replyTo ? { replyTo: envelope.replyTo } : {}),
    ...(envelope.headers && Object.keys(envelope.headers).length > 0 ? { headers: envelope.headers } : {}),
    ...(envelope.tags && envelope.tags.length > 0 ? { tags: envelope.tags } : {}),
  };
}

/** Drivers throw MailError for known failures; anything else (a bug, a thrown SDK error) is wrapped. */
async function withDriver<T>(driver: MailDriverName, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof MailError) throw error;
    // Not retryable: an unknown failure might have delivered the mail, and only an idempotent
    // retry is safe; callers that pass a key may still choose to try again.
    throw new MailError("upstream:mail", "The email could not be sent.", {
      reason: "unexpected_error",
      retryable: false,
      driver,
      detail: error instanceof Error ? error.message : String(error),
      cause: error,
    });
  }
}

function asMailError(error: unknown): MailError {
  if (error instanceof MailError) return error;
  return invalidMessageError(error instanceof Error ? error.message : String(error), error);
}
