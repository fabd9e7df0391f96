import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startResendFake } from "@/tests/fakes/resend";

// Sending through the Resend driver (against the local fake) when the provider fails: a passing
// outage is retried as the same batch under the same idempotency key and sends one email; a refusal or an outage that
// outlasts the retries leaves the digest FAILED with a reason the user can read in history.
const fake = await startResendFake({ apiKey: "re_test_daily_run" });
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
const { DAY, HOUR, advanceTo, createUser, digestsOf, sandbox } = await import("./support");

afterAll(() => fake.close());

type User = Awaited<ReturnType<typeof createUser>>;
const sentTo = (user: User) => fake.sent.filter((email) => email.to.includes(user.email));

describe("digest sending failures", () => {
  const t0 = sandbox().now();
  let user: User;

  beforeAll(async () => {
    user = await createUser({ label: "reader" });
    await createMapperAlert(user, { mapper: "name", displayName: "SmallMapperSam" });
  });

  it("a rate limit is retried under the same idempotency key: one email, digest SENT", async () => {
    advanceTo(new Date(t0.getTime() + DAY + 7 * HOUR));
    fake.failNext(429);
    const { run } = await startDailyRun({ trigger: "schedule" });
    await drainQueue({ timeoutMs: 60_000 });

    const [digest] = await digestsOf(user.id);
    expect(digest).toMatchObject({ status: "SENT", sendAttempts: 2, error: null });
    expect(sentTo(user)).toHaveLength(1);
    const attempts = fake.requests.filter((request) => request.path === "/emails/batch");
    expect(attempts.map((request) => request.status)).toEqual([429, 200]);
    // The retry is the same batch under the same key (chunk 0 of it).
    expect(digest!.sendBatchId).not.toBeNull();
    expect(new Set(attempts.map((request) => request.headers["idempotency-key"]))).toEqual(new Set([`digest-batch:${digest!.sendBatchId}:0`]));
    expect(sentTo(user)[0]!.headers).toMatchObject({ "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" });
    expect(await (await getDb()).dailyRun.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({ emailsSent: 1, emailsFailed: 0 });
  });

  it("a refusal is not retried: FAILED, with the reason in the owner's history", async () => {
    advanceTo(new Date(t0.getTime() + 2 * DAY + 7 * HOUR));
    fake.reset();
    fake.failNext(422, { statusCode: 422, name: "validation_error", message: "The trackwatch.test domain is not verified." });
    const { run } = await startDailyRun({ trigger: "schedule" });
    await drainQueue({ timeoutMs: 60_000 });

    const digest = (await digestsOf(user.id))[1]!;
    expect(digest).toMatchObject({ status: "FAILED", sendAttempts: 4 });
    expect(fake.requests.filter((request) => request.path === "/emails/batch")).toHaveLength(1);
    const seen = await getDigestForUser(user, digest.id);
    expect(seen.error).toBe("Could not be sent: The email service refused the email (validation_error).");
    expect(seen.html).toContain("SmallMapperSam");
    expect(await (await getDb()).dailyRun.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({ emailsSent: 0, emailsFailed: 1 });

    // Nobody else can open it, admins included.
    const stranger = { ...(await createUser()), role: "ADMIN" as const };
    await expect(getDigestForUser(stranger, digest.id)).rejects.toMatchObject({ code: "not_found:digest" });
  });

  it("an outage that outlasts every attempt ends FAILED once, and later deliveries send nothing", async () => {
    advanceTo(new Date(t0.getTime() + 3 * DAY + 7 * HOUR));
    fake.reset();
    for (let i = 0; i < 4; i++) fake.failNext(503);
    const { run } = await startDailyRun({ trigger: "schedule" });
    await drainQueue({ timeoutMs: 120_000 });

    const digest = (await digestsOf(user.id))[2]!;
    expect(digest.status).toBe("FAILED");
    expect(digest.error).toBe("Could not be sent after 4 attempts: the email service was unavailable (internal_server_error).");
    expect(fake.requests.filter((request) => request.path === "/emails/batch")).toHaveLength(4);
    expect(await (await getDb()).dailyRun.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({ emailsSent: 0, emailsFailed: 1 });

    const { digestSendJob } = await import("@/lib/jobs/digest-send");
    await digestSendJob.enqueue({ digestId: digest.id }, { deduplicationId: `late:${digest.id}` });
    await drainQueue({ timeoutMs: 30_000 });
    expect(fake.requests.filter((request) => request.path === "/emails/batch")).toHaveLength(4);
    expect(sentTo(user)).toHaveLength(0);
  });
});
