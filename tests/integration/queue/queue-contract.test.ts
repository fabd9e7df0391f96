import { afterAll, beforeAll, vi } from "vitest";
import { getDb } from "@/lib/db";
import { getJob } from "@/lib/queue";
import { createInProcessQueue } from "@/lib/queue/in-process";
import { createQStashQueue } from "@/lib/queue/qstash";
import { createEmbeddedScheduler } from "@/lib/queue/scheduler";
import { startQStashEnvironment, type QStashEnvironment } from "./qstash-environment";
import { describeQueueContract, logLine, outcomeFromRecord } from "./queue-contract";

/**
 * One contract, two drivers: the in-process runner on this file's own database, and QStash through
 * the real SDK, the local fake and the real job route (signatures verified by the real Receiver).
 * Both share the database: QStash failures are JobRecords too.
 */

/** One second of QStash delay lasts this long in the fake, so the delay case stays short. */
const QSTASH_DELAY_SCALE = 0.25;

let qstash: QStashEnvironment;

// File-level, so it runs before any test touches the database and with it getConfig().
beforeAll(async () => {
  qstash = await startQStashEnvironment({ retryDelayMs: 5, delayScale: QSTASH_DELAY_SCALE });
});

afterAll(async () => {
  await qstash?.close();
});

describeQueueContract("in-process", async () => {
  const errors: string[] = [];
  const logger = { info() {}, warn() {}, error: (...args: unknown[]) => void errors.push(logLine(args)) };
  const queue = createInProcessQueue({ backoffBaseMs: 5, logger });
  return {
    queue,
    settle: () => queue.drain({ timeoutMs: 5_000 }),
    outcomeOf: async (messageId) => outcomeFromRecord(await (await getDb()).jobRecord.findUniqueOrThrow({ where: { id: messageId } })),
    delayWaitMs: (seconds) => seconds * 1000,
    nonRetryableError: {
      rejected: (error) => `non-retryable: ${error}`,
      invalidPayload: (issues) => `non-retryable: invalid payload: ${issues}`,
      unknownJob: (job) => `non-retryable: unknown job "${job}"`,
    },
    loggedErrors: () => errors,
    // The embedded scheduler, wired to this queue the way startEmbeddedScheduler wires it to the app's.
    async fireSchedule(schedule, minute) {
      const scheduler = createEmbeddedScheduler({
        schedules: () => [schedule],
        enqueue: (due, options) => queue.enqueue(getJob(due.job)!, due.payload, options),
        logger,
      });
      const fired = await scheduler.tick(minute);
      if (!fired.includes(schedule.id)) throw new Error(`${schedule.id} (${schedule.cron}) did not fire at ${minute.toISOString()}`);
    },
    close: () => queue.close(),
  };
});

describeQueueContract("qstash", async () => {
  const errors: string[] = [];
  // The route logs with the console (it has no logger to inject): collect what it says, quietly.
  const consoleError = vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    errors.push(logLine(args));
  });
  const queue = createQStashQueue({ baseUrl: qstash.fake.url, token: qstash.keys.token, appUrl: qstash.appUrl });
  return {
    queue,
    settle: () => qstash.fake.idle(),
    async outcomeOf(messageId) {
      // The route writes a JobRecord only when a message ends in failure; success lives in QStash.
      const failure = await (await getDb()).jobRecord.findUnique({ where: { deduplicationId: `qstash:${messageId}` } });
      if (failure) return outcomeFromRecord(failure);
      const message = qstash.fake.messages.find((candidate) => candidate.messageId === messageId);
      return { status: message?.state === "delivered" ? "SUCCEEDED" : "PENDING" };
    },
    // The driver rounds delays up to whole seconds, which the fake then scales.
    delayWaitMs: (seconds) => Math.ceil(seconds) * 1000 * QSTASH_DELAY_SCALE,
    nonRetryableError: {
      rejected: (error) => `non-retryable: rejected: ${error}`,
      invalidPayload: (issues) => `non-retryable: invalid-payload: ${issues}`,
      unknownJob: (job) => `non-retryable: unknown-job: no job is declared as "${job}"`,
    },
    loggedErrors: () => errors,
    // QStash fires a schedule when its cron matches; the fake fires it when told, whatever the minute.
    async fireSchedule(schedule) {
      await queue.syncSchedules([schedule]);
      qstash.fake.triggerSchedule(schedule.id);
    },
    close: async () => {
      consoleError.mockRestore();
    },
  };
});
