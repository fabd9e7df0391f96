import { describe, expect, it } from "vitest";

// The admin's Daily runs page: the hourly triggers that found nobody due are counted, not listed, so
// the runs that checked someone (or failed, or were started by a person) stay in view.
process.env.SANDBOX_CLOCK = "manual";

const { getDb } = await import("@/lib/db");
const { getDailyTriggerHeartbeat, listDailyRuns, startDailyRun } = await import("@/lib/daily-run");
const { drainQueue } = await import("@/lib/queue");
const { HOUR } = await import("./support");

const admin = { id: "admin-of-the-run-list", email: "admin@example.com", role: "ADMIN" as const };
const start = Date.UTC(2026, 10, 25, 0);

describe("the daily run list", () => {
  it("shows runs that did something, and counts the idle hourly triggers of the last day", async () => {
    const db = await getDb();
    // Nobody has an alert: every scheduled hour finishes at once with nobody due.
    for (let hour = 0; hour < 5; hour += 1) await startDailyRun({ trigger: "schedule", now: new Date(start + hour * HOUR) });
    await startDailyRun({ trigger: "cron", now: new Date(start + 5 * HOUR) });
    // An admin's "run now" that found nobody is still listed: a person asked for it.
    const manual = await startDailyRun({ trigger: "admin", everyone: true, now: new Date(start + 6 * HOUR) });
    await drainQueue({ timeoutMs: 10_000 });
    // A run that checked users, and one that failed, later (runs are stamped with the run's own clock).
    const now = start + 6 * HOUR;
    const busy = await db.dailyRun.create({
      data: { slot: "2026-11-25T07Z", trigger: "schedule", status: "FINISHED", startedAt: new Date(now + HOUR), usersDue: 2, usersChecked: 2 },
    });
    const failed = await db.dailyRun.create({
      data: { slot: "2026-11-25T08Z", trigger: "schedule", status: "FAILED", startedAt: new Date(now + 2 * HOUR), error: "User x: boom" },
    });
    expect(manual.run.startedAt).toEqual(new Date(start + 6 * HOUR));
    const idle = await db.dailyRun.findMany({ where: { usersDue: 0, status: "FINISHED", trigger: { in: ["schedule", "cron"] } } });
    expect(idle).toHaveLength(6);

    const listed = await listDailyRuns(admin);
    expect(listed.map((run) => run.id)).toEqual([failed.id, busy.id, manual.run.id]);

    const heartbeat = await getDailyTriggerHeartbeat(admin, new Date(now + 3 * HOUR));
    expect(heartbeat).toEqual({ idleLastDay: 6, lastTriggerAt: failed.startedAt });
    // A day later the idle hours have aged out of the count; the last trigger is still reported.
    expect(await getDailyTriggerHeartbeat(admin, new Date(now + 30 * HOUR))).toEqual({ idleLastDay: 0, lastTriggerAt: failed.startedAt });
  });

  it("is for admins only", async () => {
    await expect(getDailyTriggerHeartbeat({ ...admin, role: "USER" })).rejects.toMatchObject({ code: "forbidden:admin" });
    await expect(listDailyRuns({ ...admin, role: "USER" })).rejects.toMatchObject({ code: "forbidden:admin" });
  });
});
