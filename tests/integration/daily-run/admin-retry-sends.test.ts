import { afterAll, describe, expect, it } from "vitest";
import { startResendFake } from "@/tests/fakes/resend";

// "Retry failed sends" on a run's page, through the Resend driver (against the local fake): the
// digests whose send failed for good are sent again, each exactly once, in a new batch; a SENT one is
// never touched; one that may have been sent, retried within the day, goes under its old key, so if the
// provider had in fact accepted it, it is answered from that key and not delivered again; a failed
// check has nothing to send and is not retried.
const fake = await startResendFake({ apiKey: "re_test_admin_retry" });
process.env.RESEND_API_KEY = fake.apiKey;
process.env.RESEND_BASE_URL = fake.url;
process.env.SANDBOX_CLOCK = "manual";
process.env.APP_URL = "https://trackwatch.test";

const { getDb } = await import("@/lib/db");
const { retryFailedSends } = await import("@/lib/daily-run");
const { drainQueue } = await import("@/lib/queue");
const { digestSendJob } = await import("@/lib/jobs/digest-send");
const { createUser } = await import("./support");

afterAll(() => fake.close());

const admin = { id: "admin-retry", email: "admin-retry@example.com", role: "ADMIN" as const };
const sentTo = (email: string) => fake.sent.filter((sent) => sent.to.includes(email));

describe("retry failed sends", async () => {
  const db = await getDb();
  const run = await db.dailyRun.create({ data: { slot: "test-retry", trigger: "test", status: "FINISHED", usersDue: 4, usersChecked: 3 } });

  async function composed(label: string) {
    const user = await createUser({ label });
    const digest = await db.digest.create({
      data: { userId: user.id, day: "2026-11-25", status: "COMPOSED", subject: `Digest for ${label}`, html: `<p>${label}</p>`, text: label, content: {}, recordCount: 1, composedAt: new Date(), dailyRunId: run.id },
    });
    return { user, digestId: digest.id };
  }
  async function send(digestId: string) {
    await digestSendJob.enqueue({ digestId }, { deduplicationId: `test-send:${digestId}` });
    await drainQueue({ timeoutMs: 60_000 });
    return db.digest.findUniqueOrThrow({ where: { id: digestId } });
  }

  // One sent, one refused by the provider (failed for good), one whose check failed.
  const sent = await composed("sent");
  expect(await send(sent.digestId)).toMatchObject({ status: "SENT" });
  const refused = await composed("refused");
  fake.failNext(422, { statusCode: 422, name: "validation_error", message: "The trackwatch.test domain is not verified." });
  expect(await send(refused.digestId)).toMatchObject({ status: "FAILED", sendAttempts: 4 });
  const checkFailed = await createUser({ label: "check-failed" });
  await db.digest.create({ data: { userId: checkFailed.id, day: "2026-11-25", status: "FAILED", sendAttempts: 4, dailyRunId: run.id, error: "Your maps could not be checked this time." } });
  expect(await db.dailyRun.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({ emailsSent: 1, emailsFailed: 1 });

  it("sends the failed one again, once, and leaves the sent one alone", async () => {
    expect(await retryFailedSends(admin, { runId: run.id })).toEqual({ requeued: 1, failedChecks: 1 });
    await drainQueue({ timeoutMs: 60_000 });
    expect(await db.digest.findUniqueOrThrow({ where: { id: refused.digestId } })).toMatchObject({ status: "SENT", error: null });
    expect(sentTo(refused.user.email)).toHaveLength(1);
    expect(sentTo(sent.user.email)).toHaveLength(1);
    expect(await db.dailyRun.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({ emailsSent: 2, emailsFailed: 0 });

    // Nothing failed is left: a second retry re-queues nothing and sends nothing.
    expect(await retryFailedSends(admin, { runId: run.id })).toEqual({ requeued: 0, failedChecks: 1 });
    await drainQueue({ timeoutMs: 30_000 });
    expect(sentTo(refused.user.email)).toHaveLength(1);
    expect(sentTo(sent.user.email)).toHaveLength(1);
    expect(await db.digest.findFirstOrThrow({ where: { userId: checkFailed.id } })).toMatchObject({ status: "FAILED", subject: null });
  });

  it("a send the provider had accepted after all is answered from its key, not delivered again", async () => {
    const accepted = await composed("accepted");
    const first = await send(accepted.digestId);
    expect(first.status).toBe("SENT");
    // What answers lost on the way back through every attempt leave: "may have been sent", though
    // delivered, an hour ago (the email service keeps the key for a day).
    await db.digest.update({
      where: { id: accepted.digestId },
      data: { status: "MAYBE_SENT", sendAttempts: 4, sentAt: null, providerMessageId: null, sendKeyUsedAt: new Date(Date.now() - 3_600_000), error: "May have been sent: the email service did not confirm it after 4 attempts." },
    });
    await db.dailyRun.update({ where: { id: run.id }, data: { emailsSent: { decrement: 1 } } });

    expect(await retryFailedSends(admin, { runId: run.id, digestId: accepted.digestId })).toEqual({ requeued: 1, failedChecks: 0 });
    await drainQueue({ timeoutMs: 60_000 });
    expect(await db.digest.findUniqueOrThrow({ where: { id: accepted.digestId } })).toMatchObject({ status: "SENT", providerMessageId: first.providerMessageId, sendBatchId: first.sendBatchId });
    expect(sentTo(accepted.user.email)).toHaveLength(1);
    expect(await db.dailyRun.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({ emailsSent: 3, emailsFailed: 0 });
  });

  it("a failed check cannot be retried as a send, and says why", async () => {
    const row = await db.digest.findFirstOrThrow({ where: { userId: checkFailed.id } });
    await expect(retryFailedSends(admin, { runId: run.id, digestId: row.id })).rejects.toMatchObject({
      code: "conflict:digest",
      message: expect.stringContaining("nothing was composed"),
    });
    await expect(retryFailedSends(admin, { runId: run.id, digestId: sent.digestId })).rejects.toMatchObject({ code: "conflict:digest" });
    await expect(retryFailedSends(admin, { runId: "no-such-run" })).rejects.toMatchObject({ code: "not_found:daily_run" });
  });

  it("is for admins only, and changes nothing for anyone else", async () => {
    const failing = await composed("failing");
    fake.failNext(422, { statusCode: 422, name: "validation_error", message: "The trackwatch.test domain is not verified." });
    expect(await send(failing.digestId)).toMatchObject({ status: "FAILED", sendAttempts: 4 });
    await expect(retryFailedSends({ ...admin, role: "USER" }, { runId: run.id })).rejects.toMatchObject({ code: "forbidden:admin" });
    await drainQueue({ timeoutMs: 30_000 });
    expect(await db.digest.findUniqueOrThrow({ where: { id: failing.digestId } })).toMatchObject({ status: "FAILED", sendAttempts: 4 });
    expect(sentTo(failing.user.email)).toHaveLength(0);
  });
});
