import { describe, expect, it } from "vitest";

process.env.SANDBOX_CLOCK = "manual";
process.env.SANDBOX_REQUESTS_PER_SECOND = "1000";

const { getDb } = await import("@/lib/db");
const { collectDriverWatchReports, markWatchesReported } = await import("@/lib/checks");
const { recordLeaderboard } = await import("@/lib/checks/leaderboard-check");
const { getTrackmania } = await import("@/lib/trackmania");
const { DAY, boardEntry: entry, createUser, sandbox } = await import("../checks/support");

const at = (iso: string) => new Date(iso);
let mapCount = 0;

/** A map only this test writes (not in the sandbox), so its board is exactly what the test records. */
async function createMap() {
  const db = await getDb();
  mapCount += 1;
  const uid = `watch-detection-${String(mapCount).padStart(12, "0")}`;
  await db.map.create({
    data: { uid, name: "$o$fffWinter 04", authorAccountId: "nadeo", authorTime: 27_000, goldTime: 29_000, silverTime: 33_000, bronzeTime: 41_000 },
  });
  return uid;
}

type Condition = "PASSED" | "LEFT_TOP_N" | "LOST_WORLD_RECORD";

async function watch(mapUid: string, me: { score: number; position: number }, since: Date, options: { condition?: Condition; topN?: number; reportOwnImprovements?: boolean } = {}) {
  const user = await createUser({ tmAccountId: "me" });
  const db = await getDb();
  if (options.reportOwnImprovements === false) await db.user.update({ where: { id: user.id }, data: { reportOwnImprovements: false } });
  const created = await db.driverWatch.create({
    data: {
      userId: user.id,
      mapUid,
      accountId: "me",
      condition: options.condition ?? "PASSED",
      topN: options.topN ?? null,
      lastScore: me.score,
      lastPosition: me.position,
      lastCheckedAt: since,
      reportedUntil: since,
    },
  });
  return { user, watchId: created.id };
}

/** One run's check of the user's watches at `now`, delivered (marks applied) like the daily run does. */
async function check(userId: string, now: Date, { deliver = true } = {}) {
  const result = await collectDriverWatchReports(userId, { key: `test-${now.toISOString()}-${Math.random()}`, now });
  if (deliver) {
    const db = await getDb();
    await db.$transaction((tx) => markWatchesReported(tx, result.marks));
  }
  return result;
}

describe("driver watches inside the read depth", () => {
  it("names exactly who passed, with their times, and never tells it twice", async () => {
    const uid = await createMap();
    const t1 = at("2026-12-01T02:00:00Z");
    await recordLeaderboard(uid, [entry("teo", 1, 27_000, "2026-11-20T10:00:00Z"), entry("me", 2, 28_000, "2026-11-21T10:00:00Z"), entry("ana", 3, 29_000, "2026-11-22T10:00:00Z")], t1, 100);
    const { user, watchId } = await watch(uid, { score: 28_000, position: 2 }, t1);

    const t2 = at("2026-12-02T02:00:00Z");
    await recordLeaderboard(
      uid,
      [
        entry("teo", 1, 26_900, "2026-12-01T09:00:00Z"),
        entry("ana", 2, 27_500, "2026-12-01T10:00:00Z"),
        entry("bo", 3, 27_800, "2026-12-01T11:00:00Z"),
        entry("me", 4, 28_000, "2026-11-21T10:00:00Z"),
      ],
      t2,
      100,
    );
    const { reports, marks } = await check(user.id, t2);
    expect(reports).toHaveLength(1);
    const [report] = reports;
    // Teo was ahead already (he improved in front): only Ana and Bo passed.
    expect(report).toMatchObject({
      watchId,
      name: "Winter 04",
      triggers: ["passed"],
      score: 28_000,
      previousScore: null,
      position: 4,
      previousPosition: 2,
      passedCount: 2,
      medal: "gold",
      worldRecordScore: 26_900,
      beyondTop: false,
    });
    expect(report!.passers.map((passer) => [passer.accountId, passer.score, passer.position])).toEqual([
      ["ana", 27_500, 2],
      ["bo", 27_800, 3],
    ]);
    expect(marks).toEqual([{ watchId, expect: { lastScore: 28_000, lastPosition: 2 }, next: expect.objectContaining({ lastScore: 28_000, lastPosition: 4, reportedUntil: t2 }) }]);

    const db = await getDb();
    expect(await db.driverWatch.findUniqueOrThrow({ where: { id: watchId } })).toMatchObject({ lastScore: 28_000, lastPosition: 4, reportedUntil: t2 });
    // The next check (same look, or a later run before anything changes) has nothing to say.
    expect((await check(user.id, t2)).reports).toEqual([]);
  });

  it("a second delivery of the same check changes nothing", async () => {
    const uid = await createMap();
    const t1 = at("2026-12-01T02:00:00Z");
    await recordLeaderboard(uid, [entry("me", 1, 28_000, "2026-11-21T10:00:00Z")], t1, 100);
    const { user, watchId } = await watch(uid, { score: 28_000, position: 1 }, t1);
    const t2 = at("2026-12-02T02:00:00Z");
    await recordLeaderboard(uid, [entry("ana", 1, 27_500, "2026-12-01T10:00:00Z"), entry("me", 2, 28_000, "2026-11-21T10:00:00Z")], t2, 100);

    const first = await check(user.id, t2, { deliver: false });
    const second = await check(user.id, t2, { deliver: false });
    expect(second.reports).toEqual(first.reports);
    const db = await getDb();
    await db.$transaction((tx) => markWatchesReported(tx, first.marks));
    // The redelivery's marks expect the state before the first: they no longer apply.
    await db.driverWatch.update({ where: { id: watchId }, data: { lastPosition: 2 } });
    await db.$transaction((tx) => markWatchesReported(tx, second.marks));
    expect(await db.driverWatch.findUniqueOrThrow({ where: { id: watchId } })).toMatchObject({ lastPosition: 2, reportedUntil: t2 });
  });

  it("reports the driver's own improvement once, or only updates the time when they asked not to hear it", async () => {
    for (const reportOwnImprovements of [true, false]) {
      const uid = await createMap();
      const t1 = at("2026-12-01T02:00:00Z");
      await recordLeaderboard(uid, [entry("teo", 1, 27_000, "2026-11-20T10:00:00Z"), entry("ana", 2, 27_600, "2026-11-20T10:00:00Z"), entry("me", 3, 28_000, "2026-11-21T10:00:00Z")], t1, 100);
      const { user, watchId } = await watch(uid, { score: 28_000, position: 3 }, t1, { reportOwnImprovements });
      const t2 = at("2026-12-02T02:00:00Z");
      await recordLeaderboard(uid, [entry("teo", 1, 27_000, "2026-11-20T10:00:00Z"), entry("me", 2, 27_311, "2026-12-01T20:00:00Z"), entry("ana", 3, 27_600, "2026-11-20T10:00:00Z")], t2, 100);

      const { reports } = await check(user.id, t2);
      if (reportOwnImprovements) {
        expect(reports).toEqual([expect.objectContaining({ triggers: ["improved"], score: 27_311, previousScore: 28_000, position: 2, previousPosition: 3, passedCount: 0 })]);
      } else {
        expect(reports).toEqual([]);
      }
      const db = await getDb();
      expect(await db.driverWatch.findUniqueOrThrow({ where: { id: watchId } })).toMatchObject({ lastScore: 27_311, lastPosition: 2 });
      // Never again the next day (the original repeated "improved" daily: peers.md §1.7-6).
      const t3 = at("2026-12-03T02:00:00Z");
      await recordLeaderboard(uid, [entry("teo", 1, 27_000, "2026-11-20T10:00:00Z"), entry("me", 2, 27_311, "2026-12-01T20:00:00Z"), entry("ana", 3, 27_600, "2026-11-20T10:00:00Z")], t3, 100);
      expect((await check(user.id, t3)).reports).toEqual([]);
    }
  });

  it("'I leave the top N' speaks only when the driver crosses N", async () => {
    const uid = await createMap();
    const t1 = at("2026-12-01T02:00:00Z");
    await recordLeaderboard(uid, [entry("teo", 1, 27_000, "2026-11-20T10:00:00Z"), entry("me", 2, 28_000, "2026-11-21T10:00:00Z")], t1, 100);
    const { user } = await watch(uid, { score: 28_000, position: 2 }, t1, { condition: "LEFT_TOP_N", topN: 3 });

    // Passed once, still third: inside the top 3, nothing to say.
    const t2 = at("2026-12-02T02:00:00Z");
    await recordLeaderboard(uid, [entry("teo", 1, 27_000, "2026-11-20T10:00:00Z"), entry("ana", 2, 27_500, "2026-12-01T10:00:00Z"), entry("me", 3, 28_000, "2026-11-21T10:00:00Z")], t2, 100);
    expect((await check(user.id, t2)).reports).toEqual([]);

    // Passed again: fourth, out of the top 3.
    const t3 = at("2026-12-03T02:00:00Z");
    await recordLeaderboard(
      uid,
      [entry("teo", 1, 27_000, "2026-11-20T10:00:00Z"), entry("ana", 2, 27_500, "2026-12-01T10:00:00Z"), entry("bo", 3, 27_900, "2026-12-02T10:00:00Z"), entry("me", 4, 28_000, "2026-11-21T10:00:00Z")],
      t3,
      100,
    );
    const { reports } = await check(user.id, t3);
    expect(reports).toEqual([expect.objectContaining({ triggers: ["left-top-n"], topN: 3, position: 4, previousPosition: 3, passedCount: 1 })]);
    expect(reports[0]!.passers.map((passer) => passer.accountId)).toEqual(["bo"]);
  });

  it("'I lose the world record' speaks when the WR is taken, not for passes below it", async () => {
    const uid = await createMap();
    const t1 = at("2026-12-01T02:00:00Z");
    await recordLeaderboard(uid, [entry("me", 1, 27_000, "2026-11-21T10:00:00Z"), entry("teo", 2, 27_300, "2026-11-20T10:00:00Z")], t1, 100);
    const { user } = await watch(uid, { score: 27_000, position: 1 }, t1, { condition: "LOST_WORLD_RECORD" });

    const t2 = at("2026-12-02T02:00:00Z");
    await recordLeaderboard(uid, [entry("teo", 1, 26_958, "2026-12-01T18:00:00Z"), entry("me", 2, 27_000, "2026-11-21T10:00:00Z")], t2, 100);
    const { reports } = await check(user.id, t2);
    expect(reports).toEqual([expect.objectContaining({ triggers: ["lost-world-record"], position: 2, previousPosition: 1, passedCount: 1 })]);
    expect(reports[0]!.passers).toEqual([{ accountId: "teo", displayName: "teo", score: 26_958, position: 1 }]);

    const t3 = at("2026-12-03T02:00:00Z");
    await recordLeaderboard(uid, [entry("teo", 1, 26_958, "2026-12-01T18:00:00Z"), entry("ana", 2, 26_990, "2026-12-02T18:00:00Z"), entry("me", 3, 27_000, "2026-11-21T10:00:00Z")], t3, 100);
    expect((await check(user.id, t3)).reports).toEqual([]);
  });

  it("on the map's first look it counts passes from the positions and names only who it knows", async () => {
    const uid = await createMap();
    const t0 = at("2026-12-01T02:00:00Z");
    // Watch added (its preview saw #3) before Trackwatch ever read the board.
    const { user } = await watch(uid, { score: 28_000, position: 3 }, t0);
    const t1 = at("2026-12-02T02:00:00Z");
    // Teo drove a record since, but he was ahead before (ahead now: 4 drivers; ahead before: 2): two passed.
    await recordLeaderboard(
      uid,
      [
        entry("teo", 1, 26_900, "2026-12-01T09:00:00Z"),
        entry("ana", 2, 27_000, "2026-11-20T10:00:00Z"),
        entry("bo", 3, 27_500, "2026-12-01T10:00:00Z"),
        entry("cy", 4, 27_800, "2026-12-01T11:00:00Z"),
        entry("me", 5, 28_000, "2026-11-21T10:00:00Z"),
      ],
      t1,
      100,
    );
    const { reports } = await check(user.id, t1);
    expect(reports).toEqual([expect.objectContaining({ triggers: ["passed"], passedCount: 2, position: 5, previousPosition: 3 })]);
    // Three fresh records, two passes: which two is not known, so nobody is named.
    expect(reports[0]!.passers).toEqual([]);
  });

  it("paused watches are not checked", async () => {
    const uid = await createMap();
    const t1 = at("2026-12-01T02:00:00Z");
    await recordLeaderboard(uid, [entry("me", 1, 28_000, "2026-11-21T10:00:00Z")], t1, 100);
    const { user, watchId } = await watch(uid, { score: 28_000, position: 1 }, t1);
    const db = await getDb();
    await db.driverWatch.update({ where: { id: watchId }, data: { status: "INACTIVE" } });
    const t2 = at("2026-12-02T02:00:00Z");
    await recordLeaderboard(uid, [entry("ana", 1, 27_500, "2026-12-01T10:00:00Z"), entry("me", 2, 28_000, "2026-11-21T10:00:00Z")], t2, 100);
    expect(await check(user.id, t2)).toEqual({ reports: [], watchesChecked: 0, marks: [] });
  });
});

describe("driver watches beyond the read depth", () => {
  it("a lagging position endpoint that goes back and forth never tells a pass twice", async () => {
    const world = sandbox().world;
    const mia = sandbox().wellKnown.midPackDriver;
    const mapUid = mia.mapUids[2]!;
    const db = await getDb();
    const [info] = await getTrackmania().getMapInfo([mapUid]);
    await db.map.upsert({
      where: { uid: mapUid },
      create: { uid: mapUid, mapId: info!.mapId, name: info!.name, authorAccountId: info!.authorAccountId, authorTime: info!.authorTime, goldTime: info!.goldTime, silverTime: info!.silverTime, bronzeTime: info!.bronzeTime },
      update: {},
    });
    const start = sandbox().now();
    const standing = () => world.leaderboard(mapUid)!.find((entry) => entry.accountId === mia.accountId)!;
    const before = standing();
    const [answer] = await getTrackmania().getPositions([{ mapUid, score: before.score }]);
    const user = await createUser({ tmAccountId: mia.accountId });
    const { id: watchId } = await db.driverWatch.create({
      data: { userId: user.id, mapUid, accountId: mia.accountId, lastScore: before.score, lastPosition: before.position, positionAnswer: answer!.position, lastCheckedAt: start, reportedUntil: start },
    });
    while (standing().position === before.position) sandbox().advance(DAY / 4);
    const passed = standing().position - before.position;

    const first = await check(user.id, sandbox().now());
    expect(first.reports).toEqual([expect.objectContaining({ watchId, triggers: ["passed"], passedCount: passed, position: standing().position, beyondTop: true })]);
    const stored = await db.driverWatch.findUniqueOrThrow({ where: { id: watchId } });

    try {
      // The endpoint falls behind by a day: it answers from before the passes.
      sandbox().setPositionLag(2 * 86_400);
      expect((await check(user.id, sandbox().now())).reports).toEqual([]);
      expect(await db.driverWatch.findUniqueOrThrow({ where: { id: watchId } })).toMatchObject({ lastPosition: stored.lastPosition, positionAnswer: stored.positionAnswer });
      // And catches up again: the same passes are not news a second time, and cost no exact read.
      sandbox().setPositionLag(0);
      getTrackmania().resetStats();
      expect((await check(user.id, sandbox().now())).reports).toEqual([]);
      expect(getTrackmania().stats().byEndpoint["live.surround"] ?? 0).toBe(0);
    } finally {
      sandbox().setPositionLag(0);
    }
  });
});
