import { describe, expect, it } from "vitest";

// A daily run's admin page: its progress line and its per-user breakdown, one row per digest the run
// wrote, with the digest's state in words and why it failed; "failed only"; 50 rows a page.
process.env.SANDBOX_CLOCK = "manual";

const { getDb } = await import("@/lib/db");
const { getDailyRunForAdmin, getDailyRunProgress } = await import("@/lib/daily-run");
const { createUser } = await import("./support");

const admin = { id: "admin-run-page", email: "admin-run-page@example.com", role: "ADMIN" as const };
const email = { subject: "3 new records", html: "<p>3 new records</p>", text: "3 new records" };

describe("a daily run's page", async () => {
  const db = await getDb();
  const run = await db.dailyRun.create({
    data: { slot: "2026-11-25T07Z", trigger: "schedule", status: "FINISHED", usersDue: 8, usersChecked: 7, emailsSent: 1, emailsFailed: 1, recordsFound: 3 },
  });
  const sentAt = new Date("2026-11-25T07:03:00Z");
  const rows = [
    { label: "a-sent", status: "SENT", ...email, recordCount: 3, sendAttempts: 1, sentAt },
    { label: "b-empty", status: "EMPTY" },
    { label: "c-off", status: "NOT_EMAILED", ...email, recordCount: 2 },
    { label: "d-check", status: "FAILED", sendAttempts: 4, error: "Your maps could not be checked this time (Trackmania's services kept failing)." },
    { label: "e-send", status: "FAILED", ...email, recordCount: 1, sendAttempts: 4, error: "Could not be sent: The email service refused the email (validation_error)." },
    { label: "f-retrying", status: "FAILED", ...email, recordCount: 1, sendAttempts: 2, error: "Attempt 2 of 4 failed (the email service was unavailable); trying again shortly." },
    { label: "g-composed", status: "COMPOSED", ...email, recordCount: 1 },
    { label: "h-pending", status: "PENDING" },
  ] as const;
  const users: Record<string, { id: string; email: string }> = {};
  for (const { label, ...digest } of rows) {
    const user = await createUser({ label });
    users[label] = user;
    await db.digest.create({ data: { userId: user.id, day: "2026-11-25", dailyRunId: run.id, ...digest } });
  }

  it("lists each user with the digest's state in words, what was found, attempts and why it failed", async () => {
    const page = await getDailyRunForAdmin(admin, run.id);
    expect(page.total).toBe(8);
    expect(page.pageCount).toBe(1);
    const byLabel = (label: string) => page.users.find((row) => row.userId === users[label]!.id)!;
    expect(byLabel("a-sent")).toMatchObject({ email: users["a-sent"]!.email, state: "sent", recordCount: 3, sendAttempts: 1, sentAt, reason: null, retryable: false });
    expect(byLabel("b-empty")).toMatchObject({ state: "nothing new", reason: null });
    expect(byLabel("c-off")).toMatchObject({ state: "not emailed (notifications off)", recordCount: 2 });
    expect(byLabel("d-check")).toMatchObject({ state: "check failed", reason: expect.stringContaining("could not be checked"), retryable: false });
    expect(byLabel("e-send")).toMatchObject({ state: "send failed", reason: expect.stringContaining("refused"), retryable: true, sendAttempts: 4 });
    expect(byLabel("f-retrying")).toMatchObject({ state: "send failed, retrying", retryable: false });
    expect(byLabel("g-composed")).toMatchObject({ state: "sending" });
    expect(byLabel("h-pending")).toMatchObject({ state: "still pending" });
    expect(page).toMatchObject({ retryableSends: 1, failedChecks: 1 });
    // Sorted by email, so a page is stable.
    expect(page.users.map((row) => row.email)).toEqual([...page.users.map((row) => row.email)].sort());
  });

  it("says where the run stands in one line", async () => {
    const progress = await getDailyRunProgress(admin, run.id);
    // 7 checked plus the one check that gave up; the failed check and the failed send.
    expect(progress).toMatchObject({ usersDue: 8, usersChecked: 8, emailsSent: 1, failed: 2, sendsPending: 2, percent: 100, settled: false });
    expect(progress.label).toBe("checked 8 / 8 users, 1 digest sent, 2 failed, 2 still sending");
  });

  it("filters to the failed ones", async () => {
    const page = await getDailyRunForAdmin(admin, run.id, { failedOnly: true });
    expect(page.total).toBe(3);
    expect(page.users.map((row) => row.state).sort()).toEqual(["check failed", "send failed", "send failed, retrying"]);
  });

  it("pages by 50", async () => {
    const big = await db.dailyRun.create({ data: { slot: "2026-11-25T08Z", trigger: "schedule", status: "FINISHED", usersDue: 53, usersChecked: 53 } });
    for (let i = 0; i < 53; i++) {
      const user = await createUser({ label: `p${String(i).padStart(2, "0")}` });
      await db.digest.create({ data: { userId: user.id, day: "2026-11-25", dailyRunId: big.id, status: "EMPTY" } });
    }
    const first = await getDailyRunForAdmin(admin, big.id);
    expect(first).toMatchObject({ total: 53, page: 1, pageCount: 2 });
    expect(first.users).toHaveLength(50);
    const second = await getDailyRunForAdmin(admin, big.id, { page: 2 });
    expect(second.users).toHaveLength(3);
    expect(new Set([...first.users, ...second.users].map((row) => row.userId)).size).toBe(53);
    // A page past the end shows the last one.
    expect((await getDailyRunForAdmin(admin, big.id, { page: 9 })).page).toBe(2);
  });

  it("an unknown run is not found; non-admins are refused", async () => {
    await expect(getDailyRunForAdmin(admin, "no-such-run")).rejects.toMatchObject({ code: "not_found:daily_run" });
    await expect(getDailyRunProgress(admin, "no-such-run")).rejects.toMatchObject({ code: "not_found:daily_run" });
    await expect(getDailyRunForAdmin({ ...admin, role: "USER" }, run.id)).rejects.toMatchObject({ code: "forbidden:admin" });
    await expect(getDailyRunProgress({ ...admin, role: "USER" }, run.id)).rejects.toMatchObject({ code: "forbidden:admin" });
  });
});
