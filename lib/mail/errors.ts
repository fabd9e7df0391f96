import { AppError, type ErrorCode } from "@/lib/errors";

/** Which driver delivers mail: Resend in production, the local outbox (a database table) otherwise. */
export type MailDriverName = "resend" | "outbox";

/**
 * Why a message was not sent. Resend's own error names pass through as they are (e.g.
 * `rate_limit_exceeded`, `invalid_api_key`); the others are ours.
 */
export type MailErrorReason =
  | "invalid_message"
  | "idempotency_conflict"
  | "unexpected_response"
  | "outbox_unavailable"
  | (string & {});

type MailErrorOptions = {
  reason: MailErrorReason;
  retryable: boolean;
  driver?: MailDriverName;
  /** The provider's HTTP status; null when no answer came back (network failure). */
  providerStatus?: number | null;
  /** What the provider or validator said, for logs; `message` stays safe to show. */
  detail?: string;
  cause?: unknown;
  retryAfter?: number;
};

/**
 * Every failure of `sendEmail`/`sendBatch`. Callers (the digest sender, job handlers) branch on
 * `retryable` alone: true for rate limits, provider outages and network failures, where sending
 * the same message again later (with the same idempotency key) may succeed; false when the
 * message, the key or the account is wrong and a retry would fail the same way.
 *
 * It is an AppError so `toResponse` maps it like any other domain error: invalid input 400,
 * key reuse 409, retryable 503, the rest 502.
 */
export class MailError extends AppError {
  readonly retryable: boolean;
  readonly reason: MailErrorReason;
  readonly driver?: MailDriverName;
  readonly providerStatus: number | null;
  readonly detail?: string;

  constructor(code: ErrorCode, message: string, options: MailErrorOptions) {
    super(code, message, { cause: options.cause, retryAfter: options.retryAfter });
    this.name = "MailError";
    this.retryable = options.retryable;
    this.reason = options.reason;
    this.driver = options.driver;
    this.providerStatus = options.providerStatus ?? null;
    this.detail = options.detail;
  }
}

export function invalidMessageError(detail: string, cause?: unknown): MailError {
  return new MailError("bad_request:mail", `Invalid email: ${detail}`, {
    reason: "invalid_message",
    retryable: false,
    detail,
    cause,
  });
}

export function idempotencyConflictError(driver: MailDriverName, key: string, detail?: string): MailError {
  return new MailError(
    "conflict:mail",
    `The idempotency key "${key}" was already used for a different email.`,
    { reason: "idempotency_conflict", retryable: false, driver, providerStatus: 409, detail },
  );
}
