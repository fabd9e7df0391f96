import { beforeAll, describe, expect, it } from "vitest";

// Simulated time moves only when the test says so; the sandbox answers as fast as the tests ask.
process.env.SANDBOX_CLOCK = "manual";
process.env.SANDBOX_REQUESTS_PER_SECOND = "1000";

const { getDb } = await import("@/lib/db");
const { collectMapperAlertReports, markReported } = await import("@/lib/checks");
const { createMapperAlert, updateAlertFilter } = await import("@/lib/alerts");
const { DAY, createUser, recordsOf, runNow, sandbox, shape, topOf, truthSince } = await import("./support");

const sam = () => sandbox().wellKnown.smallMapper;

describe("accurate mode", () => {
  let user: Awaited<ReturnType<typeof createUser>>;
  let alertId: string;
  let watchedFrom: Date;

  beforeAll(async () => {
    user = await createUser();
    watchedFrom = sandbox().now();
    const alert = await createMapperAlert(user, { mapper: "name", displayName: "SmallMapperSam" });
    alertId = alert.id;
    expect(alert).toMatchObject({ mapperAccountId: sam().accountId, mapperDisplayName: "SmallMapperSam", mode: "ACCURATE", mapCount: 3 });
  });

  it("does not report the existing leaderboards on the first check", async () => {
    const run = runNow();
    const result = await collectMapperAlertReports(user.id, run);
    expect(result.mapsChecked).toBe(3);
    expect(recordsOf(result.reports)).toEqual([]);
    expect(result.reports).toHaveLength(1);
    expect(result.reports[0]).toMatchObject({ alertId, mapperDisplayName: "SmallMapperSam", mode: "ACCURATE", maps: [], mapsChecked: 3 });
    const db = await getDb();
    await db.$transaction((tx) => markReported(tx, result.marks));
  });

  it("reports exactly the records driven since, with previous times, gaps and medals", async () => {
    const before = new Map(sam().mapUids.map((uid) => [uid, topOf(uid)]));
    sandbox().advance(2 * DAY);
    const run = runNow();
    const { reports, marks } = await collectMapperAlertReports(user.id, run);
    const records = recordsOf(reports);

    const expected = sam().mapUids.flatMap((uid) => truthSince(uid, watchedFrom).map((entry) => shape(entry, uid)));
    expect(expected.length).toBeGreaterThan(3);
    expect(records.map((record) => shape(record)).sort()).toEqual(expected.sort());

    const improved = records.filter((record) => before.get(record.mapUid)!.has(record.accountId));
    expect(improved.length).toBeGreaterThan(0);
    for (const record of records) {
      const earlier = before.get(record.mapUid)!.get(record.accountId);
      expect(record.previousScore).toBe(earlier ? earlier.score : null);
      // A driver missing from a board the first check saw whole had no time; from a full top, only not in it.
      const wholeBoardBefore = before.get(record.mapUid)!.size < 100;
      expect(record.arrival).toBe(earlier ? "improved" : wholeBoardBefore ? "first-time" : "entered-top");
      const board = sandbox().world.leaderboard(record.mapUid)!;
      const map = sandbox().world.map(record.mapUid)!;
      const entry = board.find((e) => e.accountId === record.accountId)!;
      expect(record.displayName).toBe(entry.displayName);
      expect(record.drivenAt).toEqual(new Date(entry.timestamp * 1000));
      expect(record.observedAt).toEqual(run.now);
      expect(record.worldRecordScore).toBe(board[0]!.score);
      expect(record.gapToWorldRecord).toBe(record.score - board[0]!.score);
      expect(record.isWorldRecord).toBe(record.position === 1);
      const medal =
        record.score <= map.authorTime ? "author" : record.score <= map.goldTime ? "gold" : record.score <= map.silverTime ? "silver" : record.score <= map.bronzeTime ? "bronze" : null;
      expect(record.medal).toBe(medal);
    }
    for (const map of reports[0]!.maps) {
      expect(map.records.map((r) => r.position)).toEqual([...map.records.map((r) => r.position)].sort((a, b) => a - b));
      expect(map.isNew).toBe(false);
      expect(map.name).not.toMatch(/\$/);
      expect(map.thumbnailUrl).toMatch(/\.svg$/);
    }

    // Delivered twice (a retried job) or never marked: the same news again, nothing lost.
    const again = await collectMapperAlertReports(user.id, run);
    expect(recordsOf(again.reports)).toEqual(records);
    expect(again.marks).toEqual(marks);

    const db = await getDb();
    await db.$transaction((tx) => markReported(tx, marks));
    expect(recordsOf((await collectMapperAlertReports(user.id, run)).reports)).toEqual([]);
    // Marking twice changes nothing; a later check without new records reports nothing either.
    await markReported(db, marks);
    expect(recordsOf((await collectMapperAlertReports(user.id, runNow())).reports)).toEqual([]);
  });

  it("applies the TOP_N and WORLD_RECORD filters when collecting", async () => {
    const everyone = await createUser();
    const topFive = await createUser();
    const recordsOnly = await createUser();
    for (const someone of [everyone, topFive, recordsOnly]) {
      await createMapperAlert(someone, { mapper: "name", displayName: "SmallMapperSam" });
    }
    const alertOf = async (id: string) => (await (await getDb()).mapperAlert.findFirstOrThrow({ where: { userId: id } })).id;
    await updateAlertFilter(topFive, { alertId: await alertOf(topFive.id), recordFilter: "TOP_N", topN: "5" });
    await updateAlertFilter(recordsOnly, { alertId: await alertOf(recordsOnly.id), recordFilter: "WORLD_RECORD", topN: 5 });

    // Ten days on the busiest of Sam's maps bring records all over the board, world records among them.
    sandbox().advance(10 * DAY);
    const run = runNow();
    const all = recordsOf((await collectMapperAlertReports(everyone.id, run)).reports);
    const top = recordsOf((await collectMapperAlertReports(topFive.id, run)).reports);
    const wrs = recordsOf((await collectMapperAlertReports(recordsOnly.id, run)).reports);
    expect(all.some((r) => r.position > 5)).toBe(true);
    expect(all.some((r) => r.position === 1)).toBe(true);
    expect(top).toEqual(all.filter((r) => r.position <= 5));
    expect(wrs).toEqual(all.filter((r) => r.isWorldRecord));
  });
});
