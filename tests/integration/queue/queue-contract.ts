import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { JobRecord } from "@/lib/generated/prisma/client";
import {
  defineJob,
  defineSchedule,
  NonRetryableJobError,
  type JobContext,
  type Queue,
  type ScheduleDefinition,
} from "@/lib/queue";
import type { QueueDriverName, RegisteredJob } from "@/lib/queue/types";
import { describeIssues } from "@/lib/queue/wire";

/**
 * The contract both queue drivers pass: what a message handed to `enqueue` can count on, whichever
 * driver carries it. It talks to the driver itself (the `QueueDriver` that `enqueue` passes every
 * message to once it has checked the payload, which is the same for both), so one test file can
 * run it against the in-process runner and against QStash (the real SDK, the local fake and the
 * real job route). Where the drivers legitimately differ — how time passes, how the end of a
 * message is recorded and worded, how a schedule fires — the harness says so.
 */

/** How a driver reports where a message ended up. */
export type MessageOutcome =
  | { status: "SUCCEEDED" | "PENDING" }
  | { status: "FAILED"; job: string; payload: unknown; attempts: number; lastError: string | null; finishedAt: Date | null };

export interface QueueHarness {
  queue: Queue;
  /** Resolves once every message enqueued so far has run, failed for good, or used up its retries. */
  settle(): Promise<void>;
  outcomeOf(messageId: string): Promise<MessageOutcome>;
  /** The wall-clock wait a `delay` of `seconds` turns into here (QStash rounds up to whole seconds; the fake scales time). */
  delayWaitMs(seconds: number): number;
  /** The lastError the driver records when it ends a message without retrying, by reason. */
  nonRetryableError: {
    /** The handler threw a NonRetryableJobError; `error` is "NonRetryableJobError: <message>". */
    rejected(error: string): string;
    invalidPayload(issues: string): string;
    unknownJob(job: string): string;
  };
  /** Every line the driver logged at error level so far. */
  loggedErrors(): string[];
  /** Fires `schedule` once for `minute`, the way this driver's schedules fire. */
  fireSchedule(schedule: ScheduleDefinition, minute: Date): Promise<void>;
  close(): Promise<void>;
}

/**
 * A JobRecord as an outcome. The in-process runner keeps one per message; the QStash route writes one
 * only when a message ends in failure. Either way the admin job list reads failures from there.
 */
export function outcomeFromRecord(record: JobRecord): MessageOutcome {
  if (record.status === "SUCCEEDED") return { status: "SUCCEEDED" };
  if (record.status !== "FAILED") return { status: "PENDING" };
  const { job, payload, attempts, lastError, finishedAt } = record;
  return { status: "FAILED", job, payload, attempts, lastError, finishedAt };
}

/** A logger line as one string, the way a reader of the logs sees it. */
export function logLine(args: unknown[]): string {
  return args.map((arg) => (arg instanceof Error ? `${arg.name}: ${arg.message}` : String(arg))).join(" ");
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Jobs are registered once per test file and shared by both drivers' runs; every test uses its own
// `key`, so runs never mix.
type Run = { key: string; payload: unknown; ctx: JobContext; startedAt: number };
const runs: Run[] = [];
const runsOf = (key: string) => runs.filter((run) => run.key === key);

const echoJob = defineJob({
  name: "contract-echo-test",
  // A transform and a default, so a handler receiving the wire JSON instead of the parsed payload shows.
  schema: z.object({
    key: z.string(),
    since: z.iso.datetime().transform((text) => new Date(text)),
    tags: z.array(z.string()).default([]),
  }),
  handle: async (payload, ctx) => {
    runs.push({ key: payload.key, payload, ctx, startedAt: Date.now() });
  },
});

/** Fails its first `failures` attempts, then succeeds; default retries (3). */
const flakyJob = defineJob({
  name: "contract-flaky-test",
  schema: z.object({ key: z.string(), failures: z.number().int() }),
  handle: async (payload, ctx) => {
    runs.push({ key: payload.key, payload, ctx, startedAt: Date.now() });
    if (ctx.attempt <= payload.failures) throw new Error(`attempt ${ctx.attempt} failed`);
  },
});

const doomedJob = defineJob({
  name: "contract-doomed-test",
  schema: z.object({ key: z.string() }),
  retries: 1,
  handle: async (payload, ctx) => {
    runs.push({ key: payload.key, payload, ctx, startedAt: Date.now() });
    throw new Error("Nadeo answered 503");
  },
});

const rejectingJob = defineJob({
  name: "contract-rejecting-test",
  schema: z.object({ key: z.string() }),
  handle: async (payload, ctx) => {
    runs.push({ key: payload.key, payload, ctx, startedAt: Date.now() });
    throw new NonRetryableJobError("the user was deleted");
  },
});

const activeByKey = new Map<string, { now: number; max: number }>();
const slowJob = defineJob({
  name: "contract-slow-test",
  schema: z.object({ key: z.string(), i: z.number() }),
  handle: async (payload, ctx) => {
    const active = activeByKey.get(payload.key) ?? { now: 0, max: 0 };
    activeByKey.set(payload.key, active);
    active.now += 1;
    active.max = Math.max(active.max, active.now);
    runs.push({ key: payload.key, payload, ctx, startedAt: Date.now() });
    await sleep(40);
    active.now -= 1;
  },
});

/** Never registered: stands for a job a later deploy removed while its messages were still queued. */
const removedJob: RegisteredJob = {
  name: "contract-removed-test",
  schema: z.object({ key: z.string() }),
  retries: 3,
  handle: async () => {
    throw new Error("a removed job must never run");
  },
};

const SINCE = "2026-11-25T06:00:00.000Z";

export function describeQueueContract(driver: QueueDriverName, setup: () => Promise<QueueHarness>) {
  describe(`queue contract (${driver})`, () => {
    let harness: QueueHarness;
    let counter = 0;
    const newKey = () => `${driver}-${++counter}`;
    const enqueue: Queue["enqueue"] = (job, payload, options) => harness.queue.enqueue(job, payload, options);

    /** Each driver words its log lines its own way; all of them name the job, the message and why. */
    function expectLoggedError(job: string, messageId: string, reason: string) {
      const all = harness.loggedErrors();
      const matching = all.filter((line) => [job, messageId, reason].every((part) => line.includes(part)));
      expect(matching, `an error line naming ${job}, ${messageId} and "${reason}" among:\n${all.join("\n")}`).not.toEqual([]);
    }

    // One schedule per driver, so each driver's run of it is told apart by its key.
    const schedule = defineSchedule({
      id: `contract-hourly-${driver}`,
      cron: "0 * * * *",
      job: echoJob,
      payload: { key: `schedule-${driver}`, since: SINCE },
    });

    beforeAll(async () => {
      harness = await setup();
    });

    afterAll(async () => {
      await harness?.close();
    });

    it("is the driver it says it is", () => {
      expect(harness.queue.driver).toBe(driver);
    });

    it("runs a job once with the payload its schema produced, telling it the attempt and message id", async () => {
      const key = newKey();
      const result = await enqueue(echoJob, { key, since: SINCE }, {});
      await harness.settle();

      expect(result).toEqual({ messageId: expect.any(String), deduplicated: false });
      expect(runsOf(key)).toEqual([
        { key, payload: { key, since: new Date(SINCE), tags: [] }, ctx: { attempt: 1, messageId: result.messageId }, startedAt: expect.any(Number) },
      ]);
      expect(await harness.outcomeOf(result.messageId)).toEqual({ status: "SUCCEEDED" });
    });

    it("holds the first delivery back for the delay", async () => {
      const key = newKey();
      const delay = 0.25;
      const waitMs = harness.delayWaitMs(delay);
      const enqueuedAt = Date.now();
      await enqueue(echoJob, { key, since: SINCE }, { delay });

      await harness.settle();
      expect(runsOf(key)).toHaveLength(1);
      // Held back: it started no earlier than the delay after enqueueing (timers may fire a few
      // milliseconds early). Measured, not sampled mid-way: a busy machine may stall the sampler.
      expect(runsOf(key)[0]!.startedAt - enqueuedAt).toBeGreaterThanOrEqual(waitMs - 10);
    });

    it("runs a message once however often it is enqueued under one deduplication id", async () => {
      const key = newKey();
      const options = { deduplicationId: `contract-dedup-${key}` };
      // Two producers racing (a retried fan-out), then a third once the message has already run.
      const racing = await Promise.all([enqueue(echoJob, { key, since: SINCE }, options), enqueue(echoJob, { key, since: SINCE }, options)]);
      await harness.settle();
      const late = await enqueue(echoJob, { key, since: SINCE }, options);
      await harness.settle();

      const { messageId } = racing[0]!;
      expect(racing.map((result) => result.messageId)).toEqual([messageId, messageId]);
      expect(racing.map((result) => result.deduplicated).sort()).toEqual([false, true]);
      expect(late).toEqual({ messageId, deduplicated: true });
      expect(runsOf(key).map((run) => run.ctx)).toEqual([{ attempt: 1, messageId }]);
    });

    it("retries a handler that throws until it succeeds, under one message id", async () => {
      const key = newKey();
      const { messageId } = await enqueue(flakyJob, { key, failures: 2 }, {});
      await harness.settle();

      expect(runsOf(key).map((run) => run.ctx)).toEqual([
        { attempt: 1, messageId },
        { attempt: 2, messageId },
        { attempt: 3, messageId },
      ]);
      expect(await harness.outcomeOf(messageId)).toEqual({ status: "SUCCEEDED" });
    });

    it("records and logs a message whose retries are used up, with its last error", async () => {
      const key = newKey();
      const { messageId } = await enqueue(doomedJob, { key }, {});
      await harness.settle();

      // retries: 1 means two attempts in all.
      expect(runsOf(key).map((run) => run.ctx.attempt)).toEqual([1, 2]);
      expect(await harness.outcomeOf(messageId)).toEqual({
        status: "FAILED",
        job: "contract-doomed-test",
        payload: { key },
        attempts: 2,
        lastError: "Error: Nadeo answered 503",
        finishedAt: expect.any(Date),
      });
      expectLoggedError("contract-doomed-test", messageId, "Nadeo answered 503");
    });

    it("ends a message at once, recorded and logged, when the handler says retrying cannot help", async () => {
      const key = newKey();
      const { messageId } = await enqueue(rejectingJob, { key }, {});
      await harness.settle();

      expect(runsOf(key)).toHaveLength(1);
      expect(await harness.outcomeOf(messageId)).toEqual({
        status: "FAILED",
        job: "contract-rejecting-test",
        payload: { key },
        attempts: 1,
        lastError: harness.nonRetryableError.rejected("NonRetryableJobError: the user was deleted"),
        finishedAt: expect.any(Date),
      });
      expectLoggedError("contract-rejecting-test", messageId, "the user was deleted");
    });

    it("ends a message whose payload no longer fits its job's schema without running or retrying it", async () => {
      const key = newKey();
      // The driver is handed the payload as is, as if the schema had changed between enqueue and delivery.
      const stale = { key, since: "yesterday" };
      const { messageId } = await enqueue(echoJob, stale, {});
      await harness.settle();

      const issues = describeIssues(echoJob.schema.safeParse(stale).error!);
      expect(runsOf(key)).toEqual([]);
      expect(await harness.outcomeOf(messageId)).toEqual({
        status: "FAILED",
        job: "contract-echo-test",
        payload: stale,
        attempts: 1,
        lastError: harness.nonRetryableError.invalidPayload(issues),
        finishedAt: expect.any(Date),
      });
      expectLoggedError("contract-echo-test", messageId, issues);
    });

    it("ends a message whose job no longer exists without retrying it", async () => {
      const key = newKey();
      const { messageId } = await enqueue(removedJob, { key }, {});
      await harness.settle();

      expect(await harness.outcomeOf(messageId)).toEqual({
        status: "FAILED",
        job: "contract-removed-test",
        payload: { key },
        attempts: 1,
        lastError: harness.nonRetryableError.unknownJob("contract-removed-test"),
        finishedAt: expect.any(Date),
      });
      expectLoggedError("contract-removed-test", messageId, "unknown");
    });

    it("never runs more than `parallelism` handlers of one flow-control key at once", async () => {
      const key = newKey();
      const flowControl = { key: `contract-flow-${key}`, parallelism: 2 };
      await Promise.all([0, 1, 2, 3, 4, 5].map((i) => enqueue(slowJob, { key, i }, { flowControl })));
      await harness.settle();

      expect(runsOf(key).map((run) => (run.payload as { i: number }).i).sort()).toEqual([0, 1, 2, 3, 4, 5]);
      // Exactly the limit: reaching it shows the key is throttled, not run one at a time.
      expect(activeByKey.get(key)!.max).toBe(2);
    });

    it("runs a declared schedule's job with the declared payload when the schedule fires", async () => {
      await harness.fireSchedule(schedule, new Date("2026-03-02T06:00:00Z"));
      await harness.settle();

      const key = `schedule-${driver}`;
      expect(runsOf(key)).toEqual([
        { key, payload: { key, since: new Date(SINCE), tags: [] }, ctx: { attempt: 1, messageId: expect.any(String) }, startedAt: expect.any(Number) },
      ]);
    });
  });
}
