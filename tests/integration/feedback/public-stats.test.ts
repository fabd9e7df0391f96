import { afterEach, describe, expect, it, vi } from "vitest";

// The landing page's site totals: what they count, and that they are read from KV for five minutes
// (the store's TTL decides, moved with a fake clock rather than by waiting) and read directly when
// KV fails.

const { getDb } = await import("@/lib/db");
const { getKv } = await import("@/lib/kv");
const { getPublicStats, PUBLIC_STATS_KEY, PUBLIC_STATS_TTL_SECONDS } = await import("@/lib/stats");
const { createUser } = await import("../checks/support");
const { setClock, advanceClock } = await import("../accounts/support");

afterEach(() => {
  vi.useRealTimers();
});

async function seedMap(uid: string) {
  const db = await getDb();
  await db.map.create({
    data: { uid, name: uid, authorAccountId: "author-1", authorTime: 40_000, goldTime: 42_000, silverTime: 46_000, bronzeTime: 52_000 },
  });
}

describe("public stats", () => {
  it("count users (not disabled ones), distinct watched maps across alerts and watches, and records reported in digests", async () => {
    const db = await getDb();
    await getKv().del(PUBLIC_STATS_KEY);
    expect(await getPublicStats()).toEqual({ users: 0, mapsWatched: 0, recordsReported: 0 });
    await getKv().del(PUBLIC_STATS_KEY);

    const mapper = await createUser();
    const driver = await createUser();
    const gone = await createUser();
    await db.user.update({ where: { id: gone.id }, data: { disabledAt: new Date() } });
    for (const uid of ["map-a", "map-b", "map-c", "map-d"]) await seedMap(uid);
    // map-a in two alerts and a watch, map-b in an alert, map-c in a watch: three maps. map-d is nobody's.
    const alert1 = await db.mapperAlert.create({ data: { userId: mapper.id, mapperAccountId: "author-1", mapperDisplayName: "Author" } });
    const alert2 = await db.mapperAlert.create({ data: { userId: driver.id, mapperAccountId: "author-1", mapperDisplayName: "Author" } });
    await db.mapperAlertMap.createMany({
      data: [
        { alertId: alert1.id, mapUid: "map-a" },
        { alertId: alert1.id, mapUid: "map-b" },
        { alertId: alert2.id, mapUid: "map-a" },
      ],
    });
    await db.driverWatch.createMany({
      data: [
        { userId: driver.id, mapUid: "map-a", accountId: "driver-acc" },
        { userId: driver.id, mapUid: "map-c", accountId: "driver-acc" },
      ],
    });
    // Two records and one passed driver are records reported; a new map is not.
    await db.notification.createMany({
      data: [
        { userId: mapper.id, kind: "MAPPER_RECORD", mapUid: "map-a", payload: {} },
        { userId: mapper.id, kind: "MAPPER_RECORD", mapUid: "map-b", payload: {} },
        { userId: driver.id, kind: "DRIVER_BEATEN", mapUid: "map-c", payload: {} },
        { userId: mapper.id, kind: "NEW_MAP", mapUid: "map-d", payload: {} },
      ],
    });

    expect(await getPublicStats()).toEqual({ users: 2, mapsWatched: 3, recordsReported: 3 });
  });

  it("are cached in KV for five minutes: a new user shows only once the cached totals expire", async () => {
    setClock("2026-12-02T12:00:00Z");
    await getKv().del(PUBLIC_STATS_KEY);
    const before = await getPublicStats();
    expect(await getKv().ttl(PUBLIC_STATS_KEY)).toBe(PUBLIC_STATS_TTL_SECONDS);

    await createUser();
    advanceClock(PUBLIC_STATS_TTL_SECONDS * 1000 - 1_000);
    expect(await getPublicStats()).toEqual(before);

    advanceClock(2_000);
    expect(await getPublicStats()).toEqual({ ...before, users: before.users + 1 });
  });

  it("are read directly when KV fails", async () => {
    const holder = globalThis as typeof globalThis & { __trackwatchKv?: ReturnType<typeof getKv> };
    const working = getKv();
    await working.del(PUBLIC_STATS_KEY);
    const expected = await getPublicStats();
    await createUser();
    const broken = new Error("KV is down");
    holder.__trackwatchKv = { ...working, get: () => Promise.reject(broken), set: () => Promise.reject(broken) };
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      expect(await getPublicStats()).toEqual({ ...expected, users: expected.users + 1 });
      expect(warn).toHaveBeenCalledTimes(2);
    } finally {
      holder.__trackwatchKv = working;
      warn.mockRestore();
    }
  });
});
