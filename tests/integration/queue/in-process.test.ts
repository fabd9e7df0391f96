import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { getDb } from "@/lib/db";
import { defineJob, drainQueue, getQueue, queueHealth, RetryLaterError, type JobContext } from "@/lib/queue";
import { createInProcessQueue, type InProcessQueue, type InProcessQueueOptions } from "@/lib/queue/in-process";

// The embedded driver against this file's own database: every message is a JobRecord, retried with
// backoff, deduplicated, delayed, throttled per flow-control key, and recovered after a crash. What
// both queue drivers promise is checked in queue-contract.test.ts; this file checks what is particular
// to this driver: its JobRecords, backoff, rate limits, recovery and drain.

const quiet = { info() {}, warn() {}, error() {} };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let queue: InProcessQueue | undefined;
function newQueue(options: InProcessQueueOptions = {}) {
  queue = createInProcessQueue({ backoffBaseMs: 20, logger: quiet, ...options });
  return queue;
}
afterEach(async () => {
  await queue?.close();
  queue = undefined;
});

type Call = { payload: unknown; ctx: JobContext; at: number };
const calls = new Map<string, Call[]>();
const callsOf = (key: string) => calls.get(key) ?? [];
function record(key: string, payload: unknown, ctx: JobContext) {
  calls.set(key, [...callsOf(key), { payload, ctx, at: Date.now() }]);
}

/** Fails `failures` times per payload key, then succeeds. */
const flakyJob = defineJob({
  name: "flaky-local-test",
  schema: z.object({ key: z.string(), failures: z.number().int() }),
  handle: async ({ key, failures }, ctx) => {
    record(key, { key, failures }, ctx);
    if (ctx.attempt <= failures) throw new Error(`attempt ${ctx.attempt} failed`);
  },
});

const activeByGroup = new Map<string, { now: number; max: number }>();
const slowJob = defineJob({
  name: "slow-local-test",
  schema: z.object({ group: z.string(), i: z.number() }),
  handle: async ({ group, i }, ctx) => {
    const active = activeByGroup.get(group) ?? { now: 0, max: 0 };
    activeByGroup.set(group, active);
    active.now += 1;
    active.max = Math.max(active.max, active.now);
    await sleep(30);
    active.now -= 1;
    record(group, { group, i }, ctx);
  },
});

/** Finds its work held by another delivery once, then does it. */
const heldElsewhereJob = defineJob({
  name: "held-elsewhere-local-test",
  schema: z.object({ key: z.string() }),
  handle: async ({ key }, ctx) => {
    record(key, { key }, ctx);
    if (ctx.attempt === 1) throw new RetryLaterError("Digest d1 is being sent by another delivery; checking again later.");
  },
});

async function recordOf(id: string) {
  return (await getDb()).jobRecord.findUniqueOrThrow({ where: { id } });
}

describe("in-process queue", () => {
  it("runs a job and records it as SUCCEEDED", async () => {
    const q = newQueue();
    const { messageId, deduplicated } = await q.enqueue(flakyJob, { key: "plain", failures: 0 }, {});
    await q.drain({ timeoutMs: 5_000 });

    expect(deduplicated).toBe(false);
    expect(await recordOf(messageId)).toMatchObject({
      job: "flaky-local-test",
      status: "SUCCEEDED",
      attempts: 1,
      lastError: null,
      payload: { key: "plain", failures: 0 },
      finishedAt: expect.any(Date),
    });
    expect(callsOf("plain").map((c) => c.ctx)).toEqual([{ attempt: 1, messageId }]);
  });

  it("retries with exponential backoff: throws twice, succeeds on the third attempt", async () => {
    const q = newQueue({ backoffBaseMs: 40 });
    const { messageId } = await q.enqueue(flakyJob, { key: "twice", failures: 2 }, {});
    await q.drain({ timeoutMs: 5_000 });

    const record = await recordOf(messageId);
    expect(record).toMatchObject({ status: "SUCCEEDED", attempts: 3, lastError: "Error: attempt 2 failed" });
    const attempts = callsOf("twice");
    expect(attempts.map((c) => c.ctx.attempt)).toEqual([1, 2, 3]);
    expect(new Set(attempts.map((c) => c.ctx.messageId))).toEqual(new Set([messageId]));
    // 40 ms, then 80 ms (timers may fire a millisecond early).
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(38);
    expect(attempts[2]!.at - attempts[1]!.at).toBeGreaterThanOrEqual(78);
  });

  it("retries work held by another delivery with one info line, not a failure", async () => {
    const lines: { level: string; text: string }[] = [];
    const logger = {
      info: (text: string) => lines.push({ level: "info", text }),
      warn: (text: string) => lines.push({ level: "warn", text }),
      error: (text: string) => lines.push({ level: "error", text }),
    };
    const q = newQueue({ backoffBaseMs: 5, logger });
    const { messageId } = await q.enqueue(heldElsewhereJob, { key: "held" }, {});
    await q.drain({ timeoutMs: 5_000 });

    expect(await recordOf(messageId)).toMatchObject({ status: "SUCCEEDED", attempts: 2 });
    expect(lines).toEqual([{ level: "info", text: expect.stringMatching(/retrying in \d+ ms: .*being sent by another delivery/) }]);
    expect(lines[0]!.text).not.toMatch(/failed/i);
  });

  it("marks a job FAILED with its last error once the retries are used up", async () => {
    const q = newQueue({ backoffBaseMs: 5 });
    // Default retries 3, like QStash: four attempts in all.
    const { messageId } = await q.enqueue(flakyJob, { key: "always", failures: 99 }, {});
    await q.drain({ timeoutMs: 5_000 });

    expect(await recordOf(messageId)).toMatchObject({
      status: "FAILED",
      attempts: 4,
      lastError: "Error: attempt 4 failed",
      finishedAt: expect.any(Date),
    });
    expect(callsOf("always")).toHaveLength(4);
  });

  it("fails a record whose payload no longer fits the schema, or whose job is gone, without retrying", async () => {
    const db = await getDb();
    const bad = await db.jobRecord.create({ data: { job: "flaky-local-test", payload: { key: 1 } } });
    const gone = await db.jobRecord.create({ data: { job: "removed-job", payload: {} } });
    const q = newQueue();
    await q.start();
    await q.drain({ timeoutMs: 5_000 });
    expect(await recordOf(bad.id)).toMatchObject({ status: "FAILED", attempts: 1, lastError: expect.stringMatching(/^non-retryable: invalid payload: key: /) });
    expect(await recordOf(gone.id)).toMatchObject({ status: "FAILED", lastError: 'non-retryable: unknown job "removed-job"' });
  });

  it("treats a second enqueue with the same deduplication id as a no-op", async () => {
    const q = newQueue();
    const first = await q.enqueue(flakyJob, { key: "dedup", failures: 0 }, { deduplicationId: "dedup-1" });
    const second = await q.enqueue(flakyJob, { key: "dedup", failures: 0 }, { deduplicationId: "dedup-1" });
    await q.drain({ timeoutMs: 5_000 });
    // Still a no-op once the first has finished.
    const third = await q.enqueue(flakyJob, { key: "dedup", failures: 0 }, { deduplicationId: "dedup-1" });
    await q.drain({ timeoutMs: 5_000 });

    expect(second).toEqual({ messageId: first.messageId, deduplicated: true });
    expect(third).toEqual({ messageId: first.messageId, deduplicated: true });
    expect(callsOf("dedup")).toHaveLength(1);
    expect(await (await getDb()).jobRecord.count({ where: { deduplicationId: "dedup-1" } })).toBe(1);
  });

  it("honours a delay", async () => {
    const q = newQueue();
    const enqueuedAt = Date.now();
    const { messageId } = await q.enqueue(flakyJob, { key: "delayed", failures: 0 }, { delay: 0.3 });
    const queued = await recordOf(messageId);
    expect(queued.status).toBe("QUEUED");
    expect(queued.runAt.getTime() - enqueuedAt).toBeGreaterThanOrEqual(290);

    await sleep(150);
    expect(callsOf("delayed")).toHaveLength(0);
    await q.drain({ timeoutMs: 5_000 });
    expect(callsOf("delayed")[0]!.at - enqueuedAt).toBeGreaterThanOrEqual(290);
  });

  it("runs at most `parallelism` handlers per flow-control key, without holding back other keys", async () => {
    const q = newQueue({ maxConcurrency: 10 });
    const limited = { key: "nadeo-local", parallelism: 2 };
    await Promise.all([
      ...[0, 1, 2, 3, 4, 5, 6, 7].map((i) => q.enqueue(slowJob, { group: "limited", i }, { flowControl: limited })),
      ...[0, 1, 2, 3].map((i) => q.enqueue(slowJob, { group: "free", i }, {})),
    ]);
    await q.drain({ timeoutMs: 5_000 });

    expect(callsOf("limited")).toHaveLength(8);
    expect(activeByGroup.get("limited")!.max).toBe(2);
    // The limited key needs four rounds; jobs without a key must not wait in line behind it.
    const lastFree = Math.max(...callsOf("free").map((c) => c.at));
    expect(lastFree).toBeLessThan(Math.max(...callsOf("limited").map((c) => c.at)));
  });

  it("starts at most `rate` handlers per period for a key", async () => {
    const q = newQueue();
    const started = Date.now();
    await Promise.all(
      [0, 1, 2, 3, 4].map((i) => q.enqueue(slowJob, { group: "rated", i }, { flowControl: { key: "rated", rate: 2, period: 0.2 } })),
    );
    await q.drain({ timeoutMs: 5_000 });
    // 2 now, 2 after 200 ms, 1 after 400 ms.
    const finishes = callsOf("rated").map((c) => c.at - started).sort((a, b) => a - b);
    expect(finishes[4]!).toBeGreaterThanOrEqual(400);
    expect(finishes[2]!).toBeGreaterThanOrEqual(200);
  });

  it("re-runs QUEUED and RUNNING records a crashed process left behind", async () => {
    const db = await getDb();
    const queued = await db.jobRecord.create({ data: { job: "flaky-local-test", payload: { key: "left-queued", failures: 0 } } });
    const interrupted = await db.jobRecord.create({
      data: { job: "flaky-local-test", payload: { key: "left-running", failures: 0 }, status: "RUNNING", attempts: 1 },
    });

    const q = newQueue();
    await q.start();
    await q.drain({ timeoutMs: 5_000 });

    expect(await recordOf(queued.id)).toMatchObject({ status: "SUCCEEDED", attempts: 1 });
    // The interrupted attempt counts; the re-run is attempt 2.
    expect(await recordOf(interrupted.id)).toMatchObject({ status: "SUCCEEDED", attempts: 2 });
    expect(callsOf("left-running").map((c) => c.ctx.attempt)).toEqual([2]);
  });

  it("reports counts for /api/health", async () => {
    const q = newQueue();
    const health = await q.health();
    const db = await getDb();
    expect(health).toEqual({
      driver: "in-process",
      ok: true,
      queued: await db.jobRecord.count({ where: { status: "QUEUED" } }),
      running: 0,
      failed: await db.jobRecord.count({ where: { status: "FAILED" } }),
    });
    expect(health.failed).toBeGreaterThan(0);
  });

  it("drain() gives up with a clear error instead of hanging", async () => {
    const q = newQueue();
    const { messageId } = await q.enqueue(flakyJob, { key: "far-future", failures: 0 }, { delay: 3600 });
    await expect(q.drain({ timeoutMs: 50 })).rejects.toThrow(/did not drain within 50 ms; running 0, pending: flaky-local-test/);
    await q.close();
    // Closing leaves it QUEUED for the next process; remove it so later tests' start() ignore it.
    await (await getDb()).jobRecord.delete({ where: { id: messageId } });
  });

  it("is the default driver behind the public API", async () => {
    expect(getQueue().driver).toBe("in-process");
    const result = await flakyJob.enqueue({ key: "public", failures: 0 });
    await drainQueue({ timeoutMs: 5_000 });
    expect((await recordOf(result.messageId)).status).toBe("SUCCEEDED");
    expect(await queueHealth()).toMatchObject({ driver: "in-process", ok: true });
    await expect(flakyJob.enqueue({ key: "public", failures: 0 }, { flowControl: { key: "x" } })).rejects.toThrow(/parallelism or rate/);
    await getQueue().close();
  });
});
