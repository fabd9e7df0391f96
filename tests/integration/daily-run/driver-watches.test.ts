import { describe, expect, it } from "vitest";

// Driver watches through the whole daily run on the embedded defaults: sandbox world (manual clock),
// PGlite, in-process queue, local outbox.
process.env.SANDBOX_CLOCK = "manual";
process.env.SANDBOX_REQUESTS_PER_SECOND = "1000";
process.env.APP_URL = "https://trackwatch.test";

const { getDb } = await import("@/lib/db");
const { startDailyRun } = await import("@/lib/daily-run");
const { drainQueue } = await import("@/lib/queue");
const { getTrackmania } = await import("@/lib/trackmania");
const { checkLeaderboardsOncePerRun } = await import("@/lib/checks/leaderboard-check");
const { DAY, advanceTo, createUser, digestsOf, outboxTo, sandbox } = await import("./support");

const t0 = sandbox().now();

async function saveMap(uid: string) {
  const db = await getDb();
  const [info] = await getTrackmania().getMapInfo([uid]);
  await db.map.create({
    data: {
      uid,
      mapId: info!.mapId,
      name: info!.name,
      authorAccountId: info!.authorAccountId,
      authorTime: info!.authorTime,
      goldTime: info!.goldTime,
      silverTime: info!.silverTime,
      bronzeTime: info!.bronzeTime,
    },
  });
}

describe("driver watches in the daily run", () => {
  it("inside the top: the digest names exactly the drivers who passed, once", async () => {
    const world = sandbox().world;
    // A busy board: records arrive every day, more than the top 100 read.
    const map = world.maps().find((candidate) => candidate.activity.eventsPerDay >= 5 && (world.leaderboard(candidate.uid)?.length ?? 0) > 150);
    if (!map) throw new Error("the sandbox world of this seed has no busy map; pick another fixture");
    await saveMap(map.uid);
    // Trackwatch has read the board before (another user's alert, or yesterday's run).
    await checkLeaderboardsOncePerRun([map.uid], { key: "before", now: t0 }, 100);

    const before = world.leaderboard(map.uid)!;
    const me = before[79]!;
    const user = await createUser({ label: "mia", digestHour: 7 });
    const db = await getDb();
    await db.user.update({ where: { id: user.id }, data: { tmAccountId: me.accountId, tmDisplayName: me.displayName } });
    await db.driverWatch.create({
      data: { userId: user.id, mapUid: map.uid, accountId: me.accountId, lastScore: me.score, lastPosition: me.position, lastCheckedAt: t0, reportedUntil: t0 },
    });

    // The first 07:00 after someone passed.
    const scoreBefore = new Map(before.map((entry) => [entry.accountId, entry.score]));
    const passedBy = () => {
      const now = world.leaderboard(map.uid)!;
      const mine = now.find((entry) => entry.accountId === me.accountId)!;
      return { mine, passers: now.filter((entry) => entry.score < mine.score && (scoreBefore.get(entry.accountId) ?? Number.POSITIVE_INFINITY) >= me.score) };
    };
    let runAt = new Date(Date.UTC(t0.getUTCFullYear(), t0.getUTCMonth(), t0.getUTCDate(), 7) + DAY);
    for (advanceTo(runAt); passedBy().passers.length === 0; advanceTo(runAt)) runAt = new Date(runAt.getTime() + DAY);
    const truth = passedBy();
    expect(truth.mine.score).toBe(me.score);

    await startDailyRun({ trigger: "schedule" });
    await drainQueue({ timeoutMs: 120_000 });

    const [digest] = await digestsOf(user.id);
    expect(digest).toMatchObject({ status: "SENT" });
    const [watch] = digest!.parsed!.watches!;
    expect(watch).toMatchObject({ triggers: ["passed"], passedCount: truth.passers.length, position: truth.mine.position, previousPosition: me.position, beyondTop: false });
    expect(watch!.passers.map((passer) => `${passer.displayName}|${passer.score}|${passer.position}`).sort()).toEqual(
      truth.passers.map((entry) => `${entry.displayName}|${entry.score}|${entry.position}`).sort(),
    );
    const [email] = await outboxTo(user.email);
    expect(email!.subject).toBe(`${truth.passers.length} ${truth.passers.length === 1 ? "driver" : "drivers"} passed you`);
    expect(email!.text).toContain("== Your times ==");
    expect(email!.text).toContain(`now #${truth.mine.position.toLocaleString("en-GB")} (was #${me.position})`);

    // The next day: those passes are not told again.
    const stored = await db.driverWatch.findFirstOrThrow({ where: { userId: user.id } });
    expect(stored).toMatchObject({ lastPosition: truth.mine.position, lastScore: me.score });
    const nextRun = new Date(runAt.getTime() + DAY);
    advanceTo(nextRun);
    const again = passedBy();
    await startDailyRun({ trigger: "schedule" });
    await drainQueue({ timeoutMs: 120_000 });
    const next = (await digestsOf(user.id))[1]!;
    const newPassers = again.passers.filter((entry) => !truth.passers.some((old) => old.accountId === entry.accountId)).length;
    if (newPassers === 0) expect(next.status).toBe("EMPTY");
    else expect(next.parsed!.watches![0]!.passedCount).toBe(newPassers);
  }, 120_000);

  it("beyond the top: one shared position request for every user, then by-account and surround only where someone passed", async () => {
    const world = sandbox().world;
    const mia = sandbox().wellKnown.midPackDriver;
    const start = sandbox().now();
    const db = await getDb();
    // Only this test's watches are checked (the calls below are counted per run).
    await db.driverWatch.updateMany({ data: { status: "INACTIVE" } });
    // Mia on the campaign's first map; a second user, ranked in the thousands too, on its second.
    const [miaMap, otherMap] = mia.mapUids;
    const other = world.leaderboard(otherMap!)![1_500]!;
    const watchers = [
      { label: "mia", mapUid: miaMap!, accountId: mia.accountId },
      { label: "other", mapUid: otherMap!, accountId: other.accountId },
    ];
    type Watcher = (typeof watchers)[number] & { user: Awaited<ReturnType<typeof createUser>>; before: NonNullable<ReturnType<typeof world.leaderboard>>[number] };
    const users: Watcher[] = [];
    for (const watcher of watchers) {
      await saveMap(watcher.mapUid);
      const entry = world.leaderboard(watcher.mapUid)!.find((candidate) => candidate.accountId === watcher.accountId)!;
      expect(entry.position).toBeGreaterThan(1_000);
      const user = await createUser({ label: watcher.label, digestHour: 7 });
      await db.user.update({ where: { id: user.id }, data: { tmAccountId: watcher.accountId } });
      // As adding the watch leaves it: the exact position, and what the position endpoint says for that time.
      const [answer] = await getTrackmania().getPositions([{ mapUid: watcher.mapUid, score: entry.score }]);
      await db.driverWatch.create({
        data: {
          userId: user.id,
          mapUid: watcher.mapUid,
          accountId: watcher.accountId,
          lastScore: entry.score,
          lastPosition: entry.position,
          positionAnswer: answer!.position,
          lastCheckedAt: start,
          reportedUntil: start,
        },
      });
      users.push({ ...watcher, user, before: entry });
    }

    const standing = (watcher: (typeof users)[number]) => world.leaderboard(watcher.mapUid)!.find((entry) => entry.accountId === watcher.accountId)!;
    let runAt = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate(), 7) + DAY);
    for (advanceTo(runAt); standing(users[0]!).position === users[0]!.before.position; advanceTo(runAt)) runAt = new Date(runAt.getTime() + DAY);
    const now = standing(users[0]!);
    expect(now.score).toBe(users[0]!.before.score);
    const board = world.leaderboard(miaMap!)!;
    const closest = board[now.position - 2]!;
    const moved = users.filter((watcher) => standing(watcher).position !== watcher.before.position).length;

    getTrackmania().resetStats();
    const { run } = await startDailyRun({ trigger: "schedule" });
    await drainQueue({ timeoutMs: 120_000 });
    const calls = getTrackmania().stats().byEndpoint;
    // Both users' watches in one position request; nobody's board read.
    expect(calls["live.positions"]).toBe(1);
    expect(calls["live.top"] ?? 0).toBe(0);
    expect(calls["core.records"]).toBe(moved);
    expect(calls["live.surround"]).toBe(moved);
    const finished = await db.dailyRun.findUniqueOrThrow({ where: { id: run.id } });
    expect(finished.nadeoCalls).toMatchObject({ "live.positions": 1 });

    const [digest] = await digestsOf(users[0]!.user.id);
    expect(digest!.parsed!.watches).toEqual([
      expect.objectContaining({
        triggers: ["passed"],
        passedCount: now.position - users[0]!.before.position,
        position: now.position,
        previousPosition: users[0]!.before.position,
        beyondTop: true,
        passers: [{ accountId: closest.accountId, displayName: closest.displayName, score: closest.score, position: closest.position }],
      }),
    ]);
    const [email] = await outboxTo(users[0]!.user.email);
    expect(email!.text).toContain(`The closest is ${closest.displayName} in`);
    expect(email!.text).toContain("news can arrive a day late");
  }, 120_000);

  it("a watch follows the driver's account through a rename, and names a renamed rival by their new name", async () => {
    const world = sandbox().world;
    const mia = sandbox().wellKnown.midPackDriver;
    const mapUid = mia.mapUids[3]!;
    const db = await getDb();
    await db.driverWatch.updateMany({ data: { status: "INACTIVE" } });
    await saveMap(mapUid);
    const start = sandbox().now();
    const standing = () => world.leaderboard(mapUid)!.find((entry) => entry.accountId === mia.accountId)!;
    const before = standing();
    const [answer] = await getTrackmania().getPositions([{ mapUid, score: before.score }]);
    const user = await createUser({ label: "renamed", digestHour: 7 });
    await db.user.update({ where: { id: user.id }, data: { tmAccountId: mia.accountId, tmDisplayName: mia.displayName } });
    await db.driverWatch.create({
      data: { userId: user.id, mapUid, accountId: mia.accountId, lastScore: before.score, lastPosition: before.position, positionAnswer: answer!.position, lastCheckedAt: start, reportedUntil: start },
    });

    let runAt = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate(), 7) + DAY);
    for (advanceTo(runAt); standing().position === before.position || standing().score !== before.score; advanceTo(runAt)) runAt = new Date(runAt.getTime() + DAY);
    const closest = world.leaderboard(mapUid)![standing().position - 2]!;
    // Both change their names in the game before the run.
    sandbox().renamePlayer(mia.accountId, "MiaTheMid");
    sandbox().renamePlayer(closest.accountId, "RenamedRival");
    expect(await getTrackmania().getAccountId(mia.displayName)).toBeNull();

    await startDailyRun({ trigger: "schedule" });
    await drainQueue({ timeoutMs: 120_000 });
    const digests = await digestsOf(user.id);
    expect(digests.at(-1)!.parsed!.watches).toEqual([
      expect.objectContaining({
        triggers: ["passed"],
        position: standing().position,
        previousPosition: before.position,
        passers: [{ accountId: closest.accountId, displayName: "RenamedRival", score: closest.score, position: closest.position }],
      }),
    ]);
  }, 120_000);
});
