import { beforeEach, describe, expect, it } from "vitest";
import { createMemoryKv } from "@/lib/kv/memory";
import { createTrackmaniaClient, type TrackmaniaClient } from "@/lib/trackmania/client";
import { TrackmaniaError } from "@/lib/trackmania/errors";
import { stripFormatting } from "@/lib/trackmania/schemas";
import { createSandbox, hours, type Sandbox } from "@/lib/trackmania/sandbox";

// What driver watches ask of the client, against the sandbox in-process (sandbox.fetch), default
// manual clock: 2026-06-01T00:00:00Z, Spring 2026 running, May's Tracks of the Day all out.

let sandbox: Sandbox;
let client: TrackmaniaClient;

beforeEach(() => {
  sandbox = createSandbox({ seed: 7 });
  client = createTrackmaniaClient({
    coreUrl: sandbox.urls.core,
    liveUrl: sandbox.urls.live,
    oauthUrl: sandbox.urls.oauth,
    tmxUrl: sandbox.urls.tmx,
    ...sandbox.credentials,
    userAgent: "Trackwatch/test (watches; test@localhost)",
    kv: createMemoryKv(),
    fetch: sandbox.fetch,
    requestsPerSecond: 1000,
    now: () => sandbox.now().getTime(),
  });
});

/** MidPackMia's record on a map of the current campaign, read the way a watch reads it. */
async function miaOn(mapUid: string) {
  const map = sandbox.world.map(mapUid)!;
  const [record] = await client.getPlayerRecords(sandbox.wellKnown.midPackDriver.accountId, [{ uid: map.uid, mapId: map.mapId }]);
  return { map, record: record! };
}

describe("Trackmania Exchange searches", () => {
  it("searches by name: 20 by default, up to 100, names plain and raw", async () => {
    const spring = await client.searchMapsByName("spring 2026");
    expect(spring).toHaveLength(20);
    expect(spring.every((m) => m.name.startsWith("Spring 2026 - "))).toBe(true);
    expect(spring[0]).toMatchObject({ authors: ["Nadeo"], mapId: expect.stringMatching(/^[0-9a-f-]{36}$/), awardCount: expect.any(Number) });
    expect(spring[0]!.uploadedAt).toEqual(new Date("2026-04-01T15:00:00Z"));
    expect(new Set((await client.searchMapsByName("Spring 2026", { limit: 40 })).map((m) => m.uid))).toEqual(
      new Set(sandbox.wellKnown.midPackDriver.mapUids),
    );
    expect(await client.searchMapsByName("spring", { limit: 500 })).toHaveLength(100);

    // A Track of the Day whose name carries formatting codes: found by its plain name.
    const styled = sandbox.world.officialMaps().findLast((m) => m.official!.kind === "totd" && m.name.includes("$"))!;
    const plain = stripFormatting(styled.name);
    const found = (await client.searchMapsByName(plain.toUpperCase(), { limit: 100 })).find((m) => m.uid === styled.uid);
    expect(found?.rawName).toBe(styled.name);
    expect(found?.name).toBe(plain);
    expect(client.stats().byEndpoint).toEqual({ "tmx.maps": 4 });

    await expect(client.searchMapsByName("  ")).rejects.toMatchObject({ kind: "invalid_request" });
  });

  it("finds maps by uid and by TMX id, 100 a request, in the order asked", async () => {
    const uids = [...sandbox.wellKnown.bigMapper.mapUids, "NoSuchMapUid_______________", ...sandbox.wellKnown.midPackDriver.mapUids.slice(0, 5)];
    const byUid = await client.getTmxMapsByUid(uids);
    expect(byUid.map((m) => m.uid)).toEqual(uids.filter((uid) => uid !== "NoSuchMapUid_______________"));
    expect(client.stats().byEndpoint).toEqual({ "tmx.maps": 2 });

    const ids = byUid.map((m) => m.tmxId).reverse();
    const byId = await client.getTmxMapsById(ids);
    expect(byId.map((m) => m.tmxId)).toEqual(ids);
    expect(client.stats().byEndpoint).toEqual({ "tmx.maps": 4 });

    const one = byUid[0]!;
    expect(await client.getTmxMap({ uid: one.uid })).toEqual(one);
    expect(await client.getTmxMap({ tmxId: one.tmxId })).toEqual(one);
    expect(await client.getTmxMap({ uid: "NoSuchMapUid_______________" })).toBeNull();
    expect(one).toMatchObject({ mapId: sandbox.world.map(one.uid)!.mapId, authors: [sandbox.wellKnown.bigMapper.displayName] });
  });
});

describe("the official calendar", () => {
  it("reads the current campaign", async () => {
    const campaign = await client.getCurrentOfficialCampaign();
    expect(campaign).toEqual({
      name: "Spring 2026",
      mapUids: sandbox.wellKnown.midPackDriver.mapUids,
      startsAt: new Date("2026-04-01T15:00:00Z"),
      endsAt: new Date("2026-07-01T15:00:00Z"),
    });
    expect(client.stats().byEndpoint).toEqual({ "core.token": 1, "live.officialCampaigns": 1 });
  });

  it("reads the Tracks of the Day that have started, month by month", async () => {
    // June has not started at midnight on the 1st (its first track comes at 19:00 Paris time).
    expect(await client.getTracksOfTheDay()).toEqual({ year: 2026, month: 6, days: [] });
    const may = await client.getTracksOfTheDay(1);
    expect(may).toMatchObject({ year: 2026, month: 5 });
    expect(may.days.map((d) => d.day)).toEqual(Array.from({ length: 31 }, (_, i) => i + 1));
    expect(may.days[30]).toMatchObject({ startsAt: new Date("2026-05-31T17:00:00Z"), endsAt: new Date("2026-06-01T17:00:00Z") });
    const uidOf = (key: string) => sandbox.world.officialMaps().find((m) => m.official!.key === key)!.uid;
    expect(may.days[0]!.mapUid).toBe(uidOf("totd:2026-05-01"));

    sandbox.advance(hours(24 * 2 + 18));
    const june = await client.getTracksOfTheDay(0);
    expect(june.days.map((d) => d.day)).toEqual([1, 2, 3]);
    // A track released after the start is a map like any other.
    const [info] = await client.getMapInfo([june.days[2]!.mapUid]);
    expect(info).toMatchObject({ uid: uidOf("totd:2026-06-03"), authorAccountId: sandbox.wellKnown.official.accountId });

    // Before July 2020 there are no months: named from the clock, no days.
    expect(await client.getTracksOfTheDay(80)).toEqual({ year: 2019, month: 10, days: [] });
    expect(client.stats().byEndpoint).toMatchObject({ "live.totd": 4, "live.mapInfo": 1 });
  });
});

describe("a driver's standing", () => {
  it("reads MidPackMia's record on a campaign map through its map id", async () => {
    const uid = sandbox.wellKnown.midPackDriver.mapUids[0]!;
    const { map, record } = await miaOn(uid);
    const board = sandbox.world.leaderboard(uid)!;
    const mine = board.find((e) => e.accountId === sandbox.wellKnown.midPackDriver.accountId)!;
    expect(record).toMatchObject({ accountId: mine.accountId, mapUid: uid, mapId: map.mapId, time: mine.score });
    expect(mine.position).toBeGreaterThanOrEqual(1_200);
    expect(mine.position).toBeLessThanOrEqual(2_100);
    // The id was given: no map-info lookup.
    expect(client.stats().byEndpoint).toEqual({ "core.token": 1, "core.records": 1 });

    // A game mode is passed through (the sandbox has no clones: an empty list, like a map without them).
    const clones = await client.getPlayerRecords(mine.accountId, [{ uid, mapId: map.mapId, gameMode: "TimeAttackClone" }]);
    expect(clones).toEqual([]);
    const modes = await client.getPlayerRecords(mine.accountId, [uid, { uid, mapId: map.mapId, gameMode: "TimeAttackClone" }]);
    expect(modes.map((r) => r.time)).toEqual([mine.score]);
    expect(client.stats().byEndpoint["core.records"]).toBe(4);
  });

  it("names the drivers just ahead and behind her, at a position the top pages and the position endpoint agree with", async () => {
    const uid = sandbox.wellKnown.midPackDriver.mapUids[4]!;
    const { record } = await miaOn(uid);
    const surround = await client.getSurround(uid, record.time!);
    expect(client.stats().byEndpoint["live.surround"]).toBe(1);
    expect(surround).not.toBeNull();
    const { position, above, below } = surround!;
    expect(position).toBeGreaterThan(1_000);

    // Beyond the first 1,000: the pages around her.
    const top = await client.getTop(uid, { depth: Math.ceil((position + 1) / 100) * 100 });
    expect(top[position - 1]!.accountId).toBe(sandbox.wellKnown.midPackDriver.accountId);
    expect(above).toMatchObject({ position: position - 1, accountId: top[position - 2]!.accountId, score: top[position - 2]!.score });
    expect(below).toMatchObject({ position: position + 1, accountId: top[position]!.accountId, score: top[position]!.score });
    expect(above!.score!).toBeLessThan(record.time!);
    expect(below!.score!).toBeGreaterThan(record.time!);

    // The position endpoint ranks a new record after equal ones: her time → right behind her.
    const positions = await client.getPositions([{ mapUid: uid, score: record.time! }]);
    expect(positions).toEqual([{ mapUid: uid, score: record.time, position: position + 1 }]);
    const justBetter = await client.getPositions([{ mapUid: uid, score: record.time! - 1 }]);
    expect(justBetter[0]!.position).toBe(position);
  });

  it("answers the ends of the board and unknown maps", async () => {
    const uid = sandbox.wellKnown.midPackDriver.mapUids[1]!;
    const board = sandbox.world.leaderboard(uid)!;
    const first = await client.getSurround(uid, board[0]!.score - 5);
    expect(first).toMatchObject({ position: 1, above: null, below: { position: 1, accountId: sandbox.wellKnown.topDriver.accountId } });
    const last = await client.getSurround(uid, board.at(-1)!.score + 5_000);
    expect(last).toMatchObject({ position: board.length + 1, below: null, above: { position: board.length } });
    expect(await client.getSurround("NoSuchMapUid_______________", 50_000)).toEqual({
      mapUid: "NoSuchMapUid_______________",
      score: 50_000,
      position: 1,
      above: null,
      below: null,
    });
  });

  it("gets a 400 validation error for ids that are not uuids", async () => {
    const { map } = await miaOn(sandbox.wellKnown.midPackDriver.mapUids[0]!);
    const byName = await client.getPlayerRecords("MidPackMia", [{ uid: map.uid, mapId: map.mapId }]).catch((e: unknown) => e);
    expect(byName).toBeInstanceOf(TrackmaniaError);
    expect(byName).toMatchObject({ kind: "http", upstreamStatus: 400, endpoint: "core.records" });
    const uidAsId = await client.getPlayerRecords(sandbox.wellKnown.midPackDriver.accountId, [{ uid: map.uid, mapId: map.uid }]).catch((e: unknown) => e);
    expect(uidAsId).toMatchObject({ upstreamStatus: 400 });
    // Not retried: a validation error is permanent.
    expect(client.stats().byEndpoint["core.records"]).toBe(3);
  });
});
