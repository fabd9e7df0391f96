import { describe, expect, it } from "vitest";
import { errorOf } from "../../support/error-of";

process.env.SANDBOX_CLOCK = "manual";
process.env.SANDBOX_REQUESTS_PER_SECOND = "1000";

const watches = await import("@/lib/watches");
const { getDb } = await import("@/lib/db");
const { getTrackmania } = await import("@/lib/trackmania");
const { boardOf, createDriver, createUser, sandbox } = await import("./support");

type Progress = { done: number; total: number; message: string };
const mia = () => sandbox().wellKnown.midPackDriver;
const hasTime = (accountId: string) => (uid: string) => boardOf(uid).some((entry) => entry.accountId === accountId);

async function currentCampaign() {
  const campaign = await getTrackmania().getCurrentOfficialCampaign();
  if (!campaign) throw new Error("the sandbox runs no campaign");
  return campaign;
}

/** Progress reports count up to every map of the source, one report per map at least. */
function expectProgressToEnd(events: Progress[], total: number) {
  expect(events.length).toBeGreaterThanOrEqual(total);
  expect(events.every((event) => event.total === total)).toBe(true);
  expect(events.map((event) => event.done)).toEqual([...events.map((event) => event.done)].sort((a, b) => a - b));
  expect(events.at(-1)!.done).toBe(total);
}

describe("importing the current official campaign", () => {
  it("adds a watch on every map where the user has a time, at the time and exact position the leaderboards hold", async () => {
    const campaign = await currentCampaign();
    expect(campaign.mapUids).toEqual(mia().mapUids);
    const user = await createDriver(mia().accountId, "MidPackMia");
    const events: Progress[] = [];
    const result = await watches.importDriverWatches(user, { source: "campaign" }, { onProgress: (event) => events.push(event) });
    expect(result).toMatchObject({
      source: "campaign",
      sourceName: campaign.name,
      maps: 25,
      added: 25,
      skippedNoTime: 0,
      alreadyWatched: 0,
      leftAtLimit: 0,
      unreadable: 0,
      used: 25,
      limit: 50,
      message: "Added 25 watches.",
    });
    expectProgressToEnd(events, 25);

    const list = await watches.listDriverWatches(user);
    expect(list.watches.map((watch) => watch.mapUid).sort()).toEqual([...campaign.mapUids].sort());
    // All 25 times beyond the top the daily run reads: one position request gave each its baseline.
    const db = await getDb();
    expect(await db.driverWatch.count({ where: { userId: user.id, positionAnswer: { not: null } } })).toBe(25);
    for (const watch of list.watches) {
      const truth = boardOf(watch.mapUid).find((entry) => entry.accountId === mia().accountId)!;
      expect(watch).toMatchObject({ score: truth.score, position: truth.position, condition: "PASSED", beyondAccurateDepth: true });
      expect(watch.position).toBeGreaterThanOrEqual(1_200);
      expect(watch.worldRecord).toMatchObject({ known: true, record: { score: boardOf(watch.mapUid)[0]!.score } });
    }
  });

  it("skips and counts the maps where the user has no time, and leaves watched maps alone", async () => {
    const campaign = await currentCampaign();
    // A driver from the middle of the first map's board: on some campaign maps, not all.
    const driver = boardOf(campaign.mapUids[0]!).find((entry) => {
      const count = campaign.mapUids.filter(hasTime(entry.accountId)).length;
      return count > 3 && count < 22;
    })!;
    const withTime = campaign.mapUids.filter(hasTime(driver.accountId));
    const user = await createDriver(driver.accountId, driver.displayName);
    await watches.createDriverWatch(user, { mapUid: withTime[0]!, condition: "LOST_WORLD_RECORD" });

    const result = await watches.importDriverWatches(user, { source: "campaign" });
    const noTime = 25 - withTime.length;
    expect(result).toMatchObject({ added: withTime.length - 1, skippedNoTime: noTime, alreadyWatched: 1, leftAtLimit: 0, used: withTime.length });
    expect(result.message).toBe(
      `Added ${withTime.length - 1} watches; ${noTime} maps where you have no time were skipped; 1 map you already watch was left as it is.`,
    );
    const list = await watches.listDriverWatches(user);
    expect(list.watches.map((watch) => watch.mapUid).sort()).toEqual([...withTime].sort());
    // The watch made by hand keeps its own condition.
    expect(list.watches.find((watch) => watch.mapUid === withTime[0])!.condition).toBe("LOST_WORLD_RECORD");
  });

  it("stops at the limit and says so; at the limit it refuses before reading anything", async () => {
    const db = await getDb();
    const user = await createDriver(mia().accountId, "MidPackMia");
    const campaign = await currentCampaign();
    await db.appConfig.update({ where: { id: 1 }, data: { maxDriverWatches: 10 } });
    try {
      await watches.createDriverWatch(user, { mapUid: campaign.mapUids[24]!, condition: "PASSED" });
      await watches.createDriverWatch(user, { mapUid: campaign.mapUids[23]!, condition: "PASSED" });
      const events: Progress[] = [];
      const result = await watches.importDriverWatches(user, { source: "campaign" }, { onProgress: (event) => events.push(event) });
      expect(result).toMatchObject({ added: 8, alreadyWatched: 2, leftAtLimit: 15, used: 10, limit: 10 });
      expect(result.message).toBe("Added 8 watches; 2 maps you already watch were left as they are. Stopped at your limit of 10 watches: 15 maps were not added.");
      expectProgressToEnd(events, 25);
      // In playlist order: the first eight maps.
      const list = await watches.listDriverWatches(user);
      expect(list.watches.map((watch) => watch.mapUid).sort()).toEqual([...campaign.mapUids.slice(0, 8), campaign.mapUids[23], campaign.mapUids[24]].sort());

      getTrackmania().resetStats();
      const refused = await errorOf(watches.importDriverWatches(user, { source: "totd" }));
      expect(refused).toMatchObject({ code: "limit_reached:driver_watches", message: "You already use 10 of 10 driver watches. Remove one to watch another map." });
      expect(getTrackmania().stats().requests).toBe(0);
    } finally {
      await db.appConfig.update({ where: { id: 1 }, data: { maxDriverWatches: 50 } });
    }
  });

  it("needs a Trackmania account and a known source", async () => {
    const user = await createUser();
    await expect(watches.importDriverWatches(user, { source: "campaign" })).rejects.toMatchObject({ code: "bad_request:tm_account" });
    const driver = await createDriver(mia().accountId);
    await expect(watches.importDriverWatches(driver, { source: "season" as never })).rejects.toMatchObject({ name: "ZodError" });
  });
});

describe("importing this month's Tracks of the Day", () => {
  it("says when none has been released yet, then adds those with a time once days have passed", async () => {
    const user = await createDriver(mia().accountId);
    // The manual clock starts at midnight on the 1st: the month's first Track of the Day comes at 19:00 Paris time.
    await expect(watches.importDriverWatches(user, { source: "totd" })).rejects.toMatchObject({
      code: "not_found:totd",
      message: "No Track of the Day has been released in June 2026 yet.",
    });

    sandbox().advance(5 * 86_400_000);
    const month = await getTrackmania().getTracksOfTheDay(0);
    const uids = month.days.map((day) => day.mapUid);
    expect(uids).toHaveLength(5);
    const driver = boardOf(uids[0]!).find((entry) => uids.filter(hasTime(entry.accountId)).length < uids.length)!;
    const withTime = uids.filter(hasTime(driver.accountId));
    const drivingUser = await createDriver(driver.accountId, driver.displayName);
    const events: Progress[] = [];
    const result = await watches.importDriverWatches(drivingUser, { source: "totd" }, { onProgress: (event) => events.push(event) });
    expect(result).toMatchObject({
      sourceName: "Tracks of the Day, June 2026",
      maps: 5,
      added: withTime.length,
      skippedNoTime: 5 - withTime.length,
    });
    expectProgressToEnd(events, 5);
    const list = await watches.listDriverWatches(drivingUser);
    for (const watch of list.watches) {
      const truth = boardOf(watch.mapUid).find((entry) => entry.accountId === driver.accountId)!;
      expect(watch).toMatchObject({ score: truth.score, position: truth.position });
    }
  });
});
