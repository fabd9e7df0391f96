import "server-only";

/**
 * Background jobs. Declare with `defineJob` (and `defineSchedule`) in lib/jobs/, enqueue with
 * `job.enqueue(payload, options)` or `enqueue(job, payload, options)`. Two drivers, chosen once
 * from config: QStash (QSTASH_TOKEN set), delivering to POST /api/jobs/[job]; or the in-process
 * runner, the embedded default, which keeps every message in JobRecord.
 */

export { defineJob, defineSchedule, type JobSpec, type ScheduleSpec } from "./define";
export {
  createQueue,
  drainQueue,
  enqueue,
  getQueue,
  queueHealth,
  startEmbeddedScheduler,
  type EmbeddedSchedulerStatus,
  type Queue,
  type QueueConfig,
} from "./queue";
export { handleQStashDelivery } from "./receiver";
export { discardJobRecord, retryJobRecord, type RetryJobRecordResult } from "./records";
export { getJob, listJobs, listSchedules, loadJobs, provideJobHandlers, type JobHandler } from "./registry";
export {
  NonRetryableJobError,
  RetryLaterError,
  type EnqueueOptions,
  type EnqueueResult,
  type FlowControl,
  type JobContext,
  type JobDefinition,
  type QueueHealth,
  type ScheduleDefinition,
} from "./types";
