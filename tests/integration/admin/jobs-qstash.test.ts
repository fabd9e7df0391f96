import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import type { ActingUser } from "@/lib/actor";
import { discardJob, listJobsForAdmin, retryJob } from "@/lib/admin";
import { getDb } from "@/lib/db";
import { defineJob, getQueue } from "@/lib/queue";
import { startQStashEnvironment, type QStashEnvironment } from "../queue/qstash-environment";

// The Jobs monitor with the QStash driver: the local QStash fake delivers signed requests to the real
// job route, whose receiver records failing deliveries in JobRecord; retry publishes a new message
// through the job's definition. The fake waits RETRY_DELAY_MS between attempts, long enough for a
// test to discard a message between two of them.

const RETRY_DELAY_MS = 400;

const runs: { key: string; attempt: number; messageId: string }[] = [];
const runsOf = (key: string) => runs.filter((run) => run.key === key);
const broken = new Set<string>();
/** Fails every attempt while its key is broken. */
const brittleJob = defineJob({
  name: "brittle-qstash-admin-test",
  schema: z.object({ key: z.string() }),
  retries: 1,
  handle: async ({ key }, ctx) => {
    runs.push({ key, attempt: ctx.attempt, messageId: ctx.messageId });
    if (broken.has(key)) throw new Error(`Nadeo answered 503 for ${key}`);
  },
});
/** Fails its first attempt only. */
const flakyJob = defineJob({
  name: "flaky-qstash-admin-test",
  schema: z.object({ key: z.string() }),
  retries: 2,
  handle: async ({ key }, ctx) => {
    runs.push({ key, attempt: ctx.attempt, messageId: ctx.messageId });
    if (ctx.attempt === 1) throw new Error("first attempt always fails");
  },
});

let qstash: QStashEnvironment;
let admin: ActingUser;

// Before anything calls getConfig(), which reads the environment this sets once per file.
beforeAll(async () => {
  qstash = await startQStashEnvironment({ retryDelayMs: RETRY_DELAY_MS });
  const db = await getDb();
  const user = await db.user.create({ data: { email: "jobs-admin@example.com", name: "Admin", role: "ADMIN" } });
  admin = { id: user.id, email: user.email, role: "ADMIN" };
  // The route logs failures with the console; keep the output for real problems.
  vi.spyOn(console, "error").mockImplementation(() => undefined);
  vi.spyOn(console, "info").mockImplementation(() => undefined);
});

afterAll(async () => {
  vi.restoreAllMocks();
  await qstash?.close();
});

const recordOfMessage = async (messageId: string) =>
  (await getDb()).jobRecord.findUnique({ where: { deduplicationId: `qstash:${messageId}` } });

describe("the Jobs monitor with the QStash driver", () => {
  it("runs on QStash", async () => {
    expect(getQueue().driver).toBe("qstash");
    expect((await listJobsForAdmin(admin, { tab: "failed" })).driver).toBe("qstash");
  });

  it("records a delivery that fails its last retry with its error and attempt count, and retry publishes a new message once", async () => {
    broken.add("spent");
    const { messageId } = await brittleJob.enqueue({ key: "spent" });
    await qstash.fake.idle();

    const record = await recordOfMessage(messageId);
    expect(record).toMatchObject({ job: "brittle-qstash-admin-test", status: "FAILED", attempts: 2, lastError: "Error: Nadeo answered 503 for spent", payload: { key: "spent" } });
    const row = (await listJobsForAdmin(admin, { tab: "failed" })).jobs.find((job) => job.id === record!.id);
    expect(row).toMatchObject({ attempts: 2, summary: 'brittle-qstash-admin-test · {"key":"spent"}' });

    broken.delete("spent");
    const publishedBefore = qstash.fake.published.length;
    const [first, second] = await Promise.all([retryJob(admin, record!.id), retryJob(admin, record!.id)]);
    const outcomes = [first, second].map((result) => result.outcome).sort();
    expect(outcomes).toEqual(["already", "republished"]);
    const republished = [first, second].find((result) => result.outcome === "republished") as { messageId: string };
    await qstash.fake.idle();

    expect(qstash.fake.published.length).toBe(publishedBefore + 1);
    const message = qstash.fake.messages.find((m) => m.messageId === republished.messageId)!;
    expect(message.destination).toBe(`${qstash.appUrl}/api/jobs/brittle-qstash-admin-test`);
    expect(JSON.parse(message.body)).toMatchObject({ payload: { key: "spent" } });
    expect(message.state).toBe("delivered");
    expect(runsOf("spent").map((run) => run.messageId)).toEqual([messageId, messageId, republished.messageId]);
    expect(await recordOfMessage(messageId)).toMatchObject({ status: "RETRIED", retriedAs: republished.messageId });
    expect((await listJobsForAdmin(admin, { tab: "discarded" })).jobs.map((job) => job.id)).toContain(record!.id);
    // The new message succeeded at once: QStash knows it, so it leaves no record of its own.
    expect(await recordOfMessage(republished.messageId)).toBeNull();
  });

  it("records a failed attempt while QStash still retries it, and marks it SUCCEEDED when a retry works", async () => {
    const { messageId } = await flakyJob.enqueue({ key: "flaky" });
    await expect.poll(async () => (await recordOfMessage(messageId))?.status, { timeout: 5_000, interval: 20 }).toBe("QUEUED");
    expect(await recordOfMessage(messageId)).toMatchObject({ attempts: 1, lastError: "Error: first attempt always fails", finishedAt: null });
    await qstash.fake.idle();
    expect(await recordOfMessage(messageId)).toMatchObject({ status: "SUCCEEDED", attempts: 1, lastError: "Error: first attempt always fails" });
  });

  it("records schema failures and non-retryable answers with their attempt", async () => {
    const response = await fetch(`${qstash.fake.url}/v2/publish/${qstash.appUrl}/api/jobs/brittle-qstash-admin-test`, {
      method: "POST",
      headers: { authorization: `Bearer ${qstash.keys.token}`, "content-type": "application/json" },
      body: JSON.stringify({ payload: { key: 42 } }),
    });
    const { messageId } = (await response.json()) as { messageId: string };
    await qstash.fake.idle();
    const record = await recordOfMessage(messageId);
    expect(record).toMatchObject({ status: "FAILED", attempts: 1, payload: { key: 42 } });
    expect(record!.lastError).toMatch(/^non-retryable: invalid-payload: key: /);
    // A payload that can never pass its schema is not retried: it would only fail again.
    await expect(retryJob(admin, record!.id)).rejects.toMatchObject({ code: "conflict:job" });
    expect(await discardJob(admin, record!.id)).toMatchObject({ outcome: "discarded" });
  });

  it("skips the next delivery of a message an admin discarded while QStash was retrying it", async () => {
    broken.add("discard-me");
    const { messageId } = await brittleJob.enqueue({ key: "discard-me" });
    await expect.poll(async () => (await recordOfMessage(messageId))?.status, { timeout: 5_000, interval: 20 }).toBe("QUEUED");
    const record = await recordOfMessage(messageId);
    expect(await discardJob(admin, record!.id)).toMatchObject({ outcome: "discarded" });
    await qstash.fake.idle();

    expect(runsOf("discard-me")).toHaveLength(1);
    const message = qstash.fake.messages.find((m) => m.messageId === messageId)!;
    expect(message.attempts.map((attempt) => attempt.status)).toEqual([500, 200]);
    expect(JSON.parse(message.attempts[1]!.body)).toEqual({ ok: false, retry: false, reason: "discarded" });
    expect(await recordOfMessage(messageId)).toMatchObject({ status: "DISCARDED", attempts: 1 });
  });
});
