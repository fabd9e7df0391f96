import { describe, expect, it } from "vitest";

process.env.SANDBOX_CLOCK = "manual";
process.env.SANDBOX_REQUESTS_PER_SECOND = "1000";

const { getDb } = await import("@/lib/db");
const { backfillMapTypes, coreMapRef, loadMapperCatalogue } = await import("@/lib/checks");
const { getTrackmania } = await import("@/lib/trackmania");
const { sandbox } = await import("./support");

const calls = (endpoint: string) => getTrackmania().stats().byEndpoint[endpoint] ?? 0;

describe("map types", () => {
  it("are read from Core for every stored map not read yet, 100 maps a request, and not again", async () => {
    const db = await getDb();
    const mapper = sandbox().wellKnown.bigMapper;
    await loadMapperCatalogue(mapper);
    const stored = await db.map.findMany({ where: { authorAccountId: mapper.accountId }, select: { uid: true, mapType: true, typeReadAt: true } });
    expect(stored.length).toBeGreaterThan(100);
    // Live's map info already tells the type; the clone flag waits for Core.
    for (const row of stored) expect(row).toMatchObject({ mapType: expect.stringMatching(/TM_/), typeReadAt: null });

    const pending = await db.map.count({ where: { typeReadAt: null } });
    const before = calls("core.maps");
    expect(await backfillMapTypes()).toBe(Math.min(pending, 1_000));
    expect(calls("core.maps") - before).toBe(Math.ceil(Math.min(pending, 1_000) / 100));
    const read = await db.map.findMany({ where: { authorAccountId: mapper.accountId } });
    for (const row of read) {
      expect(row.typeReadAt).not.toBeNull();
      const truth = sandbox().world.maps().find((map) => map.uid === row.uid)!;
      expect(row.mapId).toBe(truth.mapId);
    }

    // Passes go on until every row is read; then a pass asks nothing.
    while ((await backfillMapTypes()) > 0);
    expect(await db.map.count({ where: { typeReadAt: null } })).toBe(0);
    const again = calls("core.maps");
    expect(await backfillMapTypes()).toBe(0);
    expect(calls("core.maps")).toBe(again);
  });

  it("decide the mode Core's record reads are asked in", () => {
    const base = { uid: "u", mapId: "00000000-0000-4000-8000-000000000000" };
    expect(coreMapRef({ ...base, mapType: "TrackMania\\TM_Stunt" })).toEqual({ ...base, gameMode: "Stunt" });
    expect(coreMapRef({ ...base, mapType: "TrackMania\\TM_Platform" })).toEqual({ ...base, gameMode: "Platform" });
    expect(coreMapRef({ ...base, mapType: "TrackMania\\TM_Race", hasClones: true })).toEqual({ ...base, gameMode: "TimeAttackClone" });
    expect(coreMapRef({ ...base, mapType: "TrackMania\\TM_Race" })).toEqual(base);
    expect(coreMapRef({ uid: "u", mapId: null })).toBe("u");
  });
});
