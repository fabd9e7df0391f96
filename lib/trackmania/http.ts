import { SpanStatusCode, type Span } from "@opentelemetry/api";
import type { z } from "zod";
import { ATTR, SPAN, withSpan } from "@/lib/observability";
import { TrackmaniaError } from "./errors";
import type { RequestScheduler, TrackmaniaService } from "./scheduler";

/**
 * One HTTP exchange with a Trackmania service, with the manners Nadeo asks for: a User-Agent naming
 * the app and a contact, the shared rate limit, a timeout per attempt, and retries with exponential
 * backoff and jitter on 429, 5xx, timeouts and network errors (honouring `Retry-After`). Every
 * attempt sent is counted per endpoint so the daily run can report its calls, and every call is one
 * `tm.request` span (service, endpoint, method, path, final status, retries; each retry an event).
 */

export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export interface TransportRequest {
  service: TrackmaniaService;
  /** Our name of the endpoint (`live.top`), used for stats and errors. */
  endpoint: string;
  method: "GET" | "POST";
  url: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface TransportResponse {
  status: number;
  headers: Headers;
  text: string;
  attempts: number;
}

export interface CallStats {
  /** HTTP requests sent, retries included. */
  requests: number;
  /** Requests per endpoint name (`live.top`, `core.token`…), retries included. */
  byEndpoint: Record<string, number>;
  /** Of `requests`, how many were retries after a 429, 5xx, timeout or network error. */
  retries: number;
  /** Calls that ended in a thrown error (after their retries and any token renewal). */
  failures: number;
}

export class CallCounter {
  private counts = new Map<string, number>();
  private retries = 0;
  private failures = 0;

  countRequest(endpoint: string, isRetry: boolean): void {
    this.counts.set(endpoint, (this.counts.get(endpoint) ?? 0) + 1);
    if (isRetry) this.retries += 1;
  }

  countFailure(): void {
    this.failures += 1;
  }

  snapshot(): CallStats {
    const byEndpoint = Object.fromEntries([...this.counts.entries()].sort(([a], [b]) => a.localeCompare(b)));
    const requests = [...this.counts.values()].reduce((sum, n) => sum + n, 0);
    return { requests, byEndpoint, retries: this.retries, failures: this.failures };
  }

  reset(): void {
    this.counts.clear();
    this.retries = 0;
    this.failures = 0;
  }
}

export interface TransportOptions {
  fetch: FetchLike;
  userAgent: string;
  scheduler: RequestScheduler;
  counter: CallCounter;
  timeoutMs: number;
  /** Attempts per call, the first included. */
  maxAttempts: number;
  /** First backoff step; doubles per retry, with jitter. */
  retryBaseMs: number;
  /** Longest single wait; a `Retry-After` longer than this fails the call at once instead of stalling it. */
  maxRetryDelayMs: number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
}

type AttemptOutcome =
  | { ok: true; response: TransportResponse }
  | { ok: false; kind: "timeout" | "network"; cause: unknown };

const RETRYABLE_STATUS = new Set([408, 425, 429, 500, 502, 503, 504]);

export class Transport {
  constructor(private readonly options: TransportOptions) {}

  /**
   * Sends the request, retrying what deserves it. Resolves with any final answer that is not worth
   * retrying (2xx, 4xx…), so callers decide about 401s; throws a TrackmaniaError when retries run out.
   */
  send(request: TransportRequest): Promise<TransportResponse> {
    const attributes = {
      [ATTR.tmService]: request.service,
      [ATTR.tmEndpoint]: request.endpoint,
      [ATTR.httpMethod]: request.method,
      [ATTR.urlPath]: pathOf(request.url),
    };
    return withSpan(SPAN.tmRequest, attributes, (span) => this.sendWithRetries(request, span));
  }

  private async sendWithRetries(request: TransportRequest, span: Span): Promise<TransportResponse> {
    const { maxAttempts, scheduler, counter, sleep } = this.options;
    for (let attempt = 1; ; attempt += 1) {
      const outcome = await scheduler.run(request.service, () => {
        counter.countRequest(request.endpoint, attempt > 1);
        return this.attempt(request, attempt);
      });

      span.setAttribute(ATTR.tmRetry, attempt - 1);
      if (outcome.ok) span.setAttribute(ATTR.httpStatus, outcome.response.status);
      if (outcome.ok && !RETRYABLE_STATUS.has(outcome.response.status)) {
        // As OpenTelemetry's HTTP client spans do: a 4xx or 5xx answer is an error, even one the caller handles (a 401 renewing a token).
        if (outcome.response.status >= 400) span.setStatus({ code: SpanStatusCode.ERROR, message: `HTTP ${outcome.response.status}` });
        return outcome.response;
      }

      const retryAfterMs = outcome.ok ? parseRetryAfter(outcome.response.headers.get("retry-after")) : null;
      const backoffMs = this.backoff(attempt);
      const delayMs = Math.max(backoffMs, retryAfterMs ?? 0);
      const tooLong = retryAfterMs !== null && retryAfterMs > this.options.maxRetryDelayMs;

      if (attempt >= maxAttempts || tooLong) {
        throw this.failure(request, outcome, attempt, retryAfterMs);
      }
      if (retryAfterMs !== null) {
        // The service asked everyone to wait, not just this call.
        scheduler.pause(request.service, retryAfterMs);
      }
      span.addEvent("retry", {
        attempt,
        reason: outcome.ok ? `HTTP ${outcome.response.status}` : outcome.kind,
        delay_ms: Math.round(delayMs),
      });
      await sleep(delayMs);
    }
  }

  private async attempt(request: TransportRequest, attempt: number): Promise<AttemptOutcome> {
    const signal = AbortSignal.timeout(this.options.timeoutMs);
    try {
      const response = await untilAborted(
        this.options.fetch(request.url, {
          method: request.method,
          headers: { Accept: "application/json", ...request.headers, "User-Agent": this.options.userAgent },
          body: request.body,
          signal,
        }),
        signal,
      );
      const text = await untilAborted(response.text(), signal);
      return { ok: true, response: { status: response.status, headers: response.headers, text, attempts: attempt } };
    } catch (cause) {
      return { ok: false, kind: signal.aborted ? "timeout" : "network", cause };
    }
  }

  /** Exponential with "equal jitter": half the step fixed, half random, so retries of many callers spread. */
  private backoff(attempt: number): number {
    const step = Math.min(this.options.maxRetryDelayMs, this.options.retryBaseMs * 2 ** (attempt - 1));
    return step / 2 + (this.options.random() * step) / 2;
  }

  private failure(
    request: TransportRequest,
    outcome: AttemptOutcome,
    attempts: number,
    retryAfterMs: number | null,
  ): TrackmaniaError {
    const tries = attempts === 1 ? "" : ` after ${attempts} attempts`;
    if (!outcome.ok) {
      const what =
        outcome.kind === "timeout"
          ? `did not answer within ${this.options.timeoutMs} ms`
          : `could not be reached (${describeCause(outcome.cause)})`;
      return new TrackmaniaError(`Trackmania ${request.endpoint} ${what}${tries}.`, {
        kind: outcome.kind,
        endpoint: request.endpoint,
        attempts,
        cause: outcome.cause,
      });
    }
    const retryAfter = retryAfterMs === null ? undefined : retryAfterMs / 1000;
    const wait = retryAfter !== undefined && attempts < this.options.maxAttempts ? ` (asked to wait ${retryAfter} s)` : "";
    return httpError(request.endpoint, outcome.response, `${tries}${wait}`, retryAfter);
  }
}

/** A TrackmaniaError for a final non-2xx answer, quoting the service's own error code and message. */
export function httpError(
  endpoint: string,
  response: TransportResponse,
  suffix = "",
  retryAfter?: number,
): TrackmaniaError {
  const detail = describeErrorBody(response.text);
  return new TrackmaniaError(
    `Trackmania ${endpoint} answered HTTP ${response.status}${suffix}${detail ? `: ${detail}` : ""}.`,
    {
      kind: response.status === 401 || response.status === 403 ? "auth" : "http",
      endpoint,
      upstreamStatus: response.status,
      retryAfter,
      attempts: response.attempts,
    },
  );
}

/** The URL's path alone: a span never needs the query string. */
function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return "(unparsable)";
  }
}

/** Parses a 2xx body with the endpoint's schema; a mismatch names the endpoint and the first bad field. */
export function parseBody<S extends z.ZodType>(endpoint: string, response: TransportResponse, schema: S): z.output<S> {
  let json: unknown;
  try {
    json = JSON.parse(response.text);
  } catch (cause) {
    throw new TrackmaniaError(
      `Trackmania ${endpoint} answered HTTP ${response.status} with a body that is not JSON: ${excerpt(response.text)}`,
      { kind: "invalid_response", endpoint, upstreamStatus: response.status, cause },
    );
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue ? formatPath(issue.path) : "(body)";
  const more = parsed.error.issues.length > 1 ? ` (+${parsed.error.issues.length - 1} more)` : "";
  throw new TrackmaniaError(
    `Trackmania ${endpoint} answered with an unexpected body: field ${field}: ${issue?.message ?? "invalid"}${more}.`,
    { kind: "invalid_response", endpoint, upstreamStatus: response.status, cause: parsed.error },
  );
}

/** `["tops", 0, "top", 3, "score"]` → `tops[0].top[3].score`. */
export function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return "(body)";
  return path
    .map((key, index) => (typeof key === "number" ? `[${key}]` : `${index === 0 ? "" : "."}${String(key)}`))
    .join("");
}

/** `Retry-After` as milliseconds: delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null): number | null {
  if (value === null || value.trim() === "") return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}

function describeErrorBody(text: string): string {
  if (!text) return "";
  try {
    const body = JSON.parse(text) as unknown;
    if (body && typeof body === "object" && !Array.isArray(body)) {
      const { code, error, message, error_description } = body as Record<string, unknown>;
      const parts = [code ?? error, message ?? error_description].filter((part) => typeof part === "string");
      if (parts.length > 0) return parts.join(" ");
    }
    if (Array.isArray(body)) return body.filter((part) => typeof part === "string").join(", ");
  } catch {
    // not JSON: quote it
  }
  return excerpt(text);
}

function excerpt(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

function describeCause(cause: unknown): string {
  if (cause instanceof Error) {
    const inner = cause.cause instanceof Error ? `: ${cause.cause.message}` : "";
    return `${cause.message}${inner}`;
  }
  return String(cause);
}

/** Rejects when `signal` aborts even if the promise ignores it (e.g. an in-process fetch). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}
