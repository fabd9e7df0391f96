import { beforeAll, describe, expect, it } from "vitest";

process.env.SANDBOX_CLOCK = "manual";
process.env.SANDBOX_REQUESTS_PER_SECOND = "1000";

const { collectMapperAlertReports, markReported } = await import("@/lib/checks");
const { createMapperAlert, setAlertMode } = await import("@/lib/alerts");
const { getDb } = await import("@/lib/db");
const { getTrackmania } = await import("@/lib/trackmania");
const { DAY, createUser, recordsOf, runNow, sandbox, shape } = await import("./support");

const calls = (endpoint: string) => getTrackmania().stats().byEndpoint[endpoint] ?? 0;
const bea = () => sandbox().wellKnown.bigMapper;

/** Where each baseline score ranks on the real board now, minus where it ranked when stored: growth. */
async function mapsThatGrew(uids: readonly string[]): Promise<Set<string>> {
  const db = await getDb();
  const baselines = await db.mapBaseline.findMany({ where: { mapUid: { in: [...uids] } } });
  const grew = new Set<string>();
  for (const baseline of baselines) {
    const board = sandbox().world.leaderboard(baseline.mapUid) ?? [];
    const position = board.filter((entry) => entry.score <= baseline.score).length + 1;
    if (position > baseline.position) grew.add(baseline.mapUid);
  }
  return grew;
}

/** What a diff against what Trackwatch saw before must find on a map: new drivers and improved times in the top 100. */
async function expectedNews(mapUid: string, watchedFrom: Date): Promise<string[]> {
  const db = await getDb();
  const seen = new Map((await db.mapRecord.findMany({ where: { mapUid } })).map((row) => [row.accountId, row.score]));
  const from = Math.floor(watchedFrom.getTime() / 1000);
  return (sandbox().world.leaderboard(mapUid) ?? [])
    .slice(0, 100)
    .filter((entry) => entry.timestamp >= from && (seen.get(entry.accountId) ?? Number.POSITIVE_INFINITY) > entry.score)
    .map((entry) => shape(entry, mapUid));
}

describe("position mode", () => {
  let user: Awaited<ReturnType<typeof createUser>>;
  let watchedFrom: Date;

  beforeAll(async () => {
    user = await createUser();
    getTrackmania().resetStats();
    watchedFrom = sandbox().now();
    const alert = await createMapperAlert(user, { mapper: "name", displayName: "BigMapperBea" });
    expect(alert).toMatchObject({ mode: "POSITION", mapCount: 150 });
  });

  it("starts every map from a baseline set at creation, with one position request per 50 maps", async () => {
    expect(calls("live.positions")).toBe(3);
    expect(calls("live.top")).toBe(0);
    expect(await (await getDb()).mapBaseline.count({ where: { mapUid: { in: bea().mapUids } } })).toBe(150);
  });

  it("fetches the tops of the maps whose count grew, and reports their new records", async () => {
    sandbox().advance(DAY);
    const grew = await mapsThatGrew(bea().mapUids);
    expect(grew.size).toBeGreaterThan(0);
    expect(grew.size).toBeLessThan(150);
    const expected = (await Promise.all([...grew].map((uid) => expectedNews(uid, watchedFrom)))).flat();

    getTrackmania().resetStats();
    const run = runNow();
    const result = await collectMapperAlertReports(user.id, run);
    expect(calls("live.positions")).toBe(3);
    expect(calls("live.top")).toBe(grew.size);
    expect(result.mapsChecked).toBe(150);
    expect(result.reports[0]).toMatchObject({ mode: "POSITION", mapsChecked: 150 });
    expect(recordsOf(result.reports).map((r) => shape(r)).sort()).toEqual(expected.sort());
    expect(expected.length).toBeGreaterThan(0);

    // Another user watching the same mapper in the same run costs nothing more.
    const neighbour = await createUser();
    await createMapperAlert(neighbour, { mapper: "name", displayName: "BigMapperBea" });
    getTrackmania().resetStats();
    await collectMapperAlertReports(neighbour.id, run);
    expect(calls("live.positions")).toBe(0);
    expect(calls("live.top")).toBe(0);

    const db = await getDb();
    await markReported(db, result.marks);
    expect(recordsOf((await collectMapperAlertReports(user.id, run)).reports)).toEqual([]);
  });

  it("keeps counting from the moved baselines: later records are reported once", async () => {
    sandbox().advance(DAY);
    const grew = await mapsThatGrew(bea().mapUids);
    expect(grew.size).toBeGreaterThan(0);
    const expected = (await Promise.all([...grew].map((uid) => expectedNews(uid, watchedFrom)))).flat();
    getTrackmania().resetStats();
    const run = runNow();
    const result = await collectMapperAlertReports(user.id, run);
    expect(calls("live.positions")).toBe(3);
    expect(calls("live.top")).toBe(grew.size);
    expect(recordsOf(result.reports).map((r) => shape(r)).sort()).toEqual(expected.sort());
    await markReported(await getDb(), result.marks);
  });
});

describe("position answers that leave a map out", () => {
  it("count the map as unchecked and ask again next run, without reporting anything twice", async () => {
    const user = await createUser();
    const alert = await createMapperAlert(user, { mapper: "name", displayName: "SmallMapperSam" });
    await setAlertMode(user, { alertId: alert.id, mode: "POSITION" });
    const db = await getDb();
    // A map Nadeo no longer answers for (deleted, or its leaderboard closed): the endpoint omits it.
    await db.map.create({
      data: { uid: "GhostMapNobodyCanDrive000", name: "Ghost", authorAccountId: sandbox().wellKnown.smallMapper.accountId, authorTime: 40_000, goldTime: 43_000, silverTime: 48_000, bronzeTime: 60_000 },
    });
    await db.mapperAlertMap.create({ data: { alertId: alert.id, mapUid: "GhostMapNobodyCanDrive000", reportedUntil: new Date(0) } });

    for (let run = 0; run < 2; run += 1) {
      sandbox().advance(DAY);
      getTrackmania().resetStats();
      const result = await collectMapperAlertReports(user.id, runNow());
      expect(calls("live.positions")).toBe(1);
      expect(result.mapsChecked).toBe(3);
      expect(result.reports[0]!.maps.map((m) => m.uid)).not.toContain("GhostMapNobodyCanDrive000");
      const seen = recordsOf(result.reports).map((r) => shape(r));
      expect(new Set(seen).size).toBe(seen.length);
      await markReported(db, result.marks);
    }
  });
});
