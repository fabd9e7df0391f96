import "server-only";
import { context, ROOT_CONTEXT } from "@opentelemetry/api";
import { getDb } from "@/lib/db";
import { isUniqueViolation } from "@/lib/errors";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { currentSpanContext, fromConsole, log as defaultLog } from "@/lib/observability";
import { getJob } from "./registry";
import {
  NonRetryableJobError,
  RetryLaterError,
  type EnqueueOptions,
  type EnqueueResult,
  type FlowControl,
  type QueueDriver,
  type QueueHealth,
  type EnqueuedBy,
  type QueueLogger,
  type RegisteredJob,
} from "./types";
import { describeError, describeIssues, toJsonInput } from "./wire";

/**
 * The embedded queue driver: runs the same handlers QStash would call, in this process, with the
 * same promises: at-least-once delivery with exponential-backoff retries, deduplication ids, delays
 * and flow control. Every message is a JobRecord row first and only then an in-memory timer, so a
 * crash loses nothing: `start()` picks up whatever was QUEUED or RUNNING when the process died.
 *
 * Known differences from QStash: deduplication ids are remembered as long as the JobRecord exists
 * (QStash forgets them after its window); a message's own flowControl is kept in memory only (the
 * JobRecord has no column for it), so one recovered after a crash uses its job's declared
 * flowControl; and two processes sharing one database may both re-run a record left RUNNING
 * (handlers must be idempotent anyway, since QStash also delivers at least once).
 */

export interface InProcessQueueOptions {
  /** Defaults to the app's database. */
  db?: () => Promise<PrismaClient>;
  /** Defaults to the registry filled by `defineJob`. */
  resolveJob?: (name: string) => RegisteredJob | undefined;
  /** Called by `start()` before recovery, so leftover records find their handlers. */
  loadJobs?: () => Promise<void>;
  /** Wait before the first retry; each further retry waits `backoffFactor` times longer. Default 1 s. */
  backoffBaseMs?: number;
  /** Default 2. */
  backoffFactor?: number;
  /** Cap on a single retry wait. Default 10 minutes. */
  backoffMaxMs?: number;
  /** Handlers running at once across all keys; keeps the embedded app responsive. Default 4. */
  maxConcurrency?: number;
  /** Default: the structured logger (lib/observability). */
  logger?: QueueLogger;
}

export interface InProcessQueue extends QueueDriver {
  readonly driver: "in-process";
  /** Loads the job declarations and re-queues records a previous process left behind. Idempotent. */
  start(): Promise<void>;
  /** Resolves once nothing is running, ready, or waiting for a delay or a retry. */
  idle(): Promise<void>;
  /** `idle()` with a deadline: rejects naming what is still pending (scripts and tests). */
  drain(options?: { timeoutMs?: number }): Promise<void>;
  health(): Promise<Extract<QueueHealth, { driver: "in-process" }>>;
  /**
   * Puts a FAILED record back to QUEUED (attempts reset, due now) and runs it. Compare-and-set, so a
   * second call while it is queued or running does nothing. Answers whether this call requeued it.
   */
  requeue(id: string): Promise<boolean>;
  /** Drops a record's pending timer after it was DISCARDED (the claim would skip it anyway). */
  forget(id: string): void;
}

interface Entry {
  id: string;
  job: string;
  flowControl?: FlowControl;
  /** The span that queued it, for the delivery's span to link to. In memory only, like flowControl. */
  enqueuedBy?: EnqueuedBy;
}

export function createInProcessQueue(options: InProcessQueueOptions = {}): InProcessQueue {
  const db = options.db ?? getDb;
  const resolveJob = options.resolveJob ?? getJob;
  const backoffBaseMs = options.backoffBaseMs ?? 1_000;
  const backoffFactor = options.backoffFactor ?? 2;
  const backoffMaxMs = options.backoffMaxMs ?? 10 * 60_000;
  const maxConcurrency = options.maxConcurrency ?? 4;
  const log = options.logger ? fromConsole(options.logger) : defaultLog;

  /** Due later (a delay or a retry backoff). */
  const waiting = new Map<string, { entry: Entry; timer: NodeJS.Timeout }>();
  /** Due now, in arrival order, waiting for a concurrency or flow-control slot. */
  const ready: Entry[] = [];
  const running = new Map<string, Promise<void>>();
  /** Enqueues and the recovery still talking to the database; idle() must wait for them too. */
  let pendingOps = 0;
  const runningByKey = new Map<string, number>();
  const startsByKey = new Map<string, number[]>();
  let pumpTimer: { at: number; timer: NodeJS.Timeout } | undefined;
  let idleWaiters: (() => void)[] = [];
  let started: Promise<void> | undefined;
  let closed = false;

  const owns = (id: string) => waiting.has(id) || running.has(id) || ready.some((entry) => entry.id === id);

  function schedule(entry: Entry, runAt: number, { retry = false } = {}) {
    // Recovery and an enqueue racing on the same fresh record must not queue it twice; a retry is
    // scheduled from inside its own run, so only the waiting/ready lists count then.
    if (closed || (retry ? waiting.has(entry.id) || ready.some((e) => e.id === entry.id) : owns(entry.id))) return;
    const wait = runAt - Date.now();
    if (wait <= 0) {
      ready.push(entry);
      pump();
      return;
    }
    const timer = setTimeout(() => {
      waiting.delete(entry.id);
      ready.push(entry);
      pump();
    }, wait);
    // A delayed job must not keep a script alive on its own: its record stays QUEUED and the next
    // start() runs it. Whoever awaits idle() keeps the process alive instead (see idle()).
    timer.unref();
    waiting.set(entry.id, { entry, timer });
  }

  /** 0 when `entry` may start now, else milliseconds until it may (Infinity: until a slot frees up). */
  function flowDelay(entry: Entry, now: number): number {
    const flow = entry.flowControl;
    if (!flow) return 0;
    if (flow.parallelism !== undefined && (runningByKey.get(flow.key) ?? 0) >= flow.parallelism) return Infinity;
    if (flow.rate !== undefined) {
      const periodMs = (flow.period ?? 1) * 1000;
      const starts = (startsByKey.get(flow.key) ?? []).filter((at) => now - at < periodMs);
      startsByKey.set(flow.key, starts);
      if (starts.length >= flow.rate) return starts[0]! + periodMs - now;
    }
    return 0;
  }

  function pump() {
    if (closed) return;
    const now = Date.now();
    let nextTry = Infinity;
    for (let index = 0; index < ready.length && running.size < maxConcurrency; ) {
      const entry = ready[index]!;
      const delay = flowDelay(entry, now);
      if (delay === 0) {
        ready.splice(index, 1);
        begin(entry, now);
      } else {
        // Blocked on its key only: later entries with other keys still go ahead.
        nextTry = Math.min(nextTry, now + delay);
        index += 1;
      }
    }
    if (nextTry < Infinity && (!pumpTimer || nextTry < pumpTimer.at)) {
      if (pumpTimer) clearTimeout(pumpTimer.timer);
      const timer = setTimeout(() => {
        pumpTimer = undefined;
        pump();
      }, nextTry - now);
      timer.unref();
      pumpTimer = { at: nextTry, timer };
    }
    settleIdle();
  }

  function begin(entry: Entry, now: number) {
    const key = entry.flowControl?.key;
    if (key !== undefined) {
      runningByKey.set(key, (runningByKey.get(key) ?? 0) + 1);
      if (entry.flowControl?.rate !== undefined) startsByKey.set(key, [...(startsByKey.get(key) ?? []), now]);
    }
    // Each delivery starts its own trace: whatever called pump() (another job finishing) is not its parent.
    const run = context
      .with(ROOT_CONTEXT, () => attempt(entry))
      .catch((error: unknown) => {
        // Only bookkeeping can fail here (handler errors are caught inside); the record stays as it
        // was and the next start() re-runs it.
        log.error("queue.bookkeeping-failed", { message: `in-process bookkeeping failed for ${entry.job} ${entry.id}`, job: entry.job, message_id: entry.id, error });
      })
      .finally(() => {
        // A retry with a tiny backoff can already be running again under the same id.
        if (running.get(entry.id) === run) running.delete(entry.id);
        if (key !== undefined) runningByKey.set(key, (runningByKey.get(key) ?? 1) - 1);
        pump();
      });
    running.set(entry.id, run);
  }

  async function attempt(entry: Entry) {
    const prisma = await db();
    // The claim is a compare-and-set, so a record is never run twice at once, even if another
    // process sharing the database recovered it too.
    const claimed = await prisma.jobRecord.updateMany({
      where: { id: entry.id, status: "QUEUED" },
      data: { status: "RUNNING", attempts: { increment: 1 } },
    });
    if (claimed.count === 0) return;
    const record = await prisma.jobRecord.findUniqueOrThrow({ where: { id: entry.id } });

    const job = resolveJob(record.job);
    if (!job) return fail(prisma, entry, `non-retryable: unknown job "${record.job}"`);
    const parsed = job.schema.safeParse(record.payload);
    if (!parsed.success) {
      return fail(prisma, entry, `non-retryable: invalid payload: ${describeIssues(parsed.error)}`);
    }

    try {
      await job.handle(parsed.data, { attempt: record.attempts, messageId: record.id, enqueuedBy: entry.enqueuedBy });
    } catch (error) {
      const message = describeError(error);
      if (error instanceof NonRetryableJobError) return fail(prisma, entry, `non-retryable: ${message}`);
      if (record.attempts > job.retries) return fail(prisma, entry, message);
      const wait = Math.min(backoffMaxMs, backoffBaseMs * backoffFactor ** (record.attempts - 1));
      const runAt = new Date(Date.now() + wait);
      await prisma.jobRecord.update({ where: { id: entry.id }, data: { status: "QUEUED", runAt, lastError: message } });
      const fields = { job: entry.job, message_id: entry.id, attempt: record.attempts, retry_in_ms: wait };
      if (error instanceof RetryLaterError) log.info("queue.retry-later", { message: `${entry.job} ${entry.id} retrying in ${wait} ms: ${message}`, ...fields });
      else log.warn("queue.job-retry", { message: `${entry.job} ${entry.id} failed attempt ${record.attempts}, retrying in ${wait} ms: ${message}`, ...fields });
      schedule(entry, runAt.getTime(), { retry: true });
      return;
    }
    // lastError is kept on success: "succeeded on attempt 3 after X" is worth seeing in the admin list.
    await prisma.jobRecord.update({ where: { id: entry.id }, data: { status: "SUCCEEDED", finishedAt: new Date() } });
  }

  async function fail(prisma: PrismaClient, entry: Entry, message: string) {
    await prisma.jobRecord.update({
      where: { id: entry.id },
      data: { status: "FAILED", lastError: message, finishedAt: new Date() },
    });
    log.error("queue.job-failed", { message: `${entry.job} ${entry.id} FAILED: ${message}`, job: entry.job, message_id: entry.id });
  }

  async function recover() {
    if (options.loadJobs) await options.loadJobs();
    const prisma = await db();
    const leftovers = await prisma.jobRecord.findMany({
      where: { status: { in: ["QUEUED", "RUNNING"] } },
      select: { id: true, job: true, status: true, runAt: true },
      orderBy: { runAt: "asc" },
    });
    let requeued = 0;
    for (const record of leftovers) {
      // Records enqueued by this very process since it started are already in hand.
      if (owns(record.id)) continue;
      if (record.status === "RUNNING") {
        // Its process died mid-run; the attempt counts, and it runs again (at-least-once).
        const reset = await prisma.jobRecord.updateMany({ where: { id: record.id, status: "RUNNING" }, data: { status: "QUEUED" } });
        if (reset.count === 0) continue;
      }
      schedule({ id: record.id, job: record.job, flowControl: resolveJob(record.job)?.flowControl }, record.runAt.getTime());
      requeued += 1;
    }
    if (requeued > 0) log.info("queue.recovered", { message: `re-queued ${requeued} job(s) left over from a previous process`, count: requeued });
  }

  async function tracked<T>(operation: () => Promise<T>): Promise<T> {
    pendingOps += 1;
    try {
      return await operation();
    } finally {
      pendingOps -= 1;
      settleIdle();
    }
  }

  const isIdle = () => pendingOps === 0 && ready.length === 0 && running.size === 0 && waiting.size === 0;

  function settleIdle() {
    if (idleWaiters.length === 0 || !(isIdle() || closed)) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  function idle(): Promise<void> {
    if (isIdle() || closed) return Promise.resolve();
    return new Promise<void>((resolve) => {
      // Every queue timer is unref'd; this ref'd one keeps a script alive while it waits.
      const keepAlive = setInterval(() => undefined, 60_000);
      idleWaiters.push(() => {
        clearInterval(keepAlive);
        resolve();
      });
    });
  }

  return {
    driver: "in-process",

    async enqueue(job, payload, enqueueOptions: EnqueueOptions): Promise<EnqueueResult> {
      if (closed) throw new Error("The in-process queue is closed");
      return tracked(async () => {
        const prisma = await db();
        const runAt = new Date(Date.now() + Math.max(0, enqueueOptions.delay ?? 0) * 1000);
        const deduplicationId = enqueueOptions.deduplicationId;
        let id: string;
        try {
          ({ id } = await prisma.jobRecord.create({
            data: { job: job.name, payload: toJsonInput(payload), deduplicationId, runAt },
            select: { id: true },
          }));
        } catch (error) {
          if (deduplicationId === undefined || !isUniqueViolation(error)) throw error;
          const existing = await prisma.jobRecord.findUniqueOrThrow({ where: { deduplicationId }, select: { id: true } });
          return { messageId: existing.id, deduplicated: true };
        }
        schedule({ id, job: job.name, flowControl: enqueueOptions.flowControl ?? job.flowControl, enqueuedBy: currentSpanContext() }, runAt.getTime());
        return { messageId: id, deduplicated: false };
      });
    },

    start() {
      started ??= tracked(recover).catch((error: unknown) => {
        started = undefined;
        throw error;
      });
      return started;
    },

    idle,

    async drain({ timeoutMs = 60_000 } = {}) {
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          idle(),
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => {
              const pending = [...ready, ...[...waiting.values()].map((w) => w.entry)].map((e) => `${e.job} ${e.id}`);
              reject(new Error(`The in-process queue did not drain within ${timeoutMs} ms; running ${running.size}, pending: ${pending.join(", ") || "none"}`));
            }, timeoutMs);
          }),
        ]);
      } finally {
        clearTimeout(timer);
      }
    },

    async health() {
      try {
        const prisma = await db();
        const counts = await prisma.jobRecord.groupBy({
          by: ["status"],
          where: { status: { in: ["QUEUED", "RUNNING", "FAILED"] } },
          _count: { _all: true },
        });
        const count = (status: string) => counts.find((row) => row.status === status)?._count._all ?? 0;
        return { driver: "in-process", ok: true, queued: count("QUEUED"), running: count("RUNNING"), failed: count("FAILED") };
      } catch (error) {
        return { driver: "in-process", ok: false, queued: 0, running: 0, failed: 0, error: (error as Error).message };
      }
    },

    async requeue(id) {
      return tracked(async () => {
        const prisma = await db();
        const runAt = new Date();
        const reset = await prisma.jobRecord.updateMany({
          where: { id, status: "FAILED" },
          data: { status: "QUEUED", attempts: 0, runAt, finishedAt: null },
        });
        if (reset.count === 0) return false;
        const { job } = await prisma.jobRecord.findUniqueOrThrow({ where: { id }, select: { job: true } });
        schedule({ id, job, flowControl: resolveJob(job)?.flowControl }, runAt.getTime());
        return true;
      });
    },

    forget(id) {
      const pending = waiting.get(id);
      if (pending) {
        clearTimeout(pending.timer);
        waiting.delete(id);
      }
      const index = ready.findIndex((entry) => entry.id === id);
      if (index >= 0) ready.splice(index, 1);
      settleIdle();
    },

    async close() {
      closed = true;
      for (const { timer } of waiting.values()) clearTimeout(timer);
      waiting.clear();
      if (pumpTimer) clearTimeout(pumpTimer.timer);
      // Records not yet started stay QUEUED in the database for the next start().
      ready.length = 0;
      await Promise.allSettled([...running.values()]);
      settleIdle();
    },
  };
}
