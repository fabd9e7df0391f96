import { afterAll, describe, expect, it } from "vitest";
import { startResendFake, type FakeRequest } from "@/tests/fakes/resend";

// Sends that respect a change of mind, through the Resend driver against the local fake (whose
// idempotency keys expire after 24 hours, as Resend's do). A retry never emails someone who turned
// email off or was disabled since the batch was claimed; a member that can no longer be sent leaves
// its batch without failing the others; the rest get a new key only when nothing sent under the old
// one can have been accepted; and once the provider may have forgotten a key that may have carried a
// send, the digest is "may have been sent" and nothing sends it again.
const fake = await startResendFake({ apiKey: "re_test_change_of_mind" });
process.env.RESEND_API_KEY = fake.apiKey;
process.env.RESEND_BASE_URL = fake.url;
process.env.SANDBOX_CLOCK = "manual";
process.env.APP_URL = "https://trackwatch.test";

const { getDb } = await import("@/lib/db");
const { getDailyRunForAdmin, retryFailedSends } = await import("@/lib/daily-run");
const { getDigestForUser } = await import("@/lib/digest");
const { drainQueue } = await import("@/lib/queue");
const { digestSendJob } = await import("@/lib/jobs/digest-send");
const { HOUR, createUser } = await import("./support");

afterAll(() => fake.close());

const db = await getDb();
const admin = { id: "admin-change-of-mind", email: "admin-change-of-mind@example.com", role: "ADMIN" as const };
const MINUTE = 60_000;

type Member = { user: Awaited<ReturnType<typeof createUser>>; digestId: string };

/** A run with one COMPOSED digest for each label: what user checks leave before any send. */
async function composedRun(labels: string[]) {
  const run = await db.dailyRun.create({ data: { slot: `test-mind-${labels.join("-")}-${Date.now()}`, trigger: "test", status: "FINISHED", usersDue: labels.length, usersChecked: labels.length } });
  const members: Member[] = [];
  for (const label of labels) {
    const user = await createUser({ label });
    const digest = await db.digest.create({
      data: { userId: user.id, day: "2026-11-25", status: "COMPOSED", subject: `Digest for ${label}`, html: `<p>${label}</p>`, text: label, content: {}, recordCount: 1, composedAt: new Date(), dailyRunId: run.id },
    });
    members.push({ user, digestId: digest.id });
  }
  return { run, members };
}

let deliveries = 0;
/**
 * Each member's own `digest-send` message, delivered (again) one after another, the queue run dry
 * after each. The first claims every sendable digest of the run into one batch; messages racing each
 * other on PostgreSQL could split them between two senders (`SKIP LOCKED`), fine for the users but not
 * for a test that counts the provider's requests.
 */
async function deliver(members: Member[]) {
  for (const { digestId } of members) {
    await digestSendJob.enqueue({ digestId }, { deduplicationId: `mind-${++deliveries}:${digestId}` });
    await drainQueue({ timeoutMs: 60_000 });
  }
}

/** One delivery of the first member's message, run by hand so the test can act before the retry. */
async function firstAttempt(members: Member[]) {
  await digestSendJob.handle({ digestId: members[0]!.digestId }, { attempt: 1, messageId: `mind-first-${++deliveries}` }).catch(() => undefined);
}

/** A sender that died after the provider accepted the batch, before marking it SENT, `ago` ms ago. */
async function crashAfterAccepted(runId: string, ago: number) {
  await db.digest.updateMany({ where: { dailyRunId: runId }, data: { status: "COMPOSED", providerMessageId: null, sentAt: null, updatedAt: new Date(Date.now() - ago) } });
  await db.dailyRun.update({ where: { id: runId }, data: { emailsSent: 0 } });
}

const digest = (id: string) => db.digest.findUniqueOrThrow({ where: { id } });
const emailsTo = (member: Member) => fake.sent.filter((email) => email.to.includes(member.user.email));
const batchRequestsSince = (from: number): FakeRequest[] => fake.requests.slice(from).filter((request) => request.path === "/emails/batch");
const keyOf = (request: FakeRequest) => request.headers["idempotency-key"];

describe("a retry after the user changed their mind", () => {
  it("does not email a user who turned email off after a refused attempt; the rest of the batch is sent", async () => {
    const { run, members } = await composedRun(["off-a", "off-b", "off-c"]);
    const [a, b, c] = members as [Member, Member, Member];
    const from = fake.requests.length;
    fake.failNext(429);
    await firstAttempt(members);
    expect(await digest(a.digestId)).toMatchObject({ status: "FAILED", sendAttempts: 1 });

    await db.user.update({ where: { id: a.user.id }, data: { emailNotifications: false } });
    await deliver(members);

    expect(emailsTo(a)).toHaveLength(0);
    expect(await digest(a.digestId)).toMatchObject({ status: "NOT_EMAILED", sentAt: null });
    for (const member of [b, c]) {
      expect(emailsTo(member)).toHaveLength(1);
      expect(await digest(member.digestId)).toMatchObject({ status: "SENT", error: null });
    }
    const requests = batchRequestsSince(from);
    expect(requests.map((request) => request.status)).toEqual([429, 200]);
    expect((requests[1]!.body as unknown[]).length).toBe(2);
    expect(await db.dailyRun.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({ emailsSent: 2, emailsFailed: 0 });
  });

  it("does not email a user disabled after the batch was claimed, when its sender died before the request went out", async () => {
    const { members } = await composedRun(["disabled-a", "disabled-b"]);
    const [a, b] = members as [Member, Member];
    // What a sender that claimed the batch and died before its request reached the provider leaves.
    const sendBatchId = `crashed-${Date.now()}`;
    for (const member of members) {
      await db.digest.update({ where: { id: member.digestId }, data: { sendBatchId, sendTo: member.user.email, sendAttempts: 1, updatedAt: new Date(Date.now() - 5 * MINUTE) } });
    }
    await db.user.update({ where: { id: a.user.id }, data: { disabledAt: new Date() } });
    const from = fake.requests.length;
    await deliver(members);

    expect(emailsTo(a)).toHaveLength(0);
    expect(await digest(a.digestId)).toMatchObject({ status: "NOT_EMAILED" });
    expect(emailsTo(b)).toHaveLength(1);
    expect(await digest(b.digestId)).toMatchObject({ status: "SENT", sendBatchId });
    // The old key, which the provider never saw: it accepted the smaller batch under it.
    expect(batchRequestsSince(from).map((request) => [request.status, keyOf(request)])).toEqual([[200, `digest-batch:${sendBatchId}:0`]]);
  });

  it("keeps asking when the answer that would tell is only a passing failure, and never emails her", async () => {
    const { members } = await composedRun(["ask-again-a", "ask-again-b"]);
    const [a, b] = members as [Member, Member];
    const sendBatchId = `crashed-${Date.now()}`;
    for (const member of members) {
      await db.digest.update({ where: { id: member.digestId }, data: { sendBatchId, sendTo: member.user.email, sendAttempts: 1, updatedAt: new Date(Date.now() - 5 * MINUTE) } });
    }
    await db.user.update({ where: { id: a.user.id }, data: { emailNotifications: false } });
    const from = fake.requests.length;
    fake.failNext(429);
    await deliver(members);

    expect(batchRequestsSince(from).map((request) => request.status)).toEqual([429, 200]);
    expect(emailsTo(a)).toHaveLength(0);
    expect(await digest(a.digestId)).toMatchObject({ status: "NOT_EMAILED" });
    expect(emailsTo(b)).toHaveLength(1);
    expect(await digest(b.digestId)).toMatchObject({ status: "SENT" });
  });

  it("sends nothing again when the batch had been accepted before the user turned email off, and records it as sent", async () => {
    const { run, members } = await composedRun(["late-off-a", "late-off-b"]);
    const [a, b] = members as [Member, Member];
    await deliver(members);
    const first = await Promise.all(members.map((member) => digest(member.digestId)));
    await crashAfterAccepted(run.id, 5 * MINUTE);
    await db.user.update({ where: { id: a.user.id }, data: { emailNotifications: false } });
    const from = fake.requests.length;
    await deliver(members);

    // The batch without her was refused under the key (the provider holds a bigger one): so the
    // first send went out, and asking for it as it was answers its ids without sending anything.
    expect(batchRequestsSince(from).map((request) => request.status)).toEqual([409, 200]);
    for (const [index, member] of members.entries()) {
      expect(emailsTo(member)).toHaveLength(1);
      expect(await digest(member.digestId)).toMatchObject({ status: "SENT", providerMessageId: first[index]!.providerMessageId });
    }
    expect(await db.dailyRun.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({ emailsSent: 2, emailsFailed: 0 });
  });
});

describe("a member whose account is deleted between attempts", () => {
  it("leaves the batch after a refused attempt; the others are sent under the same key", async () => {
    const { run, members } = await composedRun(["gone-a", "gone-b", "gone-c"]);
    const [a, b, c] = members as [Member, Member, Member];
    const from = fake.requests.length;
    fake.failNext(429);
    await firstAttempt(members);
    await db.user.delete({ where: { id: b.user.id } });
    await deliver([a, c]);

    for (const member of [a, c]) {
      expect(emailsTo(member)).toHaveLength(1);
      expect(await digest(member.digestId)).toMatchObject({ status: "SENT" });
    }
    expect(emailsTo(b)).toHaveLength(0);
    expect(batchRequestsSince(from).map((request) => request.status)).toEqual([429, 200]);
    expect(await db.dailyRun.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({ emailsSent: 2, emailsFailed: 0 });
  });

  it("after a definite refusal, a provider that refuses the old key for the smaller batch gets the rest under a new key", async () => {
    const { run, members } = await composedRun(["rekey-a", "rekey-b", "rekey-c"]);
    const [a, b, c] = members as [Member, Member, Member];
    const from = fake.requests.length;
    fake.failNext(429);
    await firstAttempt(members);
    const oldBatch = (await digest(a.digestId)).sendBatchId;
    await db.user.delete({ where: { id: b.user.id } });
    // A provider that remembers the refused request under its key and will not take another payload.
    fake.failNext(409, { statusCode: 409, name: "invalid_idempotent_request", message: "Same idempotency key used with a different request payload." });
    await deliver([a, c]);

    const requests = batchRequestsSince(from);
    expect(requests.map((request) => request.status)).toEqual([429, 409, 200]);
    expect(keyOf(requests[1]!)).toBe(`digest-batch:${oldBatch}:0`);
    expect(keyOf(requests[2]!)).not.toBe(keyOf(requests[1]!));
    for (const member of [a, c]) {
      expect(emailsTo(member)).toHaveLength(1);
      const row = await digest(member.digestId);
      expect(row).toMatchObject({ status: "SENT", error: null });
      expect(keyOf(requests[2]!)).toBe(`digest-batch:${row.sendBatchId}:0`);
    }
    expect(await db.dailyRun.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({ emailsSent: 2, emailsFailed: 0 });
  });

  it("after a crash once the provider had accepted the batch, the others are not sent twice nor failed: they may have been sent", async () => {
    const { run, members } = await composedRun(["crash-gone-a", "crash-gone-b", "crash-gone-c"]);
    const [a, b, c] = members as [Member, Member, Member];
    await deliver(members);
    await crashAfterAccepted(run.id, 5 * MINUTE);
    await db.user.delete({ where: { id: b.user.id } });
    const from = fake.requests.length;
    await deliver([a, c]);

    expect(batchRequestsSince(from).map((request) => request.status)).toEqual([409]);
    for (const member of [a, c]) {
      expect(emailsTo(member)).toHaveLength(1);
      expect(await digest(member.digestId)).toMatchObject({ status: "MAYBE_SENT", sentAt: null });
    }
    expect(await db.dailyRun.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({ emailsSent: 0, emailsFailed: 0 });
    // Not retried by itself: later deliveries send nothing.
    await deliver([a, c]);
    expect(batchRequestsSince(from)).toHaveLength(1);
  });
});

describe("a crash after the provider accepted a batch", () => {
  it("within the provider's 24 hours, the retry goes under the same key and sends nothing twice", async () => {
    const { run, members } = await composedRun(["within-a", "within-b"]);
    await deliver(members);
    const first = await Promise.all(members.map((member) => digest(member.digestId)));
    await crashAfterAccepted(run.id, 2 * HOUR);
    fake.advance(2 * HOUR);
    const from = fake.requests.length;
    await deliver(members);

    const [retry, ...others] = batchRequestsSince(from);
    expect(others).toHaveLength(0);
    expect(retry).toMatchObject({ status: 200 });
    expect(keyOf(retry!)).toBe(`digest-batch:${first[0]!.sendBatchId}:0`);
    for (const [index, member] of members.entries()) {
      expect(emailsTo(member)).toHaveLength(1);
      expect(await digest(member.digestId)).toMatchObject({ status: "SENT", providerMessageId: first[index]!.providerMessageId });
    }
    expect(await db.dailyRun.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({ emailsSent: 2, emailsFailed: 0 });
  });

  it("past the 24 hours, the digest is marked 'may have been sent', never sent again by itself or by the admin, and shown so", async () => {
    const { run, members } = await composedRun(["past-a", "past-b"]);
    const [a] = members as [Member, Member];
    await deliver(members);
    await crashAfterAccepted(run.id, 25 * HOUR);
    fake.advance(25 * HOUR);
    const from = fake.requests.length;
    await deliver(members);

    expect(batchRequestsSince(from)).toHaveLength(0);
    for (const member of members) {
      expect(emailsTo(member)).toHaveLength(1);
      expect(await digest(member.digestId)).toMatchObject({ status: "MAYBE_SENT", sentAt: null, error: expect.stringMatching(/^May have been sent: /) });
    }
    // Not by itself, not by "Retry failed sends", for the run or for this digest.
    await deliver(members);
    expect(await retryFailedSends(admin, { runId: run.id })).toEqual({ requeued: 0, failedChecks: 0 });
    await expect(retryFailedSends(admin, { runId: run.id, digestId: a.digestId })).rejects.toMatchObject({
      code: "conflict:digest",
      message: expect.stringContaining("may have been sent"),
    });
    await drainQueue({ timeoutMs: 30_000 });
    expect(batchRequestsSince(from)).toHaveLength(0);

    const page = await getDailyRunForAdmin(admin, run.id);
    expect(page.users.find((row) => row.digestId === a.digestId)).toMatchObject({ status: "MAYBE_SENT", state: "may have been sent", retryable: false, reason: expect.stringMatching(/^May have been sent: /) });
    expect(page.retryableSends).toBe(0);
    expect(page.progress.label).toContain("2 may have been sent");
    expect((await getDailyRunForAdmin(admin, run.id, { failedOnly: true })).users).toHaveLength(2);
    // The owner's history says so too.
    expect((await getDigestForUser(a.user, a.digestId)).error).toMatch(/^May have been sent: /);
  });

  it("an answer that never came, on every attempt, ends 'may have been sent'; the admin's retry within the day sends it once under the same key", async () => {
    const { run, members } = await composedRun(["unanswered"]);
    const [only] = members as [Member];
    const from = fake.requests.length;
    for (let i = 0; i < 4; i++) fake.failNext(500);
    await deliver(members);

    expect(batchRequestsSince(from).map((request) => request.status)).toEqual([500, 500, 500, 500]);
    const row = await digest(only.digestId);
    expect(row).toMatchObject({ status: "MAYBE_SENT", sendAttempts: 4 });
    expect(await db.dailyRun.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({ emailsSent: 0, emailsFailed: 0 });
    const page = await getDailyRunForAdmin(admin, run.id);
    expect(page.users[0]).toMatchObject({ state: "may have been sent", retryable: true });
    expect(page.retryableSends).toBe(1);

    expect(await retryFailedSends(admin, { runId: run.id })).toEqual({ requeued: 1, failedChecks: 0 });
    await drainQueue({ timeoutMs: 60_000 });
    const requests = batchRequestsSince(from);
    expect(requests.map((request) => request.status)).toEqual([500, 500, 500, 500, 200]);
    expect(new Set(requests.map(keyOf))).toEqual(new Set([`digest-batch:${row.sendBatchId}:0`]));
    expect(emailsTo(only)).toHaveLength(1);
    expect(await digest(only.digestId)).toMatchObject({ status: "SENT", error: null });
    expect(await db.dailyRun.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({ emailsSent: 1, emailsFailed: 0 });
  });
});

describe("the admin's retry of an old refused send", () => {
  it("sends what is left under a new key, days later, to whoever still wants it", async () => {
    const { run, members } = await composedRun(["old-a", "old-b", "old-c"]);
    const [a, b, c] = members as [Member, Member, Member];
    const from = fake.requests.length;
    fake.failNext(422, { statusCode: 422, name: "validation_error", message: "The trackwatch.test domain is not verified." });
    await deliver(members);
    const refused = await digest(a.digestId);
    expect(refused).toMatchObject({ status: "FAILED", sendAttempts: 4 });
    expect(await db.dailyRun.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({ emailsFailed: 3 });

    // Three days on: one account is gone, one turned email off.
    fake.advance(3 * 24 * HOUR);
    await db.user.delete({ where: { id: b.user.id } });
    await db.user.update({ where: { id: c.user.id }, data: { emailNotifications: false } });
    expect(await retryFailedSends(admin, { runId: run.id })).toEqual({ requeued: 2, failedChecks: 0 });
    await drainQueue({ timeoutMs: 60_000 });

    const requests = batchRequestsSince(from);
    expect(requests.map((request) => request.status)).toEqual([422, 200]);
    expect(keyOf(requests[1]!)).not.toBe(keyOf(requests[0]!));
    expect((requests[1]!.body as unknown[]).length).toBe(1);
    expect(emailsTo(a)).toHaveLength(1);
    const sent = await digest(a.digestId);
    expect(sent).toMatchObject({ status: "SENT", error: null });
    expect(keyOf(requests[1]!)).toBe(`digest-batch:${sent.sendBatchId}:0`);
    expect(emailsTo(c)).toHaveLength(0);
    expect(await digest(c.digestId)).toMatchObject({ status: "NOT_EMAILED" });
    // The deleted account's failed send stays counted: its digest went with it.
    expect(await db.dailyRun.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({ emailsSent: 1, emailsFailed: 1 });
  });
});
