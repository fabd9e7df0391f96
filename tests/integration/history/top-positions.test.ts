import { describe, expect, it } from "vitest";

process.env.SANDBOX_CLOCK = "manual";
process.env.SANDBOX_REQUESTS_PER_SECOND = "1000";

const { getDb } = await import("@/lib/db");
const { recordLeaderboard } = await import("@/lib/checks/leaderboard-check");
const { getMapCharts } = await import("@/lib/history");
const { boardEntry: entry, createUser } = await import("../checks/support");


describe("a map's current top", () => {
  it("places every driver where the last read had them, not where they were first seen", async () => {
    const uid = "top-positions-map-000000001";
    const db = await getDb();
    await db.map.create({ data: { uid, name: "Positions", authorAccountId: "mapper", authorTime: 27_000, goldTime: 29_000, silverTime: 33_000, bronzeTime: 41_000 } });
    await recordLeaderboard(uid, [entry("ana", 1, 28_000, "2026-11-01T10:00:00Z"), entry("bo", 2, 28_500, "2026-11-02T10:00:00Z"), entry("cy", 3, 29_000, "2026-11-03T10:00:00Z")], new Date("2026-12-01T02:00:00Z"), 3);
    // A newcomer takes the world record and pushes Cy out of the 3 read: Ana and Bo kept their times.
    await recordLeaderboard(uid, [entry("dee", 1, 27_900, "2026-12-01T20:00:00Z"), entry("ana", 2, 28_000, "2026-11-01T10:00:00Z"), entry("bo", 3, 28_500, "2026-11-02T10:00:00Z")], new Date("2026-12-02T02:00:00Z"), 3);

    const charts = (await getMapCharts(await createUser(), uid))!;
    expect(charts.topTimes.slice(0, 3).map(({ accountId, position }) => `${position} ${accountId}`)).toEqual(["1 dee", "2 ana", "3 bo"]);
  });
});
