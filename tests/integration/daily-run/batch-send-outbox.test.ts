import { beforeAll, describe, expect, it } from "vitest";

// The same guarantees on the embedded default, the local outbox: a batch stores one row per digest
// under `digest-batch:<id>:<index>`, and neither a crash after the batch was stored nor senders
// racing each other store a second row for anyone. The outbox forgets keys after 24 hours, as Resend
// does, so what is correct against it is correct against Resend.
process.env.SANDBOX_CLOCK = "manual";
process.env.SANDBOX_REQUESTS_PER_SECOND = "1000";
process.env.APP_URL = "https://trackwatch.test";

const { getDb } = await import("@/lib/db");
const { createMapperAlert } = await import("@/lib/alerts");
const { startDailyRun } = await import("@/lib/daily-run");
const { drainQueue } = await import("@/lib/queue");
const { digestSendJob } = await import("@/lib/jobs/digest-send");
const { DAY, HOUR, advanceTo, composedDigests, createUser, digestsOf, outboxTo, sandbox } = await import("./support");

type Template = Parameters<typeof composedDigests>[0];

describe("digests sent in batches through the outbox", () => {
  let template: Template;

  beforeAll(async () => {
    const reader = await createUser({ label: "reader" });
    await createMapperAlert(reader, { mapper: "name", displayName: "SmallMapperSam" });
    advanceTo(new Date(sandbox().now().getTime() + DAY + 7 * HOUR));
    await startDailyRun({ trigger: "schedule" });
    await drainQueue({ timeoutMs: 120_000 });
    const [digest] = await digestsOf(reader.id);
    expect(digest!.status).toBe("SENT");
    template = digest!;
  });

  it("a digest whose reader turned email off before it went out is kept in history, not sent", async () => {
    const db = await getDb();
    const { members } = await composedDigests(template, 2, "switched-off");
    const [off, on] = members;
    await db.user.update({ where: { id: off!.user.id }, data: { emailNotifications: false } });
    for (const { digestId } of members) await digestSendJob.enqueue({ digestId }, { deduplicationId: `digest-send:${digestId}` });
    await drainQueue({ timeoutMs: 60_000 });

    expect(await db.digest.findUniqueOrThrow({ where: { id: off!.digestId } })).toMatchObject({ status: "NOT_EMAILED", error: null, sentAt: null });
    expect(await outboxTo(off!.user.email)).toHaveLength(0);
    expect(await db.digest.findUniqueOrThrow({ where: { id: on!.digestId } })).toMatchObject({ status: "SENT" });
    expect(await outboxTo(on!.user.email)).toHaveLength(1);
  });

  it("one row per digest, kept through a crash after the batch was stored", async () => {
    const db = await getDb();
    const { run, members } = await composedDigests(template, 5, "batch");
    for (const { digestId } of members) await digestSendJob.enqueue({ digestId }, { deduplicationId: `digest-send:${digestId}` });
    await drainQueue({ timeoutMs: 60_000 });

    const digests = await db.digest.findMany({ where: { dailyRunId: run.id }, orderBy: { id: "asc" } });
    const sendBatchId = digests[0]!.sendBatchId;
    expect(digests.every((digest) => digest.status === "SENT" && digest.sendBatchId === sendBatchId)).toBe(true);
    for (const [index, digest] of digests.entries()) {
      const rows = await outboxTo(digest.sendTo!);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ id: digest.providerMessageId, idempotencyKey: `digest-batch:${sendBatchId}:${index}` });
    }
    expect(await db.dailyRun.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({ emailsSent: 5, emailsFailed: 0 });

    // Crash after the outbox stored the batch, before the digests were marked SENT.
    await db.digest.updateMany({
      where: { dailyRunId: run.id },
      data: { status: "COMPOSED", providerMessageId: null, sentAt: null, updatedAt: new Date(Date.now() - 5 * 60_000) },
    });
    await db.dailyRun.update({ where: { id: run.id }, data: { emailsSent: 0 } });
    const rowsBefore = await db.outboxEmail.count();
    for (const digest of [...digests].reverse()) {
      await digestSendJob.enqueue({ digestId: digest.id }, { deduplicationId: `after-crash:${digest.id}` });
    }
    await drainQueue({ timeoutMs: 60_000 });

    expect(await db.outboxEmail.count()).toBe(rowsBefore);
    const after = await db.digest.findMany({ where: { dailyRunId: run.id }, orderBy: { id: "asc" } });
    expect(after.map((digest) => [digest.status, digest.providerMessageId])).toEqual(digests.map((digest) => ["SENT", digest.providerMessageId]));
    for (const { user } of members) expect(await outboxTo(user.email)).toHaveLength(1);
    expect(await db.dailyRun.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({ emailsSent: 5, emailsFailed: 0 });
  });

  it("forgets a key a day later, as Resend does, so a crash a day old ends 'may have been sent' instead of a second row", async () => {
    const db = await getDb();
    const { sendBatch } = await import("@/lib/mail");
    const message = { to: "forgetful@trackwatch.test", subject: "Keys", html: "<p>keys</p>" };
    const [first] = (await sendBatch([message], { idempotencyKey: "outbox-ttl" })).results;
    const [again] = (await sendBatch([message], { idempotencyKey: "outbox-ttl" })).results;
    expect(again).toEqual(first);
    await db.outboxEmail.updateMany({ where: { idempotencyKey: "outbox-ttl:0" }, data: { createdAt: new Date(Date.now() - 24 * HOUR - 60_000) } });
    const [later] = (await sendBatch([message], { idempotencyKey: "outbox-ttl" })).results;
    expect(later).toMatchObject({ id: expect.any(String) });
    expect(later).not.toEqual(first);
    expect(await outboxTo("forgetful@trackwatch.test")).toHaveLength(2);

    // The daily run never leans on that: a batch stored, then its sender dead for a day, is not stored again.
    const { run, members } = await composedDigests(template, 2, "day-old");
    for (const { digestId } of members) await digestSendJob.enqueue({ digestId }, { deduplicationId: `digest-send:${digestId}` });
    await drainQueue({ timeoutMs: 60_000 });
    const dayAgo = new Date(Date.now() - 25 * HOUR);
    await db.digest.updateMany({ where: { dailyRunId: run.id }, data: { status: "COMPOSED", providerMessageId: null, sentAt: null, updatedAt: dayAgo } });
    await db.outboxEmail.updateMany({ where: { to: { hasSome: members.map((member) => member.user.email) } }, data: { createdAt: dayAgo } });
    const rowsBefore = await db.outboxEmail.count();
    for (const { digestId } of members) await digestSendJob.enqueue({ digestId }, { deduplicationId: `day-old:${digestId}` });
    await drainQueue({ timeoutMs: 60_000 });

    expect(await db.outboxEmail.count()).toBe(rowsBefore);
    for (const { user, digestId } of members) {
      expect(await outboxTo(user.email)).toHaveLength(1);
      expect(await db.digest.findUniqueOrThrow({ where: { id: digestId } })).toMatchObject({ status: "MAYBE_SENT" });
    }
  });

  it("concurrent senders store exactly one row per digest", async () => {
    const db = await getDb();
    const { run, members } = await composedDigests(template, 120, "crowd");
    const direct = members.map((member, index) =>
      digestSendJob.handle({ digestId: member.digestId }, { attempt: 1, messageId: `direct-${index}` }).catch(() => undefined),
    );
    for (const { digestId } of members) await digestSendJob.enqueue({ digestId }, { deduplicationId: `digest-send:${digestId}` });
    await Promise.all(direct);
    await drainQueue({ timeoutMs: 120_000 });

    const digests = await db.digest.findMany({ where: { dailyRunId: run.id } });
    expect(digests.every((digest) => digest.status === "SENT")).toBe(true);
    expect(new Set(digests.map((digest) => digest.sendBatchId)).size).toBeGreaterThanOrEqual(2);
    for (const { user } of members) expect(await outboxTo(user.email)).toHaveLength(1);
    expect(await db.dailyRun.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({ emailsSent: 120, emailsFailed: 0 });
  });
});
