import { describe, expect, it } from "vitest";

// "Run for one user": the admin checks one account now, whatever its digest hour. Only that user is
// checked; their Digest for the day stays the unit of idempotency, so a digest already sent is not
// sent again (the admin is told why), and one whose check failed is checked again in place.
process.env.SANDBOX_CLOCK = "manual";
process.env.SANDBOX_REQUESTS_PER_SECOND = "1000";
process.env.APP_URL = "https://trackwatch.test";

const { getDb } = await import("@/lib/db");
const { createMapperAlert } = await import("@/lib/alerts");
const { runDailyCheckNow } = await import("@/lib/daily-run");
const { drainQueue } = await import("@/lib/queue");
const { DAY, HOUR, advanceTo, createUser, digestsOf, outboxTo, sandbox } = await import("./support");

const admin = { id: "admin-one-user", email: "admin-one-user@example.com", role: "ADMIN" as const };

describe("run the daily check for one user", async () => {
  const t0 = sandbox().now();
  // Digest hours far from now: only the admin's run checks them.
  const reader = await createUser({ label: "reader", digestHour: (t0.getUTCHours() + 12) % 24 });
  const other = await createUser({ label: "other", digestHour: (t0.getUTCHours() + 12) % 24 });
  for (const user of [reader, other]) await createMapperAlert(user, { mapper: "name", displayName: "SmallMapperSam" });
  advanceTo(new Date(t0.getTime() + DAY + HOUR));

  it("checks only that user, writes their digest in a run of its own and sends it", async () => {
    const { run, queued } = await runDailyCheckNow(admin, { userId: reader.id });
    expect(queued).toBe(1);
    expect(run).toMatchObject({ trigger: "admin", usersDue: 1 });
    expect(run.slot).toMatch(new RegExp(`^manual-.*\\+${reader.id}$`));
    await drainQueue({ timeoutMs: 60_000 });

    const [digest] = await digestsOf(reader.id);
    expect(digest).toMatchObject({ status: "SENT", dailyRunId: run.id });
    expect(await outboxTo(reader.email)).toHaveLength(1);
    expect(await digestsOf(other.id)).toHaveLength(0);
    expect(await (await getDb()).dailyRun.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({ status: "FINISHED", usersChecked: 1, emailsSent: 1 });
  });

  it("a user whose digest was already sent today is told so, not emailed again", async () => {
    const runsBefore = await (await getDb()).dailyRun.count();
    await expect(runDailyCheckNow(admin, { userId: reader.id })).rejects.toMatchObject({
      code: "conflict:digest",
      message: expect.stringMatching(/already has a digest for \d{4}-\d{2}-\d{2}: it was sent at .* not checked or sent again/),
    });
    await expect(runDailyCheckNow(admin, { email: reader.email })).rejects.toMatchObject({ code: "conflict:digest" });
    await drainQueue({ timeoutMs: 30_000 });
    expect(await outboxTo(reader.email)).toHaveLength(1);
    expect(await digestsOf(reader.id)).toHaveLength(1);
    expect(await (await getDb()).dailyRun.count()).toBe(runsBefore);
  });

  it("finds the user by email, case aside; an unknown email or id is a clear error", async () => {
    const { queued } = await runDailyCheckNow(admin, { email: `  ${other.email.toUpperCase()} ` });
    expect(queued).toBe(1);
    await drainQueue({ timeoutMs: 60_000 });
    expect((await digestsOf(other.id))[0]).toMatchObject({ status: "SENT" });

    await expect(runDailyCheckNow(admin, { email: "nobody-here@example.com" })).rejects.toMatchObject({ code: "not_found:email", message: "No account uses this email address." });
    await expect(runDailyCheckNow(admin, { userId: "no-such-user" })).rejects.toMatchObject({ code: "not_found:user" });
    await expect(runDailyCheckNow(admin, { email: "not an email" })).rejects.toMatchObject({ name: "ZodError" });
  });

  it("a user who is not checked (nothing watched, unconfirmed) is told why", async () => {
    const idle = await createUser({ label: "idle" });
    await expect(runDailyCheckNow(admin, { userId: idle.id })).rejects.toMatchObject({ code: "conflict:user", message: expect.stringContaining("they watch nothing") });
    const unconfirmed = await createUser({ label: "unconfirmed", verified: false });
    await createMapperAlert({ ...unconfirmed }, { mapper: "name", displayName: "SmallMapperSam" }).catch(() => undefined);
    await expect(runDailyCheckNow(admin, { userId: unconfirmed.id })).rejects.toMatchObject({ code: "conflict:user" });
  });

  it("a digest whose check failed is checked again, in the same row", async () => {
    const db = await getDb();
    const failed = await createUser({ label: "failed", digestHour: (t0.getUTCHours() + 12) % 24 });
    await createMapperAlert(failed, { mapper: "name", displayName: "SmallMapperSam" });
    // A day on, so Sam's maps have new records for them.
    advanceTo(new Date(sandbox().now().getTime() + DAY));
    // What recordUserCheckFailure leaves when a check gives up.
    const day = sandbox().now().toISOString().slice(0, 10);
    const row = await db.digest.create({ data: { userId: failed.id, day, status: "FAILED", sendAttempts: 4, error: "Your maps could not be checked this time." } });
    const { run } = await runDailyCheckNow(admin, { userId: failed.id });
    await drainQueue({ timeoutMs: 60_000 });
    const digests = await digestsOf(failed.id);
    expect(digests).toHaveLength(1);
    expect(digests[0]).toMatchObject({ id: row.id, status: "SENT", dailyRunId: run.id, error: null });
    expect(await outboxTo(failed.email)).toHaveLength(1);
  });

  it("is for admins only", async () => {
    const runsBefore = await (await getDb()).dailyRun.count();
    await expect(runDailyCheckNow({ ...admin, role: "USER" }, { userId: other.id })).rejects.toMatchObject({ code: "forbidden:admin" });
    expect(await (await getDb()).dailyRun.count()).toBe(runsBefore);
  });
});
