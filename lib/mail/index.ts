import "server-only";
import { getConfig } from "@/lib/config";
import { createMailer, type Mailer } from "./mailer";
import type { BatchMailMessage, MailDriverName, MailMessage, SendBatchOptions, SendBatchResult, SendEmailResult } from "./types";

/**
 * lib/mail's public face. All mail goes through `sendEmail`/`sendBatch`; the driver (Resend when
 * RESEND_API_KEY is set, else the local outbox) is chosen once from the config.
 */

export { createMailer, type MailConfig, type Mailer } from "./mailer";
export { MailError, type MailErrorReason } from "./errors";
export { renderEmail } from "./render";
export {
  countOutboxEmails,
  getOutboxEmail,
  listOutboxEmails,
  type ListOutboxEmailsOptions,
  type OutboxEmail,
  type OutboxEmailPage,
} from "./outbox";
export { BATCH_CHUNK_SIZE, MAX_RECIPIENTS } from "./schemas";
export type {
  BatchItemResult,
  BatchMailMessage,
  MailDriverName,
  MailMessage,
  MailTag,
  SendBatchOptions,
  SendBatchResult,
  SendEmailResult,
} from "./types";

// Kept on globalThis because Next's dev server re-evaluates modules on every edit; one mailer
// (and one Resend client) per process is enough.
const holder = globalThis as typeof globalThis & { __trackwatchMailer?: Mailer };

/** The process-wide mailer, chosen once from the config. */
export function getMailer(): Mailer {
  holder.__trackwatchMailer ??= createMailer(getConfig());
  return holder.__trackwatchMailer;
}

/** Sends one email; throws MailError, whose `retryable` says whether trying again can help. */
export function sendEmail(message: MailMessage): Promise<SendEmailResult> {
  return getMailer().sendEmail(message);
}

/** Sends many emails; each gets `{ id }` or `{ error }`, in the order given. */
export function sendBatch(messages: BatchMailMessage[], options?: SendBatchOptions): Promise<SendBatchResult> {
  return getMailer().sendBatch(messages, options);
}

/**
 * Outbox: the database answers. Resend: a read-only call answers (a sending-only key's
 * "restricted_api_key" refusal counts as an answer: the key is valid, it just may not read).
 */
export async function mailHealth(): Promise<{ driver: MailDriverName; ok: boolean }> {
  const mailer = getMailer();
  return { driver: mailer.driver, ok: await mailer.health() };
}
