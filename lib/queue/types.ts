import type { z } from "zod";

/**
 * The shapes shared by both queue drivers (QStash and the in-process runner). Kept free of
 * `server-only` and of any SDK type so job declarations and tests can import them anywhere.
 */

export type QueueDriverName = "qstash" | "in-process";

/**
 * QStash flow control, which the in-process runner honours too: among messages with the same `key`,
 * at most `parallelism` handlers run at once and at most `rate` start per `period` seconds
 * (default period one second). At least one of `parallelism` or `rate` is required, as in QStash.
 */
export interface FlowControl {
  key: string;
  parallelism?: number;
  rate?: number;
  /** Seconds. */
  period?: number;
}

export interface EnqueueOptions {
  /** Seconds before the first delivery. QStash only knows whole seconds, so its driver rounds up. */
  delay?: number;
  /**
   * A second enqueue with the same id is a no-op that answers the first message's id (QStash keeps
   * ids for its deduplication window; the in-process runner keeps them for as long as the JobRecord).
   */
  deduplicationId?: string;
  /** Overrides the job's declared flow control for this message. */
  flowControl?: FlowControl;
}

export interface EnqueueResult {
  messageId: string;
  /** True when an earlier message with the same deduplicationId was found and nothing new was queued. */
  deduplicated: boolean;
}

export interface JobContext {
  /** 1 on the first delivery, 2 on the first retry, … */
  attempt: number;
  /** QStash's `Upstash-Message-Id`, or the JobRecord id in-process; stable across retries. */
  messageId: string;
  /**
   * The span that queued the message, when it was traced: the delivery's span links to it (a link,
   * not a parent: each delivery is a trace of its own, see lib/queue/define.ts).
   */
  enqueuedBy?: EnqueuedBy;
}

/** A span's W3C trace context, as OpenTelemetry's SpanContext has it. */
export interface EnqueuedBy {
  traceId: string;
  spanId: string;
  traceFlags: number;
}

/** A job as the drivers see it: the payload type is erased because it is always re-parsed by `schema`. */
export interface RegisteredJob {
  readonly name: string;
  readonly schema: z.ZodType;
  /** Retries after the first attempt (QStash's meaning): 3 means up to 4 attempts. */
  readonly retries: number;
  /** Applied to every message of this job unless the enqueue passes its own. */
  readonly flowControl?: FlowControl;
  handle(payload: unknown, ctx: JobContext): Promise<void>;
}

/** What `defineJob` returns: the registered job plus a typed `enqueue`. */
export interface JobDefinition<S extends z.ZodType = z.ZodType> extends RegisteredJob {
  readonly schema: S;
  // Method syntax on purpose: it keeps a JobDefinition<S> assignable to RegisteredJob.
  handle(payload: z.output<S>, ctx: JobContext): Promise<void>;
  enqueue(payload: z.input<S>, options?: EnqueueOptions): Promise<EnqueueResult>;
}

/** A recurring job. `cron` is UTC, five fields, as QStash reads it. */
export interface ScheduleDefinition {
  readonly id: string;
  readonly cron: string;
  readonly job: string;
  /** Already JSON-shaped (it was validated against the job's schema when declared). */
  readonly payload: unknown;
}

/** The body every job message carries, on QStash and in the schedules created there. */
export interface JobEnvelope {
  payload: unknown;
  enqueuedAt?: string;
  scheduleId?: string;
}

export type QueueHealth =
  | { driver: "qstash"; ok: boolean; error?: string }
  | { driver: "in-process"; ok: boolean; queued: number; running: number; failed: number; error?: string };

/** What both drivers implement; `job` and `payload` arrive already validated by `enqueue`. */
export interface QueueDriver {
  readonly driver: QueueDriverName;
  enqueue(job: RegisteredJob, payload: unknown, options: EnqueueOptions): Promise<EnqueueResult>;
  health(): Promise<QueueHealth>;
  close(): Promise<void>;
}

/**
 * Brands the two job errors so `instanceof` holds across copies of this module: Next bundles
 * instrumentation.ts (which starts the in-process runner) apart from the routes whose handlers
 * throw, so the runner would otherwise see another class and retry a NonRetryableJobError.
 */
const hasBrand = (value: unknown, brand: symbol) => typeof value === "object" && value !== null && brand in value;
const NON_RETRYABLE = Symbol.for("trackwatch.queue.NonRetryableJobError");
const RETRY_LATER = Symbol.for("trackwatch.queue.RetryLaterError");

/**
 * Thrown by a handler when retrying cannot help (the thing it works on is gone, the input is
 * wrong in a way the schema cannot see). QStash gets a 2xx and stops; in-process it is FAILED at once.
 */
export class NonRetryableJobError extends Error {
  static [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(value, NON_RETRYABLE);
  }
  readonly [NON_RETRYABLE] = true;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "NonRetryableJobError";
  }
}

/**
 * Thrown by a handler whose work is under way elsewhere (another delivery holds it): retrying later
 * is the normal path. Without `retryAfterMs` the drivers retry it like any failure but log one info
 * line, not a "failed" one. With it (the holder's lease ends then) the delivery hands over instead:
 * the job queues itself again for that moment and this delivery ends well, whatever the queue's own
 * backoff — so a job never ends FAILED for waiting on work that is still going to happen.
 */
export class RetryLaterError extends Error {
  static [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(value, RETRY_LATER);
  }
  readonly [RETRY_LATER] = true;
  readonly retryAfterMs: number | undefined;
  constructor(message: string, options: { retryAfterMs?: number } = {}) {
    super(message);
    this.name = "RetryLaterError";
    this.retryAfterMs = options.retryAfterMs;
  }
}

/**
 * A console-shaped logger that tests pass to hear (or silence) the queue: it is called
 * `("[queue] message", error?)`. Without one the queue logs through lib/observability.
 */
export type QueueLogger = Pick<Console, "info" | "warn" | "error">;
