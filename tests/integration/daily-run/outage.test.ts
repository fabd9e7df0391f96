import { describe, expect, it } from "vitest";

// Trackmania's services down for a whole run: each user check gives up after its retries, the run
// says so, no email goes out, nothing is marked reported — and the next day's digest carries it all.
process.env.SANDBOX_CLOCK = "manual";
process.env.SANDBOX_REQUESTS_PER_SECOND = "1000";
process.env.APP_URL = "https://trackwatch.test";

const { getDb } = await import("@/lib/db");
const { createMapperAlert } = await import("@/lib/alerts");
const { startDailyRun } = await import("@/lib/daily-run");
const { getDigestForUser } = await import("@/lib/digest");
const { drainQueue } = await import("@/lib/queue");
const { DAY, HOUR, advanceTo, createUser, digestShapes, digestsOf, outboxTo, sandbox, shape, truthSince } = await import("./support");

describe("a Nadeo outage during a run", () => {
  it("fails the day's check visibly and loses nothing", async () => {
    const t0 = sandbox().now();
    const user = await createUser({ label: "patient" });
    await createMapperAlert(user, { mapper: "name", displayName: "SmallMapperSam" });

    advanceTo(new Date(t0.getTime() + DAY + 7 * HOUR));
    sandbox().setFaults({ rate503: 1 });
    const { run } = await startDailyRun({ trigger: "schedule" });
    await drainQueue({ timeoutMs: 240_000 });
    sandbox().setFaults({});

    const failedRun = await (await getDb()).dailyRun.findUniqueOrThrow({ where: { id: run.id } });
    expect(failedRun.status).toBe("FAILED");
    expect(failedRun.error).toContain(`User ${user.id}: check failed after 4 attempt(s)`);
    const [failed] = await digestsOf(user.id);
    expect(failed).toMatchObject({ day: "2026-06-02", status: "FAILED" });
    expect((await getDigestForUser(user, failed!.id)).error).toMatch(/could not be checked this time.*next digest/);
    expect(await outboxTo(user.email)).toHaveLength(0);

    advanceTo(new Date(t0.getTime() + 2 * DAY + 7 * HOUR));
    await startDailyRun({ trigger: "schedule" });
    await drainQueue({ timeoutMs: 120_000 });
    const digests = await digestsOf(user.id);
    expect(digests.map((digest) => [digest.day, digest.status])).toEqual([
      ["2026-06-02", "FAILED"],
      ["2026-06-03", "SENT"],
    ]);
    // Everything driven since the watch began, the outage day included.
    const expected = sandbox()
      .wellKnown.smallMapper.mapUids.flatMap((uid) => truthSince(uid, t0).map((entry) => shape(uid, entry)))
      .sort();
    expect(digestShapes(digests[1]!.parsed!)).toEqual(expected);
    expect(await outboxTo(user.email)).toHaveLength(1);
    // The client's retries and the queue's back-off take real seconds (≈40 s on an idle machine).
  }, 180_000);
});
