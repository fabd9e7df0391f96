import { beforeAll, describe, expect, it } from "vitest";

process.env.SANDBOX_CLOCK = "manual";
process.env.SANDBOX_REQUESTS_PER_SECOND = "1000";

const { collectMapperAlertReports, markReported } = await import("@/lib/checks");
const { createMapperAlert } = await import("@/lib/alerts");
const { getDb } = await import("@/lib/db");
const { dayLeaderboardKey, hourRunKey, listDueUsers, localDayAndHour } = await import("@/lib/daily-run");
const { getTrackmania } = await import("@/lib/trackmania");
const { DAY, HOUR, createUser, recordsOf, runNow, sandbox, shape, truthBetween, truthSince } = await import("./support");

const calls = (endpoint: string) => getTrackmania().stats().byEndpoint[endpoint] ?? 0;

describe("one leaderboard fetch per map per run, however many users watch it", () => {
  let first: Awaited<ReturnType<typeof createUser>>;
  let second: Awaited<ReturnType<typeof createUser>>;

  beforeAll(async () => {
    first = await createUser();
    second = await createUser();
    await createMapperAlert(first, { mapper: "name", displayName: "SmallMapperSam" });
    await createMapperAlert(second, { mapper: "name", displayName: "SmallMapperSam" });
  });

  it("fetches each map once when the users are checked one after the other", async () => {
    sandbox().advance(DAY);
    getTrackmania().resetStats();
    const run = runNow();
    const a = await collectMapperAlertReports(first.id, run);
    const b = await collectMapperAlertReports(second.id, run);
    expect(calls("live.top")).toBe(3);
    expect(calls("tmx.maps")).toBe(1);
    expect(a.mapsChecked).toBe(3);
    expect(b.mapsChecked).toBe(3);
    // Both were watching from the same instant: the same news for both.
    expect(recordsOf(b.reports)).toEqual(recordsOf(a.reports));
    expect(recordsOf(a.reports).length).toBeGreaterThan(0);
    const db = await getDb();
    await markReported(db, a.marks);
    await markReported(db, b.marks);
  });

  it("fetches each map once when the checks run at the same time", async () => {
    sandbox().advance(DAY);
    getTrackmania().resetStats();
    const run = runNow();
    const [a, b] = await Promise.all([collectMapperAlertReports(first.id, run), collectMapperAlertReports(second.id, run)]);
    expect(calls("live.top")).toBe(3);
    expect(calls("tmx.maps")).toBe(1);
    expect(recordsOf(a.reports).length).toBeGreaterThan(0);
    expect(recordsOf(b.reports)).toEqual(recordsOf(a.reports));
  });

  it("fetches again in the next run, and not for a second run at the same instant", async () => {
    sandbox().advance(HOUR);
    getTrackmania().resetStats();
    const run = runNow();
    await collectMapperAlertReports(first.id, run);
    expect(calls("live.top")).toBe(3);
    // A retried run under another key but at the same instant: those leaderboards are already known.
    await collectMapperAlertReports(second.id, { key: `${run.key}-retry`, now: run.now });
    expect(calls("live.top")).toBe(3);
  });
});

describe("one look per map per UTC day, however the watchers' digest hours are spread", () => {
  // Two users due in different hourly runs of the same UTC day (07:00Z in Paris, 22:00Z in New York),
  // both watching Sam (accurate mode) and Bea (position mode, by catalogue size). Each check is made
  // as the daily run's user check makes it: that hour's run key, the day's leaderboard key, its marks
  // stored right after (check-user stores them with the digest).
  const earlyZone = "Europe/Paris";
  const lateZone = "America/New_York";
  let early: Awaited<ReturnType<typeof createUser>>;
  let late: Awaited<ReturnType<typeof createUser>>;
  let watchedFrom: Date;
  let firstDay: Date;
  const sam = () => sandbox().wellKnown.smallMapper;
  const bea = () => sandbox().wellKnown.bigMapper;
  const at = (day: number, hourZ: number) => new Date(firstDay.getTime() + day * DAY + hourZ * HOUR);
  const moveTo = (instant: Date) => sandbox().advance(instant.getTime() - sandbox().now().getTime());

  async function scheduledCheck(userId: string, now: Date) {
    const result = await collectMapperAlertReports(userId, { key: hourRunKey(now), leaderboardKey: dayLeaderboardKey(now), now });
    await markReported(await getDb(), result.marks);
    return result;
  }
  const dueOfOurs = async (now: Date) => (await listDueUsers(now)).map((user) => user.id).filter((id) => id === early.id || id === late.id);
  /** Every record told, in a fixed order (an alert's maps added at one instant come in no set order). */
  const told = (result: Awaited<ReturnType<typeof scheduledCheck>>) =>
    recordsOf(result.reports).sort((a, b) => `${a.mapUid}|${a.accountId}`.localeCompare(`${b.mapUid}|${b.accountId}`));
  const samShapes = (result: Awaited<ReturnType<typeof scheduledCheck>>) =>
    recordsOf(result.reports)
      .filter((record) => sam().mapUids.includes(record.mapUid))
      .map((record) => shape(record))
      .sort();
  /** Top fetches a look made: Bea's maps fetched because their count grew, plus Sam's three. */
  const topsFetchedAt = async (now: Date) => (await getDb()).map.count({ where: { uid: { in: [...sam().mapUids, ...bea().mapUids] }, checkedAt: now } });

  // Shared between the two tests: the later user's first report, and what was driven after the look it used.
  let lateFirst: Awaited<ReturnType<typeof scheduledCheck>>;
  let drivenAfterFirstLook: string[];

  beforeAll(async () => {
    watchedFrom = sandbox().now();
    firstDay = new Date((Math.floor(watchedFrom.getTime() / DAY) + 1) * DAY);
    const verified = { emailVerifiedAt: new Date() };
    early = await createUser({ ...verified, timezone: earlyZone, digestHour: localDayAndHour(at(0, 7), earlyZone).hour });
    late = await createUser({ ...verified, timezone: lateZone, digestHour: localDayAndHour(at(0, 22), lateZone).hour });
    for (const user of [early, late]) {
      await createMapperAlert(user, { mapper: "name", displayName: "SmallMapperSam" });
      expect(await createMapperAlert(user, { mapper: "name", displayName: "BigMapperBea" })).toMatchObject({ mode: "POSITION" });
    }
  });

  it("the first hourly run of the day looks once per map; a later hour's run reuses that look, telling its user the same", async () => {
    moveTo(at(0, 7));
    expect(await dueOfOurs(at(0, 7))).toEqual([early.id]);
    const expected = sam()
      .mapUids.flatMap((uid) => truthSince(uid, watchedFrom).map((entry) => shape(entry, uid)))
      .sort();
    expect(expected.length).toBeGreaterThan(0);
    getTrackmania().resetStats();
    const earlyFirst = await scheduledCheck(early.id, at(0, 7));
    expect(calls("live.positions")).toBe(3);
    expect(calls("live.top")).toBe(await topsFetchedAt(at(0, 7)));
    expect(calls("live.top")).toBeGreaterThan(3); // some of Bea's maps grew
    expect(samShapes(earlyFirst)).toEqual(expected);

    moveTo(at(0, 22));
    expect(await dueOfOurs(at(0, 22))).toEqual([late.id]);
    getTrackmania().resetStats();
    lateFirst = await scheduledCheck(late.id, at(0, 22));
    expect(calls("live.top")).toBe(0);
    expect(calls("live.positions")).toBe(0);
    // Catalogues stay per hourly run (TMX, not Nadeo): a map published since the morning joins today.
    expect(calls("tmx.maps")).toBeGreaterThan(0);
    expect(lateFirst.mapsChecked).toBe(earlyFirst.mapsChecked);
    // Watching from the same instant, the later user is told exactly what the morning's look observed,
    // records driven since are not in it: they are pending, for the next look.
    expect(told(lateFirst)).toEqual(told(earlyFirst));
    drivenAfterFirstLook = sam().mapUids.flatMap((uid) => truthBetween(uid, at(0, 7), at(0, 22)).map((entry) => `${uid}|${entry.accountId}`));
    expect(drivenAfterFirstLook.length).toBeGreaterThan(0);
    const toldFirst = new Set(told(lateFirst).map((record) => `${record.mapUid}|${record.accountId}|${record.score}`));
    for (const uid of sam().mapUids) {
      for (const entry of truthBetween(uid, at(0, 7), at(0, 22))) expect(toldFirst.has(`${uid}|${entry.accountId}|${entry.score}`)).toBe(false);
    }
  });

  it("the next day looks once again; each user then gets exactly the records observed since their own previous check", async () => {
    moveTo(at(1, 7));
    expect(await dueOfOurs(at(1, 7))).toEqual([early.id]);
    const expected = sam()
      .mapUids.flatMap((uid) => truthBetween(uid, at(0, 7), at(1, 7)).map((entry) => shape(entry, uid)))
      .sort();
    expect(expected.length).toBeGreaterThan(0);
    getTrackmania().resetStats();
    const earlySecond = await scheduledCheck(early.id, at(1, 7));
    expect(calls("live.positions")).toBe(3);
    expect(calls("live.top")).toBe(await topsFetchedAt(at(1, 7)));
    expect(samShapes(earlySecond)).toEqual(expected);

    moveTo(at(1, 22));
    expect(await dueOfOurs(at(1, 22))).toEqual([late.id]);
    getTrackmania().resetStats();
    const lateSecond = await scheduledCheck(late.id, at(1, 22));
    expect(calls("live.top")).toBe(0);
    expect(calls("live.positions")).toBe(0);
    expect(told(lateSecond)).toEqual(told(earlySecond));

    // Across the later user's two reports: no record twice, and every driver who drove after the
    // first look (while the later user was being told about it) is in the second.
    const both = [...recordsOf(lateFirst.reports), ...recordsOf(lateSecond.reports)].map((record) => shape(record));
    expect(new Set(both).size).toBe(both.length);
    const secondDrivers = new Set(recordsOf(lateSecond.reports).map((record) => `${record.mapUid}|${record.accountId}`));
    expect(drivenAfterFirstLook.filter((driver) => !secondDrivers.has(driver))).toEqual([]);

    // A check that comes again (a retried message) finds nothing left to tell.
    expect(recordsOf((await scheduledCheck(late.id, at(1, 22))).reports)).toEqual([]);
  });
});
