import "server-only";
import type { z } from "zod";
import { ATTR, log, SPAN, withSpan, type SpanAttributes } from "@/lib/observability";
import { parseCron } from "./cron";
import { enqueue } from "./queue";
import { handlerOf, registerJob, registerSchedule } from "./registry";
import { NonRetryableJobError, RetryLaterError, type EnqueueOptions, type FlowControl, type JobContext, type JobDefinition, type ScheduleDefinition } from "./types";
import { describeIssues, toWirePayload } from "./wire";

/**
 * Payload fields naming an id, as the jobs' schemas spell them, and the span attribute each becomes
 * on the delivery's span (and, for run, user and search, on every span and log line beneath it).
 */
const PAYLOAD_IDS = { dailyRunId: ATTR.runId, userId: ATTR.userId, searchId: ATTR.searchId, digestId: ATTR.digestId } as const;

function idsInPayload(payload: unknown): SpanAttributes {
  if (typeof payload !== "object" || payload === null) return {};
  const fields = payload as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries(PAYLOAD_IDS).flatMap(([field, attribute]) => (typeof fields[field] === "string" ? [[attribute, fields[field]]] : [])),
  );
}

// kebab-case, because the name is a URL segment (/api/jobs/<name>) and a QStash destination.
const JOB_NAME = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const SCHEDULE_ID = /^[a-z0-9][a-z0-9-]*$/;

export interface JobSpec<S extends z.ZodType> {
  /** kebab-case, e.g. "daily-run", "user-check", "digest-send". */
  name: string;
  schema: S;
  /** Retries after the first attempt; default 3 (QStash's default). */
  retries?: number;
  /** Default flow control for every message of this job. */
  flowControl?: FlowControl;
  /**
   * Must be idempotent: both drivers deliver at least once. App jobs leave it out: their handlers are
   * registered from the domain side (`provideJobHandlers`, lib/workers), so declaring a job imports no
   * domain module. A self-contained job (tests) may carry its own.
   */
  handle?: (payload: z.output<S>, ctx: JobContext) => Promise<void>;
}

/** Declares a job and registers it under its name; import the declaring module from lib/jobs/index.ts. */
export function defineJob<S extends z.ZodType>(spec: JobSpec<S>): JobDefinition<S> {
  if (!JOB_NAME.test(spec.name) || spec.name.length > 64) {
    throw new Error(`Job name "${spec.name}" must be kebab-case (a-z, 0-9, single dashes), at most 64 characters`);
  }
  const retries = spec.retries ?? 3;
  if (!Number.isInteger(retries) || retries < 0) throw new Error(`Job "${spec.name}": retries must be a whole number >= 0`);
  const definition: JobDefinition<S> = {
    name: spec.name,
    schema: spec.schema,
    retries,
    flowControl: spec.flowControl,
    // Both drivers (the in-process runner and the QStash route) deliver through here: one span each,
    // linked to the span that queued it. Not its child: @vercel/otel's processor ends every open span
    // of a trace when the trace's first span in the process ends, and a delivery outlives its enqueuer.
    handle: (payload, ctx) =>
      withSpan(
        SPAN.jobDelivery,
        { [ATTR.job]: spec.name, [ATTR.messageId]: ctx.messageId, [ATTR.jobAttempt]: ctx.attempt, ...idsInPayload(payload) },
        async () => {
          const handle = spec.handle ?? (await handlerOf(spec.name));
          // A declared job nobody handles is a deployment mistake: retrying cannot mend it.
          if (!handle) throw new NonRetryableJobError(`No handler is registered for job "${spec.name}"`);
          try {
            await handle(payload, ctx);
          } catch (error) {
            if (!(error instanceof RetryLaterError) || error.retryAfterMs === undefined) throw error;
            // Hand over to a message due when the holder's lease ends; keyed on this delivery, so a
            // redelivery of it queues nothing twice.
            await definition.enqueue(payload as z.input<S>, {
              delay: Math.max(1, Math.ceil(error.retryAfterMs / 1000)),
              deduplicationId: `${spec.name}:later:${ctx.messageId}:${ctx.attempt}`,
            });
            log.info("queue.handed-over", { message: `${spec.name} ${ctx.messageId} handed over for ${Math.ceil(error.retryAfterMs / 1000)} s: ${error.message}`, job: spec.name });
          }
        },
        {
          isExpected: (error) => error instanceof RetryLaterError,
          freshIds: true,
          links: ctx.enqueuedBy ? [{ context: ctx.enqueuedBy }] : [],
        },
      ),
    enqueue: (payload: z.input<S>, options?: EnqueueOptions) => enqueue(definition, payload, options),
  };
  registerJob(definition);
  return definition;
}

export interface ScheduleSpec<S extends z.ZodType> {
  /** Fixed and unique: it is the QStash scheduleId, so re-syncing updates instead of duplicating. */
  id: string;
  /** Five-field UTC cron, e.g. "0 * * * *" (see lib/queue/cron.ts for what is understood). */
  cron: string;
  job: JobDefinition<S>;
  payload: z.input<S>;
}

/** Declares a recurring job; QStash runs it in production, the embedded scheduler otherwise. */
export function defineSchedule<S extends z.ZodType>(spec: ScheduleSpec<S>): ScheduleDefinition {
  if (!SCHEDULE_ID.test(spec.id)) throw new Error(`Schedule id "${spec.id}" must be lowercase letters, digits and dashes`);
  parseCron(spec.cron);
  const payload = toWirePayload(spec.payload);
  const parsed = spec.job.schema.safeParse(payload);
  if (!parsed.success) throw new Error(`Schedule "${spec.id}": payload does not fit ${spec.job.name}: ${describeIssues(parsed.error)}`);
  const schedule: ScheduleDefinition = { id: spec.id, cron: spec.cron, job: spec.job.name, payload };
  registerSchedule(schedule);
  return schedule;
}
