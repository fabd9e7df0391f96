import "server-only";
import { Resend, type CreateEmailOptions, type ErrorResponse } from "resend";
import { idempotencyConflictError, MailError } from "./errors";
import { BATCH_CHUNK_SIZE } from "./schemas";
import type { BatchItemResult, MailDriver, PreparedEmail } from "./types";

// Every `resend` import lives in this file: the SDK is one driver, swappable without touching callers.

export type ResendDriverOptions = {
  apiKey: string;
  /** RESEND_BASE_URL; tests point it at tests/fakes/resend.ts. */
  baseUrl: string;
};

export function createResendDriver({ apiKey, baseUrl }: ResendDriverOptions): MailDriver {
  // The SDK joins `${baseUrl}${path}` with paths that start with "/", so a trailing slash would
  // produce "//emails". Passing baseUrl explicitly also keeps lib/config the only reader of env
  // (the SDK would otherwise fall back to process.env.RESEND_BASE_URL by itself).
  const client = new Resend(apiKey, { baseUrl: baseUrl.replace(/\/+$/, "") });

  return {
    name: "resend",

    async send(email, { idempotencyKey }) {
      const { data, error, headers } = await client.emails.send(toResendPayload(email), { idempotencyKey });
      if (error) throw toMailError(error, headers, idempotencyKey);
      if (typeof data?.id !== "string") throw unexpectedResponse("POST /emails answered without an id");
      return { id: data.id };
    },

    async sendBatch(emails, { idempotencyKey }) {
      const results: BatchItemResult[] = [];
      // Chunks go one after another: Resend's default rate limit is a few requests per second,
      // and a failed chunk must not stop the others (their messages are independent).
      for (let start = 0, chunkIndex = 0; start < emails.length; start += BATCH_CHUNK_SIZE, chunkIndex++) {
        const chunk = emails.slice(start, start + BATCH_CHUNK_SIZE);
        const chunkKey = idempotencyKey === undefined ? undefined : `${idempotencyKey}:${chunkIndex}`;
        results.push(...(await sendChunk(client, chunk, chunkKey)));
      }
      return results;
    },

    // A read that sends nothing: the smallest page of the domain list. A "sending access" key may not
    // read it, and Resend says so with 401 `restricted_api_key` only after accepting the key, which is
    // all a health check needs to know. Network failures (statusCode null), a wrong key (403
    // `invalid_api_key`), 5xx and timeouts are down.
    async health() {
      const { error } = await client.domains.list({ limit: 1 }, { signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS) });
      return error === null || error.name === "restricted_api_key";
    },
  };
}

// Below /api/health's own 8 s limit, so a hanging Resend shows up as "down" rather than as a timeout.
const HEALTH_TIMEOUT_MS = 5_000;

async function sendChunk(client: Resend, chunk: PreparedEmail[], idempotencyKey: string | undefined): Promise<BatchItemResult[]> {
  // "strict" (the SDK's default, stated here because it matters): one invalid email fails the whole
  // request, so the chunk's ids are all-or-nothing and a retry under the same key is exact.
  const { data, error, headers } = await client.batch.send(chunk.map(toResendPayload), {
    idempotencyKey,
    batchValidation: "strict",
  });
  if (error) {
    const mailError = toMailError(error, headers, idempotencyKey);
    return chunk.map(() => ({ error: mailError }));
  }
  const ids = data?.data;
  if (!Array.isArray(ids) || ids.length !== chunk.length || ids.some((item) => typeof item?.id !== "string")) {
    const mailError = unexpectedResponse(`POST /emails/batch answered ${ids?.length ?? "no"} ids for ${chunk.length} emails`);
    return chunk.map(() => ({ error: mailError }));
  }
  return ids.map((item) => ({ id: item.id }));
}

function toResendPayload(email: PreparedEmail): CreateEmailOptions {
  return {
    from: email.from,
    to: email.to,
    subject: email.subject,
    html: email.html,
    text: email.text,
    ...(email.replyTo ? { replyTo: email.replyTo } : {}),
    ...(email.headers ? { headers: email.headers } : {}),
    ...(email.tags ? { tags: email.tags } : {}),
  };
}

// Resend answers 429 for quotas too; the monthly one does not clear within any retry schedule.
const notRetryableAt429 = new Set(["monthly_quota_exceeded"]);
// 409 while a request with the same key is still in flight: asking again shortly gets its answer.
const retryableAt4xx = new Set(["concurrent_idempotent_requests"]);

/**
 * The SDK reports failures as `{ error }` instead of throwing: a network failure arrives as
 * `statusCode: null`, a non-JSON error page (a proxy's 502) as `application_error` with its status.
 */
function toMailError(error: ErrorResponse, headers: Record<string, string> | null, idempotencyKey: string | undefined): MailError {
  const status = error.statusCode;
  if (error.name === "invalid_idempotent_request" && idempotencyKey !== undefined) {
    return idempotencyConflictError("resend", idempotencyKey, error.message);
  }
  const retryable =
    status === null ||
    status >= 500 ||
    (status === 429 && !notRetryableAt429.has(error.name)) ||
    retryableAt4xx.has(error.name);
  const retryAfter = Number(headers?.["retry-after"]);
  return new MailError(
    retryable ? "unavailable:mail" : "upstream:mail",
    retryable ? "The email service is unavailable right now; try again later." : "The email service refused the email.",
    {
      reason: error.name,
      retryable,
      driver: "resend",
      providerStatus: status,
      detail: error.message,
      retryAfter: Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter : undefined,
    },
  );
}

function unexpectedResponse(detail: string): MailError {
  // Not retryable: the request may have been accepted, and without ids there is nothing to check.
  return new MailError("upstream:mail", "The email service answered in an unexpected way.", {
    reason: "unexpected_response",
    retryable: false,
    driver: "resend",
    detail,
  });
}
