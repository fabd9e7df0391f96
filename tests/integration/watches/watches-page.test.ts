import { describe, expect, it } from "vitest";
import { errorOf } from "../../support/error-of";

process.env.SANDBOX_CLOCK = "manual";
process.env.SANDBOX_REQUESTS_PER_SECOND = "1000";

const watches = await import("@/lib/watches");
const { getTrackmania } = await import("@/lib/trackmania");
const { getKv } = await import("@/lib/kv");
const { createDriver, driverNear, sandbox } = await import("./support");

/**
 * /watches as an address opens it: a link or an image tag on another site can point a signed-in
 * browser at `/watches?q=…`, `?mapper=…` or `?map=…`, so what the page loads from the address alone
 * must cost Trackmania nothing and spend none of the user's look-up budget. Look-ups are posted
 * (lib/actions/watches.ts); a mapper's listing is shared from KV for an hour, read only as far as shown.
 */

const sam = () => sandbox().wellKnown.smallMapper;
const bea = () => sandbox().wellKnown.bigMapper;
/** Requests as the app's client counts them and as the sandbox saw them. */
const requests = () => ({ client: getTrackmania().stats().requests, sandbox: sandbox().stats().requests });

describe("the watches page opened from its address", () => {
  it("asks Trackmania nothing and spends no look-up for ?q=, ?mapper= or ?map=, however often it is opened", async () => {
    const uid = sam().mapUids[0]!;
    const entry = driverNear(uid, 30);
    const user = await createDriver(entry.accountId, entry.displayName);
    await watches.createDriverWatch(user, { mapUid: uid, condition: "PASSED" });
    // The list's own world records are read once and kept in KV: what the address adds must cost nothing.
    await watches.getWatchesPage(user, {});

    const before = requests();
    const tmxId = sandbox().world.map(uid)!.tmx!.mapId;
    const addresses = [
      { q: "a" },
      { q: `https://trackmania.exchange/mapshow/${tmxId}` },
      { q: sam().mapUids[1]! },
      { mapper: bea().displayName },
      { mapper: "NobodyMapsUnderThisName" },
      { map: sam().mapUids[2]! },
      { map: "not a uid; DROP TABLE" },
      { q: "b", mapper: sam().displayName, map: uid },
    ];
    for (let round = 0; round < 10; round++) {
      for (const search of addresses) await watches.getWatchesPage(user, search);
    }
    expect(requests()).toEqual(before);

    // Adding the watch spent one of the 60 look-ups an hour; 80 openings later, the other 59 are all there.
    for (let i = 0; i < 59; i++) await watches.findWatchMaps(user, { query: uid });
    expect(await errorOf(watches.findWatchMaps(user, { query: uid }))).toMatchObject({ code: "rate_limited:watchLookupsByUser" });
  });

  it("pre-fills the look-up forms from the address, and shows a mapper's maps only from a listing someone posted in the last hour", async () => {
    const user = await createDriver(sandbox().wellKnown.topDriver.accountId);
    expect((await watches.getWatchesPage(user, { q: "  winter  " })).lookup).toEqual({ status: "idle", values: { query: "winter", mapper: "" }, listing: null });
    const uid = sam().mapUids[1]!;
    expect((await watches.getWatchesPage(user, { map: uid })).lookup).toEqual({ status: "idle", values: { query: uid, mapper: "" }, listing: null });
    expect(await watches.getWatchesPage(user, { mapper: "SmallMapperSam" })).toMatchObject({
      lookup: { status: "idle", values: { query: "", mapper: "SmallMapperSam" }, listing: null },
      mapperListing: null,
    });

    // Another user posts the look-up: from then on the address shows it, for free.
    const other = await createDriver(sandbox().wellKnown.topDriver.accountId);
    await watches.listMapperMaps(other, { mapper: "SmallMapperSam" });
    const before = requests();
    const page = await watches.getWatchesPage(user, { mapper: "smallmappersam" });
    expect(page.lookup).toEqual({ status: "idle", values: { query: "", mapper: "smallmappersam" }, listing: null });
    expect(page.mapperListing).toMatchObject({ kind: "mapper", mapper: "smallmappersam", more: false });
    expect(page.mapperListing!.candidates.map((candidate) => candidate.uid).sort()).toEqual([...sam().mapUids].sort());
    expect(requests()).toEqual(before);
  });
});

describe("a mapper's maps", () => {
  it("reads only the page shown (the newest 100), once an hour for everyone", async () => {
    const first = await createDriver(sandbox().wellKnown.topDriver.accountId);
    const tmxBefore = getTrackmania().stats().byEndpoint["tmx.maps"] ?? 0;
    const listing = await watches.listMapperMaps(first, { mapper: bea().displayName });
    // One Trackmania Exchange request for 100 of BigMapperBea's 150 maps, not every page of the catalogue.
    expect((getTrackmania().stats().byEndpoint["tmx.maps"] ?? 0) - tmxBefore).toBe(1);
    expect(listing).toMatchObject({ mapper: bea().displayName, more: true });
    expect(listing.candidates).toHaveLength(watches.MAPPER_MAPS_LIMIT);
    const newest = sandbox()
      .world.maps(bea().accountId)
      .map((map) => map.tmx!.mapId)
      .sort((a, b) => b - a)
      .slice(0, watches.MAPPER_MAPS_LIMIT);
    expect(listing.candidates.map((candidate) => candidate.tmxId)).toEqual(newest);
    expect(listing.candidates[0]).toMatchObject({ authors: [bea().displayName], uploadedAt: expect.any(Date) });

    // Kept for an hour and shared: another user, in another case, costs nothing and spends no look-up.
    const ttl = await getKv().ttl(`watches:mapper-maps:v1:${encodeURIComponent(bea().displayName.toLowerCase())}`);
    expect(ttl).toBeGreaterThan(3_500);
    expect(ttl).toBeLessThanOrEqual(3_600);
    const second = await createDriver(sandbox().wellKnown.topDriver.accountId);
    const before = requests();
    const again = await watches.listMapperMaps(second, { mapper: bea().displayName.toUpperCase() });
    expect(requests()).toEqual(before);
    expect(again).toEqual({ ...listing, mapper: bea().displayName.toUpperCase() });
  });
});
