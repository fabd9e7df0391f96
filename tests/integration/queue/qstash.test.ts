import { Client } from "@upstash/qstash";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { getDb } from "@/lib/db";
import { defineJob, defineSchedule, getQueue, listSchedules, queueHealth, type JobContext } from "@/lib/queue";
import { createQStashQueue, jobDestination } from "@/lib/queue/qstash";
import { signQStashJwt, startQStashFake, type QStashFake } from "@/tests/fakes/qstash";
import { randomSecret, startQStashEnvironment, type QStashEnvironment, type QStashKeys } from "./qstash-environment";

// The QStash driver end to end: our driver publishes with the real SDK Client to the fake, which
// delivers signed requests over HTTP to the real route handler, which verifies them with the real
// Receiver. What both queue drivers promise is checked in queue-contract.test.ts; this file checks
// what is particular to QStash: the wire format, the status codes that steer its retries, signatures
// and schedule sync.

type Run = { job: string; payload: unknown; ctx: JobContext; at: number };
const runs: Run[] = [];
const runsOf = (job: string) => runs.filter((run) => run.job === job);

const echoJob = defineJob({
  name: "echo-test",
  schema: z.object({ n: z.number() }),
  handle: async (payload, ctx) => {
    runs.push({ job: "echo-test", payload, ctx, at: Date.now() });
  },
});

const flakyJob = defineJob({
  name: "flaky-test",
  schema: z.object({ id: z.string() }),
  retries: 2,
  handle: async (payload, ctx) => {
    runs.push({ job: "flaky-test", payload, ctx, at: Date.now() });
    if (ctx.attempt === 1) throw new Error("Nadeo answered 503");
  },
});

const doomedJob = defineJob({
  name: "doomed-test",
  schema: z.object({}),
  retries: 1,
  handle: async (payload, ctx) => {
    runs.push({ job: "doomed-test", payload, ctx, at: Date.now() });
    throw new Error("always broken");
  },
});

let active = 0;
let maxActive = 0;
const slowJob = defineJob({
  name: "slow-test",
  schema: z.object({ i: z.number() }),
  handle: async (payload, ctx) => {
    active += 1;
    maxActive = Math.max(maxActive, active);
    await new Promise((resolve) => setTimeout(resolve, 40));
    active -= 1;
    runs.push({ job: "slow-test", payload, ctx, at: Date.now() });
  },
});

const hourly = defineSchedule({ id: "echo-hourly", cron: "0 * * * *", job: echoJob, payload: { n: 60 } });

let qstash: QStashEnvironment;
let fake: QStashFake;
let keys: QStashKeys;
let appUrl: string;

// Before anything calls getConfig(), which reads the environment this sets once per file.
beforeAll(async () => {
  qstash = await startQStashEnvironment({ retryDelayMs: 5, delayScale: 0.01 });
  ({ fake, keys, appUrl } = qstash);
});

afterAll(async () => {
  await qstash?.close();
});

describe("QStash driver", () => {
  it("is the driver the config chooses when QStash is configured", () => {
    expect(getQueue().driver).toBe("qstash");
  });

  it("publishes through the SDK and the route runs the handler with the message id", async () => {
    const result = await echoJob.enqueue({ n: 1 });
    await fake.idle();

    expect(result.deduplicated).toBe(false);
    const published = fake.published.find((p) => p.messageId === result.messageId)!;
    expect(published.destination).toBe(`${appUrl}/api/jobs/echo-test`);
    expect(published.headers["authorization"]).toBe(`Bearer ${keys.token}`);
    expect(published.headers["upstash-retries"]).toBe("3");
    expect(published.headers["upstash-method"]).toBe("POST");
    expect(published.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(published.body)).toEqual({ payload: { n: 1 }, enqueuedAt: expect.any(String) });

    const message = fake.messages.find((m) => m.messageId === result.messageId)!;
    expect(message.attempts.map((a) => a.status)).toEqual([200]);
    expect(JSON.parse(message.attempts[0]!.body)).toEqual({ ok: true });
    expect(runsOf("echo-test")).toEqual([
      expect.objectContaining({ payload: { n: 1 }, ctx: { attempt: 1, messageId: result.messageId } }),
    ]);
  });

  it("checks the payload at the producer, before anything is published", async () => {
    const before = fake.published.length;
    // @ts-expect-error the wrong type is the point
    await expect(echoJob.enqueue({ n: "one" })).rejects.toBeInstanceOf(z.ZodError);
    expect(fake.published.length).toBe(before);
  });

  it("passes delay and flow control to QStash, which holds parallelism to the limit", async () => {
    maxActive = 0;
    const flowControl = { key: "nadeo-test", parallelism: 2, rate: 50 };
    const results = await Promise.all([0, 1, 2, 3, 4, 5].map((i) => slowJob.enqueue({ i }, { flowControl, delay: 2 })));
    await fake.idle();

    const published = fake.published.find((p) => p.messageId === results[0]!.messageId)!;
    expect(published.headers["upstash-delay"]).toBe("2s");
    expect(published.headers["upstash-flow-control-key"]).toBe("nadeo-test");
    expect(published.headers["upstash-flow-control-value"]).toBe("parallelism=2, rate=50");
    expect(runsOf("slow-test")).toHaveLength(6);
    expect(maxActive).toBe(2);
  });

  it("rounds a fractional delay up to whole seconds", async () => {
    const result = await echoJob.enqueue({ n: 2 }, { delay: 0.2 });
    await fake.idle();
    expect(fake.published.find((p) => p.messageId === result.messageId)!.headers["upstash-delay"]).toBe("1s");
  });

  it("retries a handler that throws (500) and succeeds on the next delivery", async () => {
    const result = await flakyJob.enqueue({ id: "a" });
    await fake.idle();

    const message = fake.messages.find((m) => m.messageId === result.messageId)!;
    expect(message.attempts.map((a) => [a.retried, a.status])).toEqual([
      [0, 500],
      [1, 200],
    ]);
    // The 500 body says nothing about the error: QStash shows bodies in its console.
    expect(message.attempts[0]!.body).not.toContain("Nadeo");
    expect(runsOf("flaky-test").map((run) => run.ctx)).toEqual([
      { attempt: 1, messageId: result.messageId },
      { attempt: 2, messageId: result.messageId },
    ]);
  });

  it("delivers a deduplicated message once", async () => {
    const first = await echoJob.enqueue({ n: 3 }, { deduplicationId: "echo-3" });
    const second = await echoJob.enqueue({ n: 3 }, { deduplicationId: "echo-3" });
    await fake.idle();

    expect(second).toEqual({ messageId: first.messageId, deduplicated: true });
    expect(fake.published.filter((p) => p.headers["upstash-deduplication-id"] === "echo-3")).toHaveLength(2);
    expect(runsOf("echo-test").filter((run) => (run.payload as { n: number }).n === 3)).toHaveLength(1);
  });

  it("answers 2xx to a bad payload or an unknown job, so QStash does not retry, and records the failure", async () => {
    // Published with the bare SDK: our own enqueue would refuse these payloads.
    const client = new Client({ baseUrl: fake.url, token: keys.token, devMode: false, enableTelemetry: false });
    const bad = await client.publishJSON({ url: jobDestination(appUrl, "echo-test"), body: { payload: { n: "x" } }, retries: 3 });
    const unknown = await client.publishJSON({ url: jobDestination(appUrl, "no-such-job"), body: { payload: {} }, retries: 3 });
    const notJson = await client.publish({ url: jobDestination(appUrl, "echo-test"), body: "not json", retries: 3 });
    await fake.idle();

    for (const [id, reason] of [
      [bad.messageId, "invalid-payload"],
      [unknown.messageId, "unknown-job"],
      [notJson.messageId, "invalid-body"],
    ] as const) {
      const message = fake.messages.find((m) => m.messageId === id)!;
      expect(message.attempts.map((a) => a.status)).toEqual([200]);
      expect(JSON.parse(message.attempts[0]!.body)).toEqual({ ok: false, retry: false, reason });
    }
    const db = await getDb();
    const record = await db.jobRecord.findUniqueOrThrow({ where: { deduplicationId: `qstash:${bad.messageId}` } });
    expect(record).toMatchObject({ job: "echo-test", status: "FAILED", attempts: 1, payload: { n: "x" } });
    expect(record.lastError).toMatch(/^non-retryable: invalid-payload: n: /);
  });

  it("records a job that fails its last retry", async () => {
    const result = await doomedJob.enqueue({});
    await fake.idle();
    const message = fake.messages.find((m) => m.messageId === result.messageId)!;
    expect(message.state).toBe("failed");
    expect(message.attempts.map((a) => a.status)).toEqual([500, 500]);
    const record = await (await getDb()).jobRecord.findUniqueOrThrow({ where: { deduplicationId: `qstash:${result.messageId}` } });
    expect(record).toMatchObject({ job: "doomed-test", status: "FAILED", attempts: 2, lastError: "Error: always broken" });
    expect(record.finishedAt).toBeInstanceOf(Date);
  });

  describe("signature verification", () => {
    const body = JSON.stringify({ payload: { n: 99 } });
    const url = () => `${appUrl}/api/jobs/echo-test`;
    const ran99 = () => runsOf("echo-test").filter((run) => (run.payload as { n: number }).n === 99).length;

    it("refuses an unsigned request", async () => {
      const response = await qstash.post("echo-test", body);
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ error: { code: "unauthorized:signature" } });
    });

    it("refuses a tampered body", async () => {
      const signature = signQStashJwt({ key: keys.currentSigningKey, url: url(), body });
      const response = await qstash.post("echo-test", JSON.stringify({ payload: { n: 98 } }), signature);
      expect(response.status).toBe(401);
    });

    it("refuses a signature made with another key", async () => {
      const signature = signQStashJwt({ key: randomSecret("sig_wrong"), url: url(), body });
      expect((await qstash.post("echo-test", body, signature)).status).toBe(401);
    });

    it("refuses a signature for another destination", async () => {
      const signature = signQStashJwt({ key: keys.currentSigningKey, url: `${appUrl}/api/jobs/slow-test`, body });
      expect((await qstash.post("echo-test", body, signature)).status).toBe(401);
    });

    it("refuses an expired signature and one from another issuer", async () => {
      const old = signQStashJwt({ key: keys.currentSigningKey, url: url(), body, nowSeconds: Math.floor(Date.now() / 1000) - 3600 });
      expect((await qstash.post("echo-test", body, old)).status).toBe(401);
      const foreign = signQStashJwt({ key: keys.currentSigningKey, url: url(), body, claims: { iss: "Someone" } });
      expect((await qstash.post("echo-test", body, foreign)).status).toBe(401);
      expect(ran99()).toBe(0);
    });

    it("accepts the next signing key (key rotation) and reads the retry count", async () => {
      const signature = signQStashJwt({ key: keys.nextSigningKey, url: url(), body });
      const response = await qstash.post("echo-test", body, signature, { "upstash-message-id": "msg_rotated", "upstash-retried": "2" });
      expect(response.status).toBe(200);
      expect(runsOf("echo-test").find((run) => run.ctx.messageId === "msg_rotated")?.ctx).toEqual({ attempt: 3, messageId: "msg_rotated" });
    });
  });

  describe("schedules", () => {
    it("creates QStash schedules with fixed ids, idempotently, and prunes only our stale ones", async () => {
      const queue = createQStashQueue({ baseUrl: fake.url, token: keys.token, appUrl });
      const client = new Client({ baseUrl: fake.url, token: keys.token, devMode: false, enableTelemetry: false });
      await client.schedules.create({ scheduleId: "stale", destination: jobDestination(appUrl, "echo-test"), cron: "5 * * * *" });
      await client.schedules.create({ scheduleId: "other-app", destination: "https://other.example/api/hook", cron: "5 * * * *" });

      // The app's own schedules (lib/jobs) are registered too; this test syncs only its own.
      expect(listSchedules()).toEqual(expect.arrayContaining([hourly]));
      await queue.syncSchedules([hourly]);
      const second = await queue.syncSchedules([hourly], { prune: true });

      expect(second).toEqual({ upserted: ["echo-hourly"], deleted: ["stale"] });
      const schedules = await client.schedules.list();
      expect(schedules.map((s) => s.scheduleId).sort()).toEqual(["echo-hourly", "other-app"]);
      expect(await client.schedules.get("echo-hourly")).toMatchObject({
        cron: "0 * * * *",
        destination: `${appUrl}/api/jobs/echo-test`,
        retries: 3,
        body: JSON.stringify({ payload: { n: 60 }, scheduleId: "echo-hourly" }),
      });
    });
  });

  it("holds messages until deliver() when the fake is not auto-delivering", async () => {
    const manual = await startQStashFake({ ...keys, autoDeliver: false });
    try {
      const queue = createQStashQueue({ baseUrl: manual.url, token: keys.token, appUrl });
      const { messageId } = await queue.enqueue(echoJob, { n: 7 }, {});
      await manual.idle();
      expect(manual.messages.map((m) => m.state)).toEqual(["pending"]);
      expect(runsOf("echo-test").some((run) => run.ctx.messageId === messageId)).toBe(false);
      await manual.deliver();
      expect(manual.messages.map((m) => m.state)).toEqual(["delivered"]);
      expect(runsOf("echo-test").find((run) => run.ctx.messageId === messageId)?.payload).toEqual({ n: 7 });
    } finally {
      await manual.close();
    }
  });

  it("reports health through an authenticated call", async () => {
    expect(await queueHealth()).toEqual({ driver: "qstash", ok: true });
    const wrongToken = createQStashQueue({ baseUrl: fake.url, token: "nope", appUrl });
    expect(await wrongToken.health()).toMatchObject({ driver: "qstash", ok: false, error: expect.stringContaining("Unauthorized") });
  });
});
