import { GET as serveSandboxRoute } from "@/app/sandbox/[...path]/route";
import { describe, expect, it } from "vitest";
import { errorOf } from "../../support/error-of";

process.env.SANDBOX_CLOCK = "manual";
process.env.SANDBOX_REQUESTS_PER_SECOND = "1000";

const alerts = await import("@/lib/alerts");
const { collectMapperAlertReports } = await import("@/lib/checks");
const { getDb } = await import("@/lib/db");
const { AppError } = await import("@/lib/errors");
const { getTrackmania } = await import("@/lib/trackmania");
const { createUser, recordsOf, runNow, sandbox } = await import("../checks/support");

const sam = () => sandbox().wellKnown.smallMapper;
/** Mappers of the generated world, for users who need several alerts. */
const otherMappers = () => sandbox().world.mappers().slice(2, 6).map((player) => player.displayName);

describe("creating an alert", () => {
  it("watches the user's own linked account by default", async () => {
    const user = await createUser({ tmAccountId: sam().accountId, tmDisplayName: "SmallMapperSam" });
    const alert = await alerts.createMapperAlert(user, { mapper: "self" });
    expect(alert).toMatchObject({ mapperAccountId: sam().accountId, mapperDisplayName: "SmallMapperSam", mode: "ACCURATE", mapCount: 3 });
    const list = await alerts.listMapperAlerts(user);
    expect(list).toMatchObject({ used: 1, limit: 3, linkedAccount: { accountId: sam().accountId, displayName: "SmallMapperSam" } });
    expect(list.alerts[0]).toMatchObject({ mapperDisplayName: "SmallMapperSam", mapCount: 3, mutedCount: 0, recordFilter: "ALL", topN: 5 });
  });

  it("asks a user without a linked account to link it or name a mapper", async () => {
    const user = await createUser();
    const error = await errorOf(alerts.createMapperAlert(user, { mapper: "self" }));
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "bad_request:mapper", message: expect.stringMatching(/Link it in Settings/) });
  });

  it("finds any mapper by display name, whatever the case", async () => {
    const user = await createUser();
    const alert = await alerts.createMapperAlert(user, { mapper: "name", displayName: "  bigmapperbea " });
    expect(alert).toMatchObject({ mapperAccountId: sandbox().wellKnown.bigMapper.accountId, mapCount: 150, mode: "POSITION" });
  });

  it("says clearly when no player has the name, and creates nothing", async () => {
    const user = await createUser();
    const error = await errorOf(alerts.createMapperAlert(user, { mapper: "name", displayName: "NobodyIsCalledThis" }));
    expect(error).toMatchObject({ code: "not_found:mapper_name", status: 404, message: 'No Trackmania player is called "NobodyIsCalledThis". Check the spelling.' });
    expect((await alerts.listMapperAlerts(user)).used).toBe(0);
    const empty = await errorOf(alerts.createMapperAlert(user, { mapper: "name", displayName: "   " }));
    expect(empty).toMatchObject({ name: "ZodError" });
  });

  it("refuses a second alert for the same mapper", async () => {
    const user = await createUser({ tmAccountId: sam().accountId, tmDisplayName: "SmallMapperSam" });
    await alerts.createMapperAlert(user, { mapper: "name", displayName: "SmallMapperSam" });
    const error = await errorOf(alerts.createMapperAlert(user, { mapper: "self" }));
    expect(error).toMatchObject({ code: "conflict:mapper_alert", status: 409, message: "You already have an alert for SmallMapperSam." });
    expect((await alerts.listMapperAlerts(user)).used).toBe(1);
  });

  it("enforces the admin's limit on the server, also for creations racing each other", async () => {
    const user = await createUser();
    const [a, b, c, d] = otherMappers();
    await alerts.createMapperAlert(user, { mapper: "name", displayName: a! });
    await alerts.createMapperAlert(user, { mapper: "name", displayName: b! });
    const raced = await Promise.allSettled([
      alerts.createMapperAlert(user, { mapper: "name", displayName: c! }),
      alerts.createMapperAlert(user, { mapper: "name", displayName: d! }),
    ]);
    expect(raced.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = raced.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: "limit_reached:mapper_alerts", message: "You already use 3 of 3 mapper alerts. Delete one to watch another mapper." });
    expect((await alerts.listMapperAlerts(user)).used).toBe(3);

    // The admin raises the limit: one more fits.
    const db = await getDb();
    await db.appConfig.update({ where: { id: 1 }, data: { maxMapperAlerts: 4 } });
    try {
      const last = raced[0]!.status === "rejected" ? c! : d!;
      await alerts.createMapperAlert(user, { mapper: "name", displayName: last });
      expect(await alerts.listMapperAlerts(user)).toMatchObject({ used: 4, limit: 4 });
      await expect(alerts.createMapperAlert(user, { mapper: "name", displayName: "SmallMapperSam" })).rejects.toMatchObject({ code: "limit_reached:mapper_alerts" });
    } finally {
      await db.appConfig.update({ where: { id: 1 }, data: { maxMapperAlerts: 3 } });
    }
  });
});

describe("tuning an alert", () => {
  it("mutes and unmutes single maps, only on the user's own alerts", async () => {
    const owner = await createUser();
    const stranger = await createUser();
    const { id } = await alerts.createMapperAlert(owner, { mapper: "name", displayName: "SmallMapperSam" });
    const uid = sam().mapUids[1]!;
    await alerts.setAlertMapMuted(owner, { alertId: id, mapUid: uid, muted: true });
    const detail = await alerts.getMapperAlert(owner, id);
    expect(detail!.maps.find((m) => m.uid === uid)!.muted).toBe(true);
    expect((await alerts.listMapperAlerts(owner)).alerts[0]!.mutedCount).toBe(1);

    await expect(alerts.setAlertMapMuted(stranger, { alertId: id, mapUid: uid, muted: false })).rejects.toMatchObject({ code: "not_found:alert" });
    await expect(alerts.setAlertMapMuted(owner, { alertId: id, mapUid: "NotAMapOfThisAlert", muted: false })).rejects.toMatchObject({ code: "not_found:alert_map" });
    expect(await alerts.getMapperAlert(stranger, id)).toBeNull();

    await alerts.setAlertMapMuted(owner, { alertId: id, mapUid: uid, muted: false });
    expect((await alerts.getMapperAlert(owner, id))!.maps.find((m) => m.uid === uid)!.muted).toBe(false);
  });

  it("sets the record filter, refusing nonsense on its own field", async () => {
    const user = await createUser();
    const { id } = await alerts.createMapperAlert(user, { mapper: "name", displayName: "SmallMapperSam" });
    expect(await alerts.updateAlertFilter(user, { alertId: id, recordFilter: "TOP_N", topN: "10" })).toMatchObject({ recordFilter: "TOP_N", topN: 10 });
    expect(await alerts.updateAlertFilter(user, { alertId: id, recordFilter: "WORLD_RECORD", topN: 10 })).toMatchObject({ recordFilter: "WORLD_RECORD" });
    for (const [input, field] of [
      [{ alertId: id, recordFilter: "TOP_N", topN: "0" }, "topN"],
      [{ alertId: id, recordFilter: "TOP_N", topN: "101" }, "topN"],
      [{ alertId: id, recordFilter: "TOP_N", topN: "five" }, "topN"],
      [{ alertId: id, recordFilter: "SOME", topN: 5 }, "recordFilter"],
    ] as const) {
      const error = await errorOf(alerts.updateAlertFilter(user, input as never));
      expect(error).toMatchObject({ name: "ZodError" });
      expect((error as { issues: { path: string[] }[] }).issues[0]!.path).toEqual([field]);
    }
    expect((await alerts.getMapperAlert(user, id))!.alert).toMatchObject({ recordFilter: "WORLD_RECORD", topN: 10 });
  });

  it("switches modes; entering position mode sets baselines so nothing old counts as new", async () => {
    const user = await createUser();
    const { id } = await alerts.createMapperAlert(user, { mapper: "name", displayName: "SmallMapperSam" });
    const db = await getDb();
    await db.mapBaseline.deleteMany({ where: { mapUid: { in: sam().mapUids } } });

    getTrackmania().resetStats();
    expect(await alerts.setAlertMode(user, { alertId: id, mode: "POSITION" })).toMatchObject({ mode: "POSITION", modeChosenByUser: true, baselinesInitialised: 3 });
    expect(getTrackmania().stats().byEndpoint["live.positions"]).toBe(1);
    expect(await db.mapBaseline.count({ where: { mapUid: { in: sam().mapUids } } })).toBe(3);

    // Nothing has happened since the baselines: a check asks where they stand and fetches no top.
    getTrackmania().resetStats();
    const result = await collectMapperAlertReports(user.id, runNow());
    expect(recordsOf(result.reports)).toEqual([]);
    expect(getTrackmania().stats().byEndpoint["live.top"] ?? 0).toBe(0);
    expect(result.reports[0]).toMatchObject({ mode: "POSITION", mapsChecked: 3 });

    expect(await alerts.setAlertMode(user, { alertId: id, mode: "AUTO" })).toMatchObject({ mode: "ACCURATE", modeChosenByUser: false });
    const detail = await alerts.getMapperAlert(user, id);
    expect(detail!.alert).toMatchObject({ mode: "ACCURATE", automaticMode: "ACCURATE", positionModeThreshold: 100 });
    await expect(alerts.setAlertMode(user, { alertId: id, mode: "FAST" as never })).rejects.toMatchObject({ name: "ZodError" });
  });

  it("shows the maps with plain names, medal times and world records", async () => {
    const user = await createUser();
    const { id } = await alerts.createMapperAlert(user, { mapper: "name", displayName: "SmallMapperSam" });
    const detail = (await alerts.getMapperAlert(user, id))!;
    expect(detail.maps).toHaveLength(3);
    for (const map of detail.maps) {
      const truth = sandbox().world.map(map.uid)!;
      expect(map).toMatchObject({ authorTime: truth.authorTime, goldTime: truth.goldTime, silverTime: truth.silverTime, bronzeTime: truth.bronzeTime, muted: false });
      expect(map.name).not.toContain("$");
      const board = sandbox().world.leaderboard(map.uid)!;
      // No check has read the maps yet: the page previews their world records.
      expect(map.worldRecord).toMatchObject({
        known: true,
        record: board[0] ? { score: board[0].score, accountId: board[0].accountId, displayName: board[0].displayName } : null,
      });
      // The sandbox's thumbnails are served by the app itself, so a browser (or a mail client) can load them.
      const src = alerts.browserThumbnailSrc(map.thumbnailUrl)!;
      expect(src).toBe(`http://localhost:3000/sandbox/core/thumbnails/${map.uid}.svg`);
      const picture = await serveSandboxRoute(new Request(src));
      expect(picture.status).toBe(200);
      expect(picture.headers.get("content-type")).toContain("image/svg+xml");
    }
  });

  it("deletes only the user's own alert", async () => {
    const owner = await createUser();
    const stranger = await createUser();
    const { id } = await alerts.createMapperAlert(owner, { mapper: "name", displayName: "SmallMapperSam" });
    await expect(alerts.deleteMapperAlert(stranger, id)).rejects.toMatchObject({ code: "not_found:alert" });
    expect(await alerts.deleteMapperAlert(owner, id)).toMatchObject({ id, mapperDisplayName: "SmallMapperSam" });
    expect((await alerts.listMapperAlerts(owner)).used).toBe(0);
    // The maps stay known for everyone else.
    expect(await (await getDb()).map.count({ where: { uid: { in: sam().mapUids } } })).toBe(3);
  });
});
