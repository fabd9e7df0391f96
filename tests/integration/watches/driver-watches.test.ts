import { describe, expect, it } from "vitest";
import { errorOf } from "../../support/error-of";

process.env.SANDBOX_CLOCK = "manual";
process.env.SANDBOX_REQUESTS_PER_SECOND = "1000";

const watches = await import("@/lib/watches");
const { getDb } = await import("@/lib/db");
const { medalFor } = await import("@/lib/checks");
const { getTrackmania, stripFormatting } = await import("@/lib/trackmania");
const { boardOf, createDriver, createUser, driverNear, mapWithoutTimeOf, sandbox } = await import("./support");

const sam = () => sandbox().wellKnown.smallMapper;
const teo = () => sandbox().wellKnown.topDriver;
const mapName = (uid: string) => stripFormatting(sandbox().world.map(uid)!.name);

describe("previewing a watch", () => {
  it("shows the user's time, world position, medal and gap to the world record as the leaderboard has them", async () => {
    const uid = sam().mapUids[0]!;
    const entry = driverNear(uid, 40);
    const [leader] = boardOf(uid);
    const user = await createDriver(entry.accountId, entry.displayName);
    const preview = await watches.previewDriverWatch(user, { mapUid: uid });
    const map = sandbox().world.map(uid)!;
    expect(preview).toMatchObject({
      map: { uid, name: mapName(uid), tmxId: map.tmx!.mapId, authorTime: map.authorTime },
      account: { accountId: entry.accountId, displayName: entry.displayName, verified: false },
      score: entry.score,
      drivenAt: new Date(entry.timestamp * 1000),
      position: entry.position,
      medal: medalFor(entry.score, map),
      worldRecord: { score: leader!.score, accountId: leader!.accountId, displayName: leader!.displayName },
      gapToWorldRecord: entry.score - leader!.score,
      holdsWorldRecord: false,
      existingWatchId: null,
    });
    expect(preview.map.thumbnailUrl).toMatch(/^https?:\/\//);
  });

  it("says when the user holds the world record", async () => {
    const uid = teo().mapUids[0]!;
    expect(boardOf(uid)[0]!.accountId).toBe(teo().accountId);
    const user = await createDriver(teo().accountId, teo().displayName, true);
    const preview = await watches.previewDriverWatch(user, { mapUid: uid });
    expect(preview).toMatchObject({ position: 1, holdsWorldRecord: true, gapToWorldRecord: 0, account: { verified: true } });
  });

  it("refuses a map where the user has no time, saying so", async () => {
    const user = await createDriver(teo().accountId, teo().displayName);
    const uid = mapWithoutTimeOf(teo().accountId);
    const error = await errorOf(watches.previewDriverWatch(user, { mapUid: uid }));
    expect(error).toMatchObject({ code: "not_found:driver_time", message: `You have no time on ${mapName(uid)} yet — drive it first.` });
    const refused = await errorOf(watches.createDriverWatch(user, { mapUid: uid, condition: "PASSED" }));
    expect(refused).toMatchObject({ code: "not_found:driver_time" });
    expect((await watches.listDriverWatches(user)).used).toBe(0);
  });

  it("asks a user without a Trackmania account to add one, and knows no made-up map", async () => {
    const user = await createUser();
    await expect(watches.previewDriverWatch(user, { mapUid: sam().mapUids[0]! })).rejects.toMatchObject({
      code: "bad_request:tm_account",
      message: expect.stringMatching(/Add your Trackmania account in Settings/),
    });
    const driver = await createDriver(teo().accountId);
    await expect(watches.previewDriverWatch(driver, { mapUid: "NoSuchMapUidInThisWorld000" })).rejects.toMatchObject({ code: "not_found:map" });
    await expect(watches.previewDriverWatch(driver, { mapUid: "not a uid; DROP TABLE" })).rejects.toMatchObject({ name: "ZodError" });
  });
});

describe("adding a watch", () => {
  it("by map uid: stores the map, the time, position and driven-at of the preview, and starts its report bound now", async () => {
    const uid = sam().mapUids[1]!;
    const entry = driverNear(uid, 20);
    const user = await createDriver(entry.accountId, entry.displayName);
    const found = await watches.findWatchMaps(user, { query: `  ${uid} ` });
    expect(found).toEqual({ exact: true, candidates: [expect.objectContaining({ uid, name: mapName(uid) })] });

    const watch = await watches.createDriverWatch(user, { mapUid: uid, condition: "PASSED", topN: "" });
    expect(watch).toMatchObject({ mapUid: uid, condition: "PASSED", topN: null, mapName: mapName(uid) });
    const db = await getDb();
    const row = await db.driverWatch.findUniqueOrThrow({ where: { id: watch.id }, include: { map: true } });
    expect(row).toMatchObject({
      accountId: entry.accountId,
      lastScore: entry.score,
      lastPosition: entry.position,
      lastDrivenAt: new Date(entry.timestamp * 1000),
      status: "ACTIVE",
      lastCheckedAt: sandbox().now(),
      reportedUntil: sandbox().now(),
      map: { uid, name: sandbox().world.map(uid)!.name, mapId: sandbox().world.map(uid)!.mapId },
    });

    const list = await watches.listDriverWatches(user);
    expect(list).toMatchObject({ used: 1, limit: 50, account: { accountId: entry.accountId } });
    const [leader] = boardOf(uid);
    expect(list.watches[0]).toMatchObject({
      id: watch.id,
      mapName: mapName(uid),
      score: entry.score,
      position: entry.position,
      medal: medalFor(entry.score, sandbox().world.map(uid)!),
      gapToWorldRecord: entry.score - leader!.score,
      worldRecord: { known: true, record: expect.objectContaining({ score: leader!.score, accountId: leader!.accountId }) },
      condition: "PASSED",
      paused: false,
      beyondAccurateDepth: false,
    });
  });

  it("by trackmania.io link", async () => {
    const uid = teo().mapUids[5]!;
    const entry = driverNear(uid, 5);
    const user = await createDriver(entry.accountId);
    for (const link of [`https://trackmania.io/#/leaderboard/${uid}`, `trackmania.io/#/leaderboard/${uid}?utm=x`, `https://trackmania.io/#/campaigns/leaderboard/3a1d2c5e-0000-4000-8000-000000000000/${uid}`]) {
      expect(await watches.findWatchMaps(user, { query: link })).toMatchObject({ exact: true, candidates: [{ uid }] });
    }
    await expect(watches.findWatchMaps(user, { query: "https://example.com/maps/12" })).rejects.toMatchObject({ code: "bad_request:query" });
    const watch = await watches.createDriverWatch(user, { mapUid: uid, condition: "LEFT_TOP_N", topN: "10" });
    expect(watch).toMatchObject({ condition: "LEFT_TOP_N", topN: 10 });
  });

  it("by Trackmania Exchange id or link", async () => {
    const uid = sam().mapUids[0]!;
    const tmxId = sandbox().world.map(uid)!.tmx!.mapId;
    const entry = driverNear(uid, 60);
    const user = await createDriver(entry.accountId);
    for (const query of [String(tmxId), `#${tmxId}`, `https://trackmania.exchange/mapshow/${tmxId}`, `https://trackmania.exchange/maps/${tmxId}/some-name`, `https://trackmania.exchange/s/tr/${tmxId}`]) {
      expect(await watches.findWatchMaps(user, { query }), query).toMatchObject({
        exact: true,
        candidates: [{ uid, tmxId, name: mapName(uid), authors: ["SmallMapperSam"] }],
      });
    }
    await expect(watches.findWatchMaps(user, { query: "#999999999" })).rejects.toMatchObject({ code: "not_found:map", message: "Trackmania Exchange has no map #999999999." });
    const watch = await watches.createDriverWatch(user, { mapUid: uid, condition: "PASSED" });
    expect((await watches.listDriverWatches(user)).watches[0]).toMatchObject({ id: watch.id, tmxId, position: entry.position });
  });

  it("from a search by name, or from a mapper's maps", async () => {
    const uid = sam().mapUids[1]!;
    const name = mapName(uid);
    // Part of the name, in another case: names match case-insensitively, anywhere in the name.
    const word = name.slice(1);
    const entry = driverNear(uid, 10);
    const user = await createDriver(entry.accountId);
    const found = await watches.findWatchMaps(user, { query: word.toLowerCase() });
    expect(found.exact).toBe(false);
    expect(found.candidates.length).toBeGreaterThan(0);
    expect(found.candidates.length).toBeLessThanOrEqual(watches.MAP_SEARCH_LIMIT);
    for (const candidate of found.candidates) expect(candidate.name.toLowerCase()).toContain(word.toLowerCase());
    const hit = found.candidates.find((candidate) => candidate.uid === uid);
    expect(hit).toMatchObject({ name, authors: ["SmallMapperSam"] });
    expect(await watches.findWatchMaps(user, { query: "no map is called like this" })).toEqual({ exact: false, candidates: [] });

    const mapper = await watches.listMapperMaps(user, { mapper: "smallmappersam" });
    expect(mapper).toMatchObject({ kind: "mapper", mapper: "smallmappersam", more: false });
    expect(mapper.candidates.map((candidate) => candidate.uid).sort()).toEqual([...sam().mapUids].sort());

    const watch = await watches.createDriverWatch(user, { mapUid: hit!.uid, condition: "LEFT_TOP_N", topN: "100" });
    expect(watch).toMatchObject({ mapUid: uid, topN: 100 });
  });

  it("notes watches past the depth daily runs read: their news can come a day late", async () => {
    const uid = sandbox().wellKnown.maps.busy;
    const entry = driverNear(uid, 400);
    const user = await createDriver(entry.accountId);
    await watches.createDriverWatch(user, { mapUid: uid, condition: "PASSED" });
    const list = await watches.listDriverWatches(user);
    expect(list.accurateDepth).toBe(100);
    expect(list.watches[0]).toMatchObject({ position: entry.position, beyondAccurateDepth: true });
    // What the position endpoint says for that time, kept so the daily run measures its later answers against it.
    const [answer] = await getTrackmania().getPositions([{ mapUid: uid, score: entry.score }]);
    const db = await getDb();
    expect(await db.driverWatch.findFirstOrThrow({ where: { userId: user.id } })).toMatchObject({ lastScore: entry.score, positionAnswer: answer!.position });
  });

  it("refuses a second watch on the same map", async () => {
    const uid = teo().mapUids[1]!;
    const user = await createDriver(teo().accountId);
    await watches.createDriverWatch(user, { mapUid: uid, condition: "PASSED" });
    const preview = await watches.previewDriverWatch(user, { mapUid: uid });
    expect(preview.existingWatchId).not.toBeNull();
    const error = await errorOf(watches.createDriverWatch(user, { mapUid: uid, condition: "LOST_WORLD_RECORD" }));
    expect(error).toMatchObject({ code: "conflict:driver_watch", status: 409, message: `You already watch ${mapName(uid)}.` });
    expect((await watches.listDriverWatches(user)).used).toBe(1);
  });

  it("enforces the admin's limit, also for adds racing each other", async () => {
    const db = await getDb();
    const user = await createDriver(teo().accountId);
    await db.appConfig.update({ where: { id: 1 }, data: { maxDriverWatches: 3 } });
    try {
      const [a, b, c, d] = teo().mapUids;
      await watches.createDriverWatch(user, { mapUid: a!, condition: "PASSED" });
      await watches.createDriverWatch(user, { mapUid: b!, condition: "PASSED" });
      const raced = await Promise.allSettled([
        watches.createDriverWatch(user, { mapUid: c!, condition: "PASSED" }),
        watches.createDriverWatch(user, { mapUid: d!, condition: "PASSED" }),
      ]);
      expect(raced.filter((result) => result.status === "fulfilled")).toHaveLength(1);
      const refused = raced.find((result) => result.status === "rejected") as PromiseRejectedResult;
      expect(refused.reason).toMatchObject({ code: "limit_reached:driver_watches", message: "You already use 3 of 3 driver watches. Remove one to watch another map." });
      expect(await watches.listDriverWatches(user)).toMatchObject({ used: 3, limit: 3 });
    } finally {
      await db.appConfig.update({ where: { id: 1 }, data: { maxDriverWatches: 50 } });
    }
  });

  it("refuses conditions it does not know and top-N depths it does not offer, on their own fields", async () => {
    const user = await createDriver(teo().accountId);
    for (const [input, field] of [
      [{ mapUid: teo().mapUids[2], condition: "LEFT_TOP_N", topN: "50" }, "topN"],
      [{ mapUid: teo().mapUids[2], condition: "LEFT_TOP_N", topN: "" }, "topN"],
      [{ mapUid: teo().mapUids[2], condition: "LEFT_TOP_N" }, "topN"],
      [{ mapUid: teo().mapUids[2], condition: "BEATEN", topN: "10" }, "condition"],
      [{ mapUid: "", condition: "PASSED" }, "mapUid"],
    ] as const) {
      const error = await errorOf(watches.createDriverWatch(user, input as never));
      expect(error, JSON.stringify(input)).toMatchObject({ name: "ZodError" });
      expect((error as { issues: { path: PropertyKey[] }[] }).issues.map((issue) => issue.path[0])).toEqual([field]);
    }
  });
});

describe("tuning and removing a watch", () => {
  it("changes the condition, pauses, resumes and removes, only for its owner", async () => {
    const uid = teo().mapUids[3]!;
    const owner = await createDriver(teo().accountId);
    const stranger = await createDriver(teo().accountId);
    const { id } = await watches.createDriverWatch(owner, { mapUid: uid, condition: "PASSED" });

    const notYours = { code: "not_found:watch", status: 404 };
    await expect(watches.updateWatchCondition(stranger, { watchId: id, condition: "LOST_WORLD_RECORD" })).rejects.toMatchObject(notYours);
    await expect(watches.setWatchPaused(stranger, { watchId: id, paused: true })).rejects.toMatchObject(notYours);
    await expect(watches.deleteDriverWatch(stranger, id)).rejects.toMatchObject(notYours);
    expect((await watches.listDriverWatches(stranger)).watches).toEqual([]);

    expect(await watches.updateWatchCondition(owner, { watchId: id, condition: "LEFT_TOP_N", topN: "1000" })).toMatchObject({ condition: "LEFT_TOP_N", topN: 1000 });
    expect(await watches.updateWatchCondition(owner, { watchId: id, condition: "LOST_WORLD_RECORD", topN: "1000" })).toMatchObject({ condition: "LOST_WORLD_RECORD", topN: null });

    const db = await getDb();
    await watches.setWatchPaused(owner, { watchId: id, paused: true });
    expect((await watches.listDriverWatches(owner)).watches[0]).toMatchObject({ paused: true, condition: "LOST_WORLD_RECORD" });
    expect((await db.driverWatch.findUniqueOrThrow({ where: { id } })).status).toBe("INACTIVE");

    sandbox().advance(3_600_000);
    await watches.setWatchPaused(owner, { watchId: id, paused: false });
    expect(await db.driverWatch.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "ACTIVE", reportedUntil: sandbox().now() });

    expect(await watches.deleteDriverWatch(owner, id)).toMatchObject({ id, mapUid: uid, mapName: mapName(uid) });
    expect((await watches.listDriverWatches(owner)).used).toBe(0);
    await expect(watches.deleteDriverWatch(owner, id)).rejects.toMatchObject(notYours);
    // The map stays for other watchers.
    expect(await db.map.findUnique({ where: { uid } })).not.toBeNull();
  });
});

describe("the look-up budget", () => {
  // Fixed windows: the wait is until the window's end, anything from seconds to an hour.
  it("refuses look-ups past 60 an hour per user, saying when to try again", async () => {
    const uid = teo().mapUids[4]!;
    const user = await createDriver(teo().accountId);
    for (let i = 0; i < 60; i++) await watches.previewDriverWatch(user, { mapUid: uid });
    const error = await errorOf(watches.findWatchMaps(user, { query: uid }));
    expect(error).toMatchObject({ code: "rate_limited:watchLookupsByUser", status: 429, message: expect.stringMatching(/^Too many map look-ups for your watches\. Try again in \d+ (seconds?|minutes?|hour)\.$/) });
    // Another user has a budget of their own.
    const other = await createDriver(teo().accountId);
    await expect(watches.previewDriverWatch(other, { mapUid: uid })).resolves.toMatchObject({ position: expect.any(Number) });
  });
});

describe("the settings toggle for the user's own improvements", () => {
  it("is on by default, and saved with the digest settings, also in its form spelling", async () => {
    const settings = await import("@/lib/settings");
    const user = await createDriver(teo().accountId);
    expect(await settings.getSettings(user)).toMatchObject({ reportOwnImprovements: true });
    await settings.updateDigestSettings(user, { emailNotifications: true, reportOwnImprovements: false, digestHour: 7, timezone: "UTC" });
    expect(await settings.getSettings(user)).toMatchObject({ reportOwnImprovements: false, emailNotifications: true });
    // Left as it is when a caller does not mention it.
    await settings.updateDigestSettings(user, { emailNotifications: false, digestHour: 8, timezone: "UTC" });
    expect(await settings.getSettings(user)).toMatchObject({ reportOwnImprovements: false, emailNotifications: false, digestHour: 8 });
    await settings.updateDigestSettings(user, { emailNotifications: "on", reportOwnImprovements: "on", digestHour: "9", timezone: "UTC" });
    expect(await settings.getSettings(user)).toMatchObject({ reportOwnImprovements: true });
    const error = await errorOf(settings.updateDigestSettings(user, { emailNotifications: true, reportOwnImprovements: "yes", digestHour: 7, timezone: "UTC" } as never));
    expect((error as { issues: { path: PropertyKey[] }[] }).issues.map((issue) => issue.path[0])).toEqual(["reportOwnImprovements"]);
  });
});
