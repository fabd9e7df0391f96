import { describe, expect, it } from "vitest";

process.env.SANDBOX_CLOCK = "manual";
process.env.SANDBOX_REQUESTS_PER_SECOND = "1000";

const { getDb } = await import("@/lib/db");
const { checkLeaderboardsOncePerRun } = await import("@/lib/checks/leaderboard-check");
const { loadMapperCatalogue } = await import("@/lib/checks/mapper-catalogue");
const { DAY, runNow, sandbox, topOf } = await import("../checks/support");

const DEPTH = 100;

describe("record history", () => {
  it("grows by exactly the changes each look at a top observes, and not by the first look's board", async () => {
    const world = sandbox();
    const mapper = world.wellKnown.bigMapper;
    await loadMapperCatalogue(mapper);
    const uid = world.wellKnown.maps.busy;
    const db = await getDb();

    await checkLeaderboardsOncePerRun([uid], runNow("first"), DEPTH);
    expect(await db.recordHistory.count({ where: { mapUid: uid } })).toBe(0);

    const before = topOf(uid, DEPTH);
    world.advance(2 * DAY);
    const after = topOf(uid, DEPTH);
    const run = runNow("second");
    await checkLeaderboardsOncePerRun([uid], run, DEPTH);

    // What the world says changed inside the top read: drivers new to it, and improved times.
    const expected = [...after.values()]
      .filter((entry) => {
        const old = before.get(entry.accountId);
        return !old || entry.score < old.score;
      })
      .map((entry) => {
        const old = before.get(entry.accountId);
        return {
          accountId: entry.accountId,
          score: entry.score,
          position: entry.position,
          previousScore: old?.score ?? null,
          previousDrivenAt: old ? new Date(old.timestamp * 1000) : null,
          drivenAt: new Date(entry.timestamp * 1000),
          observedAt: run.now,
        };
      })
      .sort((a, b) => a.position - b.position);
    expect(expected.length).toBeGreaterThan(0);

    const rows = await db.recordHistory.findMany({ where: { mapUid: uid }, orderBy: { position: "asc" } });
    expect(rows.map(({ accountId, score, position, previousScore, previousDrivenAt, drivenAt, observedAt }) => ({ accountId, score, position, previousScore, previousDrivenAt, drivenAt, observedAt }))).toEqual(expected);
    expect(rows.filter((row) => row.previousScore !== null).every((row) => row.arrival === "IMPROVED")).toBe(true);

    // Another look at the same board under the same key, or a later one with nothing new, adds nothing.
    await checkLeaderboardsOncePerRun([uid], run, DEPTH);
    expect(await db.recordHistory.count({ where: { mapUid: uid } })).toBe(expected.length);
  });
});
