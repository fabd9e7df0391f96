import { describe, expect, it } from "vitest";

// Driver watches under at-least-once delivery: every message arrives three times, out of order, while
// Nadeo answers 429 and 503 a fifth of the time. A world of 10,000 players, so a watched driver can
// rank 5,000th on a campaign map.
process.env.SANDBOX_CLOCK = "manual";
process.env.SANDBOX_REQUESTS_PER_SECOND = "1000";
process.env.SANDBOX_PLAYERS = "10000";
process.env.APP_URL = "https://trackwatch.test";

const { getDb } = await import("@/lib/db");
const { startDailyRun } = await import("@/lib/daily-run");
const { drainQueue } = await import("@/lib/queue");
const { getTrackmania } = await import("@/lib/trackmania");
const { checkLeaderboardsOncePerRun } = await import("@/lib/checks/leaderboard-check");
const { userCheckJob, userCheckPayloadSchema } = await import("@/lib/jobs/user-check");
const { digestSendJob, digestSendPayloadSchema } = await import("@/lib/jobs/digest-send");
const { DAY, advanceTo, createUser, digestsOf, outboxTo, sandbox } = await import("./support");

async function saveMap(uid: string) {
  const [info] = await getTrackmania().getMapInfo([uid]);
  const db = await getDb();
  await db.map.create({
    data: { uid, mapId: info!.mapId, name: info!.name, authorAccountId: info!.authorAccountId, authorTime: info!.authorTime, goldTime: info!.goldTime, silverTime: info!.silverTime, bronzeTime: info!.bronzeTime },
  });
}

/** A user watching `accountId`'s time on `mapUid` as adding the watch leaves it. */
async function watcher(label: string, mapUid: string, rank: number) {
  const entry = sandbox().world.leaderboard(mapUid)![rank - 1]!;
  const [answer] = await getTrackmania().getPositions([{ mapUid, score: entry.score }]);
  const user = await createUser({ label, digestHour: 7 });
  const db = await getDb();
  await db.user.update({ where: { id: user.id }, data: { tmAccountId: entry.accountId } });
  const now = sandbox().now();
  await db.driverWatch.create({
    data: { userId: user.id, mapUid, accountId: entry.accountId, lastScore: entry.score, lastPosition: entry.position, positionAnswer: rank > 100 ? answer!.position : null, lastCheckedAt: now, reportedUntil: now },
  });
  return { user, mapUid, before: entry };
}

async function deliverAgain(run: () => Promise<void>): Promise<void> {
  await run().catch(() => undefined);
}

describe("driver watches delivered at least once, with Nadeo faults", () => {
  it("one correct digest and one email per user, and each watch moves once", async () => {
    const world = sandbox().world;
    const t0 = sandbox().now();
    const campaignMap = sandbox().wellKnown.midPackDriver.mapUids[0]!;
    expect(world.leaderboard(campaignMap)!.length).toBeGreaterThan(5_000);
    const busy = world.maps().find((map) => map.activity.eventsPerDay >= 5 && !map.official && (world.leaderboard(map.uid)?.length ?? 0) > 150)!;
    await saveMap(campaignMap);
    await saveMap(busy.uid);
    await checkLeaderboardsOncePerRun([busy.uid], { key: "before", now: t0 }, 100);

    const deep = await watcher("deep", campaignMap, 5_000);
    const near = await watcher("near", busy.uid, 70);
    const nearScoresBefore = new Map(world.leaderboard(busy.uid)!.map((entry) => [entry.accountId, entry.score]));
    const standing = (w: typeof deep) => world.leaderboard(w.mapUid)!.find((entry) => entry.accountId === w.before.accountId)!;
    const passedNear = () => standing(near).position > near.before.position;
    let runAt = new Date(Date.UTC(t0.getUTCFullYear(), t0.getUTCMonth(), t0.getUTCDate(), 7) + DAY);
    for (advanceTo(runAt); standing(deep).position === deep.before.position || !passedNear(); advanceTo(runAt)) runAt = new Date(runAt.getTime() + DAY);
    const deepNow = standing(deep);
    const nearNow = standing(near);
    expect(deepNow.score).toBe(deep.before.score);
    expect(nearNow.score).toBe(near.before.score);

    sandbox().setFaults({ rate429: 0.1, rate503: 0.1, retryAfterSeconds: 0 });
    const db = await getDb();
    const { run, queued } = await startDailyRun({ trigger: "schedule" });
    expect(queued).toBe(2);
    const checks = await db.jobRecord.findMany({ where: { job: "user-check", createdAt: { gte: new Date(Date.now() - 60 * 60_000) } }, orderBy: { createdAt: "asc" } });
    const direct = [...checks]
      .reverse()
      .map((record) => deliverAgain(() => userCheckJob.handle(userCheckPayloadSchema.parse(record.payload), { attempt: 1, messageId: `direct-${record.id}` })));
    for (const record of checks) await userCheckJob.enqueue(userCheckPayloadSchema.parse(record.payload), { deduplicationId: `redelivery:${record.id}` });
    await Promise.all(direct);
    await drainQueue({ timeoutMs: 240_000 });
    const sends = await db.jobRecord.findMany({ where: { job: "digest-send" } });
    const directSends = sends.map((record) =>
      deliverAgain(() => digestSendJob.handle(digestSendPayloadSchema.parse(record.payload), { attempt: 1, messageId: `direct-${record.id}` })),
    );
    for (const record of sends) await digestSendJob.enqueue(digestSendPayloadSchema.parse(record.payload), { deduplicationId: `redelivery:${record.id}` });
    await Promise.all(directSends);
    await drainQueue({ timeoutMs: 120_000 });
    sandbox().setFaults({});
    expect(sandbox().stats().faults["503"]).toBeGreaterThan(0);

    // Rank 5,000: found through the position endpoint, the closest driver named through surround.
    const closest = world.leaderboard(campaignMap)![deepNow.position - 2]!;
    const deepDigests = await digestsOf(deep.user.id);
    expect(deepDigests).toHaveLength(1);
    expect(deepDigests[0]).toMatchObject({ status: "SENT" });
    expect(deepDigests[0]!.parsed!.watches).toEqual([
      expect.objectContaining({
        triggers: ["passed"],
        passedCount: deepNow.position - deep.before.position,
        position: deepNow.position,
        previousPosition: deep.before.position,
        beyondTop: true,
        passers: [{ accountId: closest.accountId, displayName: closest.displayName, score: closest.score, position: closest.position }],
      }),
    ]);

    // Inside the top: exactly the drivers now ahead who were not before.
    const nearDigests = await digestsOf(near.user.id);
    expect(nearDigests).toHaveLength(1);
    const nearPassers = world
      .leaderboard(busy.uid)!
      .filter((entry) => entry.score < nearNow.score && (nearScoresBefore.get(entry.accountId) ?? Number.POSITIVE_INFINITY) >= near.before.score);
    expect(nearDigests[0]!.parsed!.watches).toEqual([
      expect.objectContaining({ triggers: ["passed"], passedCount: nearPassers.length, position: nearNow.position, previousPosition: near.before.position, beyondTop: false }),
    ]);
    expect(nearDigests[0]!.parsed!.watches![0]!.passers.map((passer) => passer.accountId).sort()).toEqual(nearPassers.map((entry) => entry.accountId).sort());

    for (const w of [deep, near]) {
      expect(await outboxTo(w.user.email)).toHaveLength(1);
      expect(await db.notification.count({ where: { userId: w.user.id, kind: "DRIVER_BEATEN" } })).toBe(1);
      expect(await db.driverWatch.findFirstOrThrow({ where: { userId: w.user.id } })).toMatchObject({ lastPosition: standing(w).position, lastScore: w.before.score });
    }
    const finished = await db.dailyRun.findUniqueOrThrow({ where: { id: run.id } });
    expect(finished).toMatchObject({ status: "FINISHED", usersChecked: 2, emailsSent: 2, emailsFailed: 0 });
  }, 300_000);
});
