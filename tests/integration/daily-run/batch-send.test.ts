import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startResendFake, type FakeRequest } from "@/tests/fakes/resend";

// Digests go out through Resend's batch endpoint (the local fake here): many digests per request,
// one email per user whatever the queue does, a crash after the provider accepted a batch resends
// the identical batch under the same key (which Resend answers without sending again), and one bad
// message does not take the others down.
const fake = await startResendFake({ apiKey: "re_test_batch_send" });
process.env.RESEND_API_KEY = fake.apiKey;
process.env.RESEND_BASE_URL = fake.url;
process.env.SANDBOX_CLOCK = "manual";
process.env.SANDBOX_REQUESTS_PER_SECOND = "1000";
process.env.APP_URL = "https://trackwatch.test";

const { getDb } = await import("@/lib/db");
const { createMapperAlert } = await import("@/lib/alerts");
const { startDailyRun } = await import("@/lib/daily-run");
const { getDigestForUser } = await import("@/lib/digest");
const { drainQueue } = await import("@/lib/queue");
const { digestSendJob } = await import("@/lib/jobs/digest-send");
const { DAY, HOUR, advanceTo, composedDigests, createUser, digestsOf, sandbox } = await import("./support");

afterAll(() => fake.close());

type Template = Parameters<typeof composedDigests>[0];

const batchRequestsSince = (from: number): FakeRequest[] => fake.requests.slice(from).filter((request) => request.path === "/emails/batch");
const emailsTo = (email: string) => fake.sent.filter((sent) => sent.to.includes(email));

/** Each digest's own send message, as user-check queues it. */
async function queueSends(digestIds: string[]) {
  for (const digestId of digestIds) await digestSendJob.enqueue({ digestId }, { deduplicationId: `digest-send:${digestId}` });
}

describe("digests sent in batches through Resend", () => {
  let template: Template;

  beforeAll(async () => {
    const readers = [await createUser({ label: "reader1" }), await createUser({ label: "reader2" }), await createUser({ label: "reader3" })];
    for (const user of readers) await createMapperAlert(user, { mapper: "name", displayName: "SmallMapperSam" });
    advanceTo(new Date(sandbox().now().getTime() + DAY + 7 * HOUR));
    const { run } = await startDailyRun({ trigger: "schedule" });
    await drainQueue({ timeoutMs: 120_000 });

    // The real pipeline: every reader gets one email, through the batch endpoint only.
    for (const user of readers) {
      const [digest] = await digestsOf(user.id);
      expect(digest).toMatchObject({ status: "SENT", error: null });
      expect(emailsTo(user.email)).toHaveLength(1);
      expect(emailsTo(user.email)[0]).toMatchObject({ endpoint: "/emails/batch", idempotencyKey: `digest-batch:${digest!.sendBatchId}:0` });
    }
    expect(fake.requests.filter((request) => request.path === "/emails")).toHaveLength(0);
    expect(await (await getDb()).dailyRun.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({ emailsSent: 3, emailsFailed: 0 });
    template = (await digestsOf(readers[0]!.id))[0]!;
  });

  it("sends a run's composed digests in one request, one email per user, and survives a crash after Resend accepted it", async () => {
    const db = await getDb();
    const { run, members } = await composedDigests(template, 6, "batch");
    const from = fake.requests.length;
    await queueSends(members.map((member) => member.digestId));
    await drainQueue({ timeoutMs: 60_000 });

    const [request, ...others] = batchRequestsSince(from);
    expect(others).toHaveLength(0);
    expect(request!.status).toBe(200);
    expect(request!.body).toHaveLength(6);
    const digests = await db.digest.findMany({ where: { dailyRunId: run.id }, orderBy: { id: "asc" } });
    const sendBatchId = digests[0]!.sendBatchId;
    expect(request!.headers["idempotency-key"]).toBe(`digest-batch:${sendBatchId}:0`);
    for (const { user } of members) {
      const emails = emailsTo(user.email);
      expect(emails).toHaveLength(1);
      expect(emails[0]!.headers).toMatchObject({ "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" });
      expect(emails[0]!.tags).toEqual([{ name: "category", value: "digest" }]);
    }
    for (const digest of digests) {
      expect(digest).toMatchObject({ status: "SENT", sendBatchId, sendAttempts: 1, error: null });
      expect(digest.providerMessageId).toBe(emailsTo(digest.sendTo!)[0]!.id);
    }
    expect(await db.dailyRun.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({ emailsSent: 6, emailsFailed: 0 });

    // The process died after Resend accepted the batch, before anything was marked SENT: the
    // digests are still claimed, the claim older than its lease, the run counted nothing.
    await db.digest.updateMany({
      where: { dailyRunId: run.id },
      data: { status: "COMPOSED", providerMessageId: null, sentAt: null, updatedAt: new Date(Date.now() - 5 * 60_000) },
    });
    await db.dailyRun.update({ where: { id: run.id }, data: { emailsSent: 0 } });
    const sentBefore = fake.sent.length;
    const retryFrom = fake.requests.length;
    // Every member's message is delivered again, out of order.
    for (const digest of [...digests].reverse()) {
      await digestSendJob.enqueue({ digestId: digest.id }, { deduplicationId: `after-crash:${digest.id}` });
    }
    await drainQueue({ timeoutMs: 60_000 });

    // One identical request under the same key; Resend answers the first ids and sends nothing.
    const retries = batchRequestsSince(retryFrom);
    expect(retries).toHaveLength(1);
    expect(retries[0]).toMatchObject({ status: 200, body: request!.body });
    expect(retries[0]!.headers["idempotency-key"]).toBe(request!.headers["idempotency-key"]);
    expect(fake.sent.length).toBe(sentBefore);
    for (const { user } of members) expect(emailsTo(user.email)).toHaveLength(1);
    const after = await db.digest.findMany({ where: { dailyRunId: run.id }, orderBy: { id: "asc" } });
    expect(after.map((digest) => [digest.status, digest.providerMessageId, digest.sendBatchId])).toEqual(
      digests.map((digest) => ["SENT", digest.providerMessageId, sendBatchId]),
    );
    expect(await db.dailyRun.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({ emailsSent: 6, emailsFailed: 0 });
  });

  it("an outage on a batch is retried as the same batch under the same key: one email each", async () => {
    const db = await getDb();
    const { run, members } = await composedDigests(template, 4, "outage");
    const from = fake.requests.length;
    fake.failNext(503);
    await queueSends(members.map((member) => member.digestId));
    await drainQueue({ timeoutMs: 60_000 });

    const requests = batchRequestsSince(from);
    expect(requests.map((request) => request.status)).toEqual([503, 200]);
    expect(new Set(requests.map((request) => request.headers["idempotency-key"])).size).toBe(1);
    expect(requests[1]!.body).toEqual(requests[0]!.body);
    for (const { user } of members) expect(emailsTo(user.email)).toHaveLength(1);
    const digests = await db.digest.findMany({ where: { dailyRunId: run.id } });
    for (const digest of digests) expect(digest).toMatchObject({ status: "SENT", sendAttempts: 2, error: null });
    expect(await db.dailyRun.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({ emailsSent: 4, emailsFailed: 0 });
  });

  it("a message refused for itself fails alone; the rest of its batch is sent", async () => {
    const db = await getDb();
    const { run, members } = await composedDigests(template, 4, "mixed");
    // An address the mail boundary refuses (as Resend would): only its digest can fail.
    const broken = members[1]!;
    await db.user.update({ where: { id: broken.user.id }, data: { email: "not-an-address" } });
    const from = fake.requests.length;
    await queueSends(members.map((member) => member.digestId));
    await drainQueue({ timeoutMs: 60_000 });

    const requests = batchRequestsSince(from);
    expect(requests).toHaveLength(1);
    expect(requests[0]!.body).toHaveLength(3);
    for (const member of members) {
      if (member === broken) continue;
      expect(emailsTo(member.user.email)).toHaveLength(1);
      expect(await db.digest.findUniqueOrThrow({ where: { id: member.digestId } })).toMatchObject({ status: "SENT" });
    }
    const failed = await db.digest.findUniqueOrThrow({ where: { id: broken.digestId } });
    expect(failed).toMatchObject({ status: "FAILED", sendAttempts: 4 });
    const seen = await getDigestForUser({ ...broken.user, email: "not-an-address" }, broken.digestId);
    expect(seen.error).toBe("Could not be sent: Invalid email: to.0: must be an email address (invalid_message).");
    expect(await db.dailyRun.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({ emailsSent: 3, emailsFailed: 1 });

    // Later deliveries of any member's message send nothing.
    for (const member of members) await digestSendJob.enqueue({ digestId: member.digestId }, { deduplicationId: `late:${member.digestId}` });
    await drainQueue({ timeoutMs: 30_000 });
    expect(batchRequestsSince(from)).toHaveLength(1);
  });

  it("concurrent senders put every digest in exactly one batch of at most 100: one email each", async () => {
    const db = await getDb();
    const { run, members } = await composedDigests(template, 130, "crowd");
    const from = fake.requests.length;
    // Every message at once, twice: directly (as parallel QStash deliveries would) and through the queue.
    const direct = members.map((member, index) =>
      digestSendJob
        .handle({ digestId: member.digestId }, { attempt: 1, messageId: `direct-${index}` })
        // "In flight" answers are expected: the queue's copy checks again later.
        .catch(() => undefined),
    );
    await queueSends(members.map((member) => member.digestId));
    await Promise.all(direct);
    await drainQueue({ timeoutMs: 120_000 });

    const requests = batchRequestsSince(from);
    const accepted = requests.filter((request) => request.status === 200);
    expect(accepted.length).toBeGreaterThanOrEqual(2);
    for (const request of accepted) expect((request.body as unknown[]).length).toBeLessThanOrEqual(100);
    expect(accepted.reduce((total, request) => total + (request.body as unknown[]).length, 0)).toBe(130);
    for (const { user } of members) expect(emailsTo(user.email)).toHaveLength(1);

    const digests = await db.digest.findMany({ where: { dailyRunId: run.id } });
    expect(digests.every((digest) => digest.status === "SENT")).toBe(true);
    // Each digest's batch is the request that carried its email.
    for (const digest of digests) {
      expect(emailsTo(digest.sendTo!)[0]!.idempotencyKey).toBe(`digest-batch:${digest.sendBatchId}:0`);
    }
    expect(await db.dailyRun.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({ emailsSent: 130, emailsFailed: 0 });
  });
});
