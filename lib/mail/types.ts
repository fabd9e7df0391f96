import type { ReactElement } from "react";
import type { MailDriverName, MailError } from "./errors";

export type { MailDriverName } from "./errors";

/** Resend's tag shape; name and value are ASCII letters, digits, `_` and `-` only. */
export type MailTag = { name: string; value: string };

/** What every message carries besides its content. */
export type MailEnvelope = {
  to: string | string[];
  subject: string;
  /** Defaults to MAIL_FROM. `email@example.com` or `Name <email@example.com>`. */
  from?: string;
  replyTo?: string | string[];
  /** Extra MIME headers, e.g. `List-Unsubscribe` and `List-Unsubscribe-Post` for one-click unsubscribe. */
  headers?: Record<string, string>;
  tags?: MailTag[];
};

/**
 * The body: a React Email element (rendered here to HTML and plain text), or ready-made HTML
 * with an optional plain-text part (derived from the HTML when missing).
 */
export type MailContent =
  | { react: ReactElement; html?: never; text?: never }
  | { react?: never; html: string; text?: string };

/** One email for `sendEmail`. */
export type MailMessage = MailEnvelope &
  MailContent & {
    /**
     * Makes a retried send harmless: the same key with the same message returns the first send's id
     * and delivers nothing new; the same key with a different message is refused. Resend keeps keys
     * for 24 hours, and so does the outbox. 1–256 characters, e.g. `digest/<digestId>`.
     */
    idempotencyKey?: string;
  };

/** One email inside `sendBatch`; the batch carries the idempotency key, as Resend's batch endpoint does. */
export type BatchMailMessage = MailEnvelope & MailContent;

export type SendBatchOptions = {
  /**
   * Key for the whole batch. Messages are sent in chunks of 100 (Resend's batch limit), chunk `i`
   * under `${idempotencyKey}:${i}`: retry the *same* batch with the same key and only the chunks
   * that failed are delivered. At most 240 characters, leaving room for the chunk suffix.
   */
  idempotencyKey?: string;
};

export type SendEmailResult = { id: string; driver: MailDriverName };

/** Per message, in the order given: the provider's id, or why that message was not sent. */
export type BatchItemResult = { id: string } | { error: MailError };

export type SendBatchResult = { driver: MailDriverName; results: BatchItemResult[] };

/** A validated, rendered message: what drivers deliver. */
export type PreparedEmail = {
  from: string;
  to: string[];
  subject: string;
  html: string;
  text: string;
  replyTo?: string[];
  headers?: Record<string, string>;
  tags?: MailTag[];
};

/** What a driver implements; validation and rendering happen before it is called. */
export interface MailDriver {
  readonly name: MailDriverName;
  send(email: PreparedEmail, options: { idempotencyKey?: string }): Promise<{ id: string }>;
  /** Results in input order; a failed request marks every message it carried with the same error. */
  sendBatch(emails: PreparedEmail[], options: { idempotencyKey?: string }): Promise<BatchItemResult[]>;
  /** Cheap readiness check that never sends mail. */
  health(): Promise<boolean>;
}
