import { afterAll, describe, expect, it } from "vitest";
import { startResendFake } from "@/tests/fakes/resend";

// Failure alerts: every enabled admin gets one email when a daily run fails, or when the share of its
// sends that failed reaches AppConfig.failureAlertPercent — at most one per run, however many times
// the finishing and failing paths run. Sent through the Resend driver, against the local fake.
const fake = await startResendFake({ apiKey: "re_test_failure_alert" });
process.env.RESEND_API_KEY = fake.apiKey;
process.env.RESEND_BASE_URL = fake.url;
process.env.SANDBOX_CLOCK = "manual";
process.env.APP_URL = "https://trackwatch.test";

const { getDb } = await import("@/lib/db");
const { alertAdminsIfDailyRunFailed } = await import("@/lib/daily-run");
const { finishDailyRunIfComplete, recordUserCheckFailure } = await import("@/lib/daily-run/run-stats");
const { drainQueue } = await import("@/lib/queue");
const { digestSendJob } = await import("@/lib/jobs/digest-send");
const { createUser } = await import("./support");

afterAll(() => fake.close());

const alerts = (runId: string) => fake.sent.filter((email) => email.idempotencyKey === `daily-run-failure:${runId}`);

describe("failure alerts to admins", async () => {
  const db = await getDb();
  const makeAdmin = async (label: string, data: { emailVerifiedAt?: Date | null; disabledAt?: Date | null } = {}) =>
    db.user.update({ where: { id: (await createUser({ label })).id }, data: { role: "ADMIN", ...data } });
  const confirmed = await makeAdmin("admin-confirmed");
  const unconfirmed = await makeAdmin("admin-unconfirmed", { emailVerifiedAt: null });
  const disabled = await makeAdmin("admin-disabled", { disabledAt: new Date() });
  const user = await createUser({ label: "not-an-admin" });

  it("a failed run emails every enabled admin once, with its slot, counts, first errors and a link to its page", async () => {
    const run = await db.dailyRun.create({ data: { slot: "2026-11-25T07Z", trigger: "schedule", usersDue: 3, usersChecked: 1 } });
    await recordUserCheckFailure({ dailyRunId: run.id, userId: "user-one", day: "2026-11-25", reason: "check failed after 4 attempt(s): Nadeo answered 503" });
    // The finishing and failing paths again: still one email.
    await recordUserCheckFailure({ dailyRunId: run.id, userId: "user-two", day: "2026-11-25", reason: "check failed after 4 attempt(s): Nadeo answered 503" });
    await finishDailyRunIfComplete(run.id);
    expect(await alertAdminsIfDailyRunFailed(run.id)).toBe("not-needed");

    const sent = alerts(run.id);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.to.sort()).toEqual([confirmed.email, unconfirmed.email].sort());
    expect(sent[0]!.to).not.toContain(disabled.email);
    expect(sent[0]!.to).not.toContain(user.email);
    expect(sent[0]!.subject).toBe("Trackwatch daily run 2026-11-25T07Z needs a look");
    expect(sent[0]!.text).toContain("The run is marked failed.");
    expect(sent[0]!.text).toContain("User user-one: check failed after 4 attempt(s): Nadeo answered 503");
    expect(sent[0]!.text).toContain(`https://trackwatch.test/admin/daily-runs/${run.id}`);
    expect(sent[0]!.text).toMatch(/Users due: 3/);
    expect((await db.dailyRun.findUniqueOrThrow({ where: { id: run.id } })).failureAlertSentAt).not.toBeNull();
  });

  it("a run that finished without failures sends nothing", async () => {
    const run = await db.dailyRun.create({ data: { slot: "2026-11-25T08Z", trigger: "schedule", usersDue: 2, usersChecked: 2 } });
    await finishDailyRunIfComplete(run.id);
    expect(await db.dailyRun.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({ status: "FINISHED", failureAlertSentAt: null });
    expect(alerts(run.id)).toHaveLength(0);
  });

  it("failed sends below the threshold send nothing; reaching it sends one email, even after the run finished", async () => {
    await db.appConfig.upsert({ where: { id: 1 }, create: { id: 1, failureAlertPercent: 30 }, update: { failureAlertPercent: 30 } });
    const run = await db.dailyRun.create({ data: { slot: "2026-11-25T09Z", trigger: "schedule", status: "FINISHED", usersDue: 6, usersChecked: 6, finishedAt: new Date() } });
    async function sendOne(label: string, fail: boolean) {
      const reader = await createUser({ label });
      const digest = await db.digest.create({
        data: { userId: reader.id, day: "2026-11-25", status: "COMPOSED", subject: `Digest for ${label}`, html: `<p>${label}</p>`, text: label, content: {}, recordCount: 1, composedAt: new Date(), dailyRunId: run.id },
      });
      if (fail) fake.failNext(422, { statusCode: 422, name: "validation_error", message: "The trackwatch.test domain is not verified." });
      await digestSendJob.enqueue({ digestId: digest.id }, { deduplicationId: `test-send:${digest.id}` });
      await drainQueue({ timeoutMs: 60_000 });
    }
    for (const label of ["ok1", "ok2", "ok3"]) await sendOne(label, false);
    await sendOne("bad1", true);
    // 1 of 4 sends failed: 25%, under 30%.
    expect(await db.dailyRun.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({ emailsSent: 3, emailsFailed: 1, failureAlertSentAt: null });
    expect(alerts(run.id)).toHaveLength(0);

    await sendOne("bad2", true);
    // 2 of 5: 40%.
    const sent = alerts(run.id);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.text).toContain("2 of its 5 (40%; the alert is set at 30%) digest sends failed.");
    expect(sent[0]!.text).toContain("The email service refused the email");

    await sendOne("bad3", true);
    expect(alerts(run.id)).toHaveLength(1);
  });
});
