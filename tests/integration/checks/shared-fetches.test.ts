import { beforeAll, describe, expect, it } from "vitest";

process.env.SANDBOX_CLOCK = "manual";
process.env.SANDBOX_REQUESTS_PER_SECOND = "1000";

const { collectMapperAlertReports, markReported } = await import("@/lib/checks");
const { createMapperAlert } = await import("@/lib/alerts");
const { getDb } = await import("@/lib/db");
const { getTrackmania } = await import("@/lib/trackmania");
const { DAY, HOUR, createUser, recordsOf, runNow, sandbox } = await import("./support");

const calls = (endpoint: string) => getTrackmania().stats().byEndpoint[endpoint] ?? 0;

describe("one leaderboard fetch per map per run, however many users watch it", () => {
  let first: Awaited<ReturnType<typeof createUser>>;
  let second: Awaited<ReturnType<typeof createUser>>;

  beforeAll(async () => {
    first = await createUser();
    second = await createUser();
    await createMapperAlert(first, { mapper: "name", displayName: "SmallMapperSam" });
    await createMapperAlert(second, { mapper: "name", displayName: "SmallMapperSam" });
  });

  it("fetches each map once when the users are checked one after the other", async () => {
    sandbox().advance(DAY);
    getTrackmania().resetStats();
    const run = runNow();
    const a = await collectMapperAlertReports(first.id, run);
    const b = await collectMapperAlertReports(second.id, run);
    expect(calls("live.top")).toBe(3);
    expect(calls("tmx.maps")).toBe(1);
    expect(a.mapsChecked).toBe(3);
    expect(b.mapsChecked).toBe(3);
    // Both were watching from the same instant: the same news for both.
    expect(recordsOf(b.reports)).toEqual(recordsOf(a.reports));
    expect(recordsOf(a.reports).length).toBeGreaterThan(0);
    const db = await getDb();
    await markReported(db, a.marks);
    await markReported(db, b.marks);
  });

  it("fetches each map once when the checks run at the same time", async () => {
    sandbox().advance(DAY);
    getTrackmania().resetStats();
    const run = runNow();
    const [a, b] = await Promise.all([collectMapperAlertReports(first.id, run), collectMapperAlertReports(second.id, run)]);
    expect(calls("live.top")).toBe(3);
    expect(calls("tmx.maps")).toBe(1);
    expect(recordsOf(a.reports).length).toBeGreaterThan(0);
    expect(recordsOf(b.reports)).toEqual(recordsOf(a.reports));
  });

  it("fetches again in the next run, and not for a second run at the same instant", async () => {
    sandbox().advance(HOUR);
    getTrackmania().resetStats();
    const run = runNow();
    await collectMapperAlertReports(first.id, run);
    expect(calls("live.top")).toBe(3);
    // A retried run under another key but at the same instant: those leaderboards are already known.
    await collectMapperAlertReports(second.id, { key: `${run.key}-retry`, now: run.now });
    expect(calls("live.top")).toBe(3);
  });
});
