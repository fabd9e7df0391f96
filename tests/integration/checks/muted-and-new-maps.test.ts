import { beforeAll, describe, expect, it } from "vitest";

process.env.SANDBOX_CLOCK = "manual";
process.env.SANDBOX_REQUESTS_PER_SECOND = "1000";

const { collectMapperAlertReports, markReported } = await import("@/lib/checks");
const { createMapperAlert, setAlertMapMuted } = await import("@/lib/alerts");
const { getDb } = await import("@/lib/db");
const { getTrackmania } = await import("@/lib/trackmania");
const { DAY, createUser, recordsOf, runNow, sandbox, shape, truthSince } = await import("./support");

const calls = (endpoint: string) => getTrackmania().stats().byEndpoint[endpoint] ?? 0;
const busiest = () => sandbox().wellKnown.smallMapper.mapUids[0]!;

describe("muted maps", () => {
  let user: Awaited<ReturnType<typeof createUser>>;
  let alertId: string;

  beforeAll(async () => {
    user = await createUser();
    alertId = (await createMapperAlert(user, { mapper: "name", displayName: "SmallMapperSam" })).id;
    const db = await getDb();
    await markReported(db, (await collectMapperAlertReports(user.id, runNow())).marks);
  });

  it("are neither checked nor reported", async () => {
    await setAlertMapMuted(user, { alertId, mapUid: busiest(), muted: true });
    sandbox().advance(2 * DAY);
    expect(truthSince(busiest(), new Date(sandbox().now().getTime() - 2 * DAY)).length).toBeGreaterThan(0);
    getTrackmania().resetStats();
    const { reports, marks, mapsChecked } = await collectMapperAlertReports(user.id, runNow());
    expect(calls("live.top")).toBe(2);
    expect(mapsChecked).toBe(2);
    expect(recordsOf(reports).filter((r) => r.mapUid === busiest())).toEqual([]);
    expect(reports[0]!.maps.map((m) => m.uid)).not.toContain(busiest());
    const db = await getDb();
    await markReported(db, marks);
  });

  it("report only what is driven after unmuting, even when someone else checked the map meanwhile", async () => {
    // Another user's alert keeps the map's leaderboard checked while ours is muted.
    const other = await createUser();
    await createMapperAlert(other, { mapper: "name", displayName: "SmallMapperSam" });
    sandbox().advance(DAY);
    const meanwhile = runNow();
    await collectMapperAlertReports(other.id, meanwhile);
    const db = await getDb();
    await markReported(db, (await collectMapperAlertReports(user.id, meanwhile)).marks);

    sandbox().advance(DAY);
    const unmutedAt = sandbox().now();
    await setAlertMapMuted(user, { alertId, mapUid: busiest(), muted: false });
    sandbox().advance(2 * DAY);
    const { reports } = await collectMapperAlertReports(user.id, runNow());
    const onBusiest = recordsOf(reports).filter((r) => r.mapUid === busiest());
    expect(onBusiest.map((r) => shape(r)).sort()).toEqual(truthSince(busiest(), unmutedAt).map((e) => shape(e, busiest())).sort());
    expect(onBusiest.length).toBeGreaterThan(0);
  });
});

describe("new maps by the mapper", () => {
  it("join the alert in the next run and are announced once as new", async () => {
    const user = await createUser();
    const alert = await createMapperAlert(user, { mapper: "name", displayName: "SmallMapperSam" });
    const db = await getDb();
    // As if Sam had published the quiet map after the alert was made: the alert does not have it yet.
    const quiet = sandbox().wellKnown.smallMapper.mapUids[2]!;
    await db.mapperAlertMap.delete({ where: { alertId_mapUid: { alertId: alert.id, mapUid: quiet } } });

    sandbox().advance(DAY);
    const first = await collectMapperAlertReports(user.id, runNow());
    const announced = first.reports[0]!.maps.filter((map) => map.isNew);
    expect(announced.map((map) => map.uid)).toEqual([quiet]);
    expect(announced[0]).toMatchObject({ uid: quiet, name: expect.any(String), authorTime: sandbox().world.map(quiet)!.authorTime });
    expect(first.mapsChecked).toBe(3);
    expect(await db.mapperAlertMap.count({ where: { alertId: alert.id } })).toBe(3);

    // Not marked yet: still new. Once delivered: no longer.
    const repeated = await collectMapperAlertReports(user.id, runNow());
    expect(repeated.reports[0]!.maps.filter((map) => map.isNew).map((map) => map.uid)).toEqual([quiet]);
    await markReported(db, repeated.marks);
    const later = await collectMapperAlertReports(user.id, runNow());
    expect(later.reports[0]!.maps.filter((map) => map.isNew)).toEqual([]);
  });
});
