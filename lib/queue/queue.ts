import "server-only";
import { z } from "zod";
import { getConfig, type Config } from "@/lib/config";
import { log } from "@/lib/observability";
import { createInProcessQueue, type InProcessQueue } from "./in-process";
import { createQStashQueue, type QStashQueue } from "./qstash";
import { getJob, listSchedules, loadJobs } from "./registry";
import { createEmbeddedScheduler, type EmbeddedScheduler } from "./scheduler";
import type { EnqueueOptions, EnqueueResult, JobDefinition, QueueHealth, RegisteredJob } from "./types";
import { toWirePayload } from "./wire";

export type Queue = InProcessQueue | QStashQueue;

/** The part of the config that chooses and reaches the queue. */
export type QueueConfig = Pick<Config, "APP_URL" | "QSTASH_URL" | "QSTASH_TOKEN"> & {
  drivers: Pick<Config["drivers"], "queue">;
};

/** A new queue for the given config; tests build drivers directly, the app goes through `getQueue()`. */
export function createQueue(config: QueueConfig): Queue {
  if (config.drivers.queue === "qstash") {
    if (!config.QSTASH_TOKEN) throw new Error("The qstash queue driver needs QSTASH_TOKEN");
    return createQStashQueue({ baseUrl: config.QSTASH_URL, token: config.QSTASH_TOKEN, appUrl: config.APP_URL });
  }
  return createInProcessQueue({ loadJobs });
}

// On globalThis because Next's dev server re-evaluates modules on every edit: a second in-process
// queue would run the same records twice and lose track of the first one's timers.
const holder = globalThis as typeof globalThis & { __trackwatchQueue?: Queue; __trackwatchScheduler?: EmbeddedScheduler };

/** The process-wide queue, chosen once from the config. In-process, first use also recovers leftovers. */
export function getQueue(): Queue {
  if (!holder.__trackwatchQueue) {
    const queue = createQueue(getConfig());
    holder.__trackwatchQueue = queue;
    if (queue.driver === "in-process") {
      queue.start().catch((error: unknown) => log.error("queue.recovery-failed", { message: "could not recover leftover jobs", error }));
    }
  }
  return holder.__trackwatchQueue;
}

const positiveInt = z.number().int().positive();
const enqueueOptionsSchema = z.object({
  delay: z.number().finite().min(0).optional(),
  deduplicationId: z.string().min(1).max(200).optional(),
  flowControl: z
    .object({ key: z.string().min(1), parallelism: positiveInt.optional(), rate: positiveInt.optional(), period: z.number().positive().optional() })
    .refine((flow) => flow.parallelism !== undefined || flow.rate !== undefined, "flowControl needs parallelism or rate")
    .optional(),
});

/**
 * Queues one run of `job`. The payload is checked here, at the producer, in the JSON form the
 * handler will receive (a schema that cannot survive JSON fails now, not on every delivery);
 * a bad payload throws the ZodError.
 */
export async function enqueue<S extends z.ZodType>(job: JobDefinition<S>, payload: z.input<S>, options?: EnqueueOptions): Promise<EnqueueResult>;
export async function enqueue(job: string, payload: unknown, options?: EnqueueOptions): Promise<EnqueueResult>;
export async function enqueue(job: RegisteredJob | string, payload: unknown, options: EnqueueOptions = {}): Promise<EnqueueResult> {
  const definition = typeof job === "string" ? getJob(job) : job;
  if (!definition) throw new Error(`Unknown job "${String(job)}": is its module imported by lib/jobs/index.ts?`);
  const wire = toWirePayload(payload);
  definition.schema.parse(wire);
  return getQueue().enqueue(definition, wire, enqueueOptionsSchema.parse(options));
}

/** For /api/health. QStash: an authenticated read; in-process: counts of queued, running and failed jobs. */
export async function queueHealth(): Promise<QueueHealth> {
  return getQueue().health();
}

/** Scripts (`npm run daily`) call this before exiting; a no-op with QStash, which runs jobs elsewhere. */
export async function drainQueue(options?: { timeoutMs?: number }): Promise<void> {
  const queue = getQueue();
  if (queue.driver === "in-process") {
    await queue.start();
    await queue.drain(options);
  }
}

export type EmbeddedSchedulerStatus = { started: boolean; reason: string };

/**
 * Called once at server start (instrumentation.ts). With the in-process driver it starts the queue
 * (re-running jobs a previous process left behind) and, when EMBEDDED_SCHEDULER is on, the
 * once-a-minute scheduler of declared schedules. With QStash it does nothing: QStash runs the
 * schedules created by scripts/queue-sync-schedules.ts. Safe to call more than once.
 */
export async function startEmbeddedScheduler(): Promise<EmbeddedSchedulerStatus> {
  const config = getConfig();
  if (config.drivers.queue === "qstash") return { started: false, reason: "QStash runs the schedules" };
  await loadJobs();
  const queue = getQueue();
  if (!config.EMBEDDED_SCHEDULER) return { started: false, reason: "EMBEDDED_SCHEDULER is off" };
  if (!holder.__trackwatchScheduler) {
    const scheduler = createEmbeddedScheduler({
      schedules: listSchedules,
      enqueue: (schedule, options) => {
        const job = getJob(schedule.job);
        if (!job) throw new Error(`Schedule "${schedule.id}" names unknown job "${schedule.job}"`);
        return queue.enqueue(job, schedule.payload, options);
      },
    });
    scheduler.start();
    holder.__trackwatchScheduler = scheduler;
  }
  return { started: true, reason: `${listSchedules().length} schedule(s)` };
}
