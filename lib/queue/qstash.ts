import "server-only";
import { Client, type FlowControl as QStashFlowControl } from "@upstash/qstash";
import { currentSpanContext, toTraceparent } from "@/lib/observability";
import { getJob } from "./registry";
import type {
  EnqueueOptions,
  EnqueueResult,
  FlowControl,
  JobEnvelope,
  QueueDriver,
  QueueHealth,
  RegisteredJob,
  ScheduleDefinition,
} from "./types";

/**
 * The production queue driver: each enqueue is one QStash publish to `APP_URL/api/jobs/<job>`,
 * which QStash delivers (signed) to the callback route, retrying non-2xx answers. Schedules are
 * QStash schedules with fixed ids, created by `syncSchedules` (scripts/queue-sync-schedules.ts).
 */

export interface QStashQueueOptions {
  /** QSTASH_URL. */
  baseUrl: string;
  /** QSTASH_TOKEN. */
  token: string;
  /** APP_URL: where QStash delivers. */
  appUrl: string;
  /** Used by syncSchedules to find each schedule's retries and flow control. */
  resolveJob?: (name: string) => RegisteredJob | undefined;
}

export interface QStashQueue extends QueueDriver {
  readonly driver: "qstash";
  /**
   * Creates or updates one QStash schedule per declared schedule (the fixed `scheduleId` makes this
   * an upsert, so running it twice changes nothing). With `prune`, schedules aimed at this app's job
   * route whose id is no longer declared are deleted.
   */
  syncSchedules(schedules: ScheduleDefinition[], options?: { prune?: boolean }): Promise<{ upserted: string[]; deleted: string[] }>;
  health(): Promise<Extract<QueueHealth, { driver: "qstash" }>>;
}

/** Carries the enqueuing span's W3C trace context (a `traceparent` value) to the job route. */
export const ENQUEUED_BY_HEADER = "trackwatch-enqueued-by";

/** The URL QStash delivers a job's messages to; also what the receiver expects in the signature's `sub`. */
export function jobDestination(appUrl: string, jobName: string): string {
  return `${appUrl.replace(/\/+$/, "")}/api/jobs/${jobName}`;
}

/** Our FlowControl in the SDK's shape (its type insists on parallelism or rate being present). */
function toQStashFlowControl(flow: FlowControl): QStashFlowControl {
  return {
    key: flow.key,
    ...(flow.parallelism !== undefined ? { parallelism: flow.parallelism } : {}),
    ...(flow.rate !== undefined ? { rate: flow.rate } : {}),
    ...(flow.period !== undefined ? { period: flow.period } : {}),
  } as QStashFlowControl;
}

function createClient(options: QStashQueueOptions, retry: boolean): Client {
  return new Client({
    baseUrl: options.baseUrl,
    token: options.token,
    // Explicit: otherwise a stray QSTASH_DEV=1 makes the SDK ignore our URL and token and try to
    // download and spawn its dev server.
    devMode: false,
    enableTelemetry: false,
    ...(retry ? {} : { retry: false }),
  });
}

export function createQStashQueue(options: QStashQueueOptions): QStashQueue {
  const client = createClient(options, true);
  // The health check must answer quickly either way; the SDK's default retries take seconds.
  const probe = createClient(options, false);
  const resolveJob = options.resolveJob ?? getJob;
  const destinationPrefix = jobDestination(options.appUrl, "");

  return {
    driver: "qstash",

    async enqueue(job, payload, enqueueOptions: EnqueueOptions): Promise<EnqueueResult> {
      const flowControl = enqueueOptions.flowControl ?? job.flowControl;
      const body: JobEnvelope = { payload, enqueuedAt: new Date().toISOString() };
      const enqueuedBy = currentSpanContext();
      const response = await client.publishJSON({
        url: jobDestination(options.appUrl, job.name),
        body,
        retries: job.retries,
        // QStash reads delays in whole seconds; rounding down could deliver before the caller asked.
        ...(enqueueOptions.delay !== undefined && enqueueOptions.delay > 0 ? { delay: Math.ceil(enqueueOptions.delay) } : {}),
        ...(enqueueOptions.deduplicationId !== undefined ? { deduplicationId: enqueueOptions.deduplicationId } : {}),
        ...(flowControl ? { flowControl: toQStashFlowControl(flowControl) } : {}),
        // The span queueing it, for the delivery's span to link to. Not as `traceparent`, which Next
        // would continue as the request's parent. The SDK sends it as Upstash-Forward-<name>.
        ...(enqueuedBy ? { headers: { [ENQUEUED_BY_HEADER]: toTraceparent(enqueuedBy) } } : {}),
      });
      return { messageId: response.messageId, deduplicated: response.deduplicated === true };
    },

    async syncSchedules(schedules, { prune = false } = {}) {
      const upserted: string[] = [];
      for (const schedule of schedules) {
        const job = resolveJob(schedule.job);
        if (!job) throw new Error(`Schedule "${schedule.id}" names unknown job "${schedule.job}"`);
        const body: JobEnvelope = { payload: schedule.payload, scheduleId: schedule.id };
        await client.schedules.create({
          scheduleId: schedule.id,
          destination: jobDestination(options.appUrl, job.name),
          cron: schedule.cron,
          body: JSON.stringify(body),
          headers: { "Content-Type": "application/json" },
          retries: job.retries,
          ...(job.flowControl ? { flowControl: toQStashFlowControl(job.flowControl) } : {}),
        });
        upserted.push(schedule.id);
      }

      const deleted: string[] = [];
      if (prune) {
        const declared = new Set(schedules.map((schedule) => schedule.id));
        for (const existing of await client.schedules.list()) {
          // Only ours: other apps may share the QStash account.
          if (!existing.destination.startsWith(destinationPrefix) || declared.has(existing.scheduleId)) continue;
          await client.schedules.delete(existing.scheduleId);
          deleted.push(existing.scheduleId);
        }
      }
      return { upserted, deleted };
    },

    async health() {
      try {
        // A cheap authenticated read: proves the URL answers and the token is accepted.
        await probe.schedules.list();
        return { driver: "qstash", ok: true };
      } catch (error) {
        return { driver: "qstash", ok: false, error: (error as Error).message };
      }
    },

    async close() {
      // Nothing held open: every call is a plain fetch.
    },
  };
}
