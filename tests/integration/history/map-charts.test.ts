import { beforeAll, describe, expect, it } from "vitest";
import { errorOf } from "../../support/error-of";

process.env.SANDBOX_CLOCK = "manual";
process.env.SANDBOX_REQUESTS_PER_SECOND = "1000";

const { getDb } = await import("@/lib/db");
const { checkLeaderboardsOncePerRun } = await import("@/lib/checks/leaderboard-check");
const { loadMapperCatalogue } = await import("@/lib/checks/mapper-catalogue");
const { getMapCharts, getMapperActivity } = await import("@/lib/history");
const { getTrackmania } = await import("@/lib/trackmania");
const { drainQueue } = await import("@/lib/queue");
const { createUser, DAY, runNow, sandbox, topOf } = await import("../checks/support");

const trackmaniaCalls = () => getTrackmania().stats().requests;

/**
 * The charts' reads against the sandbox world: a busy map and a few quiet ones of BigMapperBea read
 * on several simulated days, then the world-record progression, the top 10 and the catalogue's
 * activity compared with the world and with the history tables read independently.
 */

const DEPTH = 100;
const READS = 5;
type Actor = Awaited<ReturnType<typeof createUser>>;

let actor: Actor;
let busy: string;
let catalogue: string[];

beforeAll(async () => {
  const world = sandbox();
  const mapper = world.wellKnown.bigMapper;
  await loadMapperCatalogue(mapper);
  busy = world.wellKnown.maps.busy;
  catalogue = mapper.mapUids.slice(0, 8);
  for (let read = 0; read < READS; read += 1) {
    if (read > 0) world.advance(2 * DAY);
    await checkLeaderboardsOncePerRun(catalogue, runNow(`read-${read}`), DEPTH);
  }
  actor = await createUser();
}, 300_000);

/** Every (map, driver, time) the tables know, at its earliest date — built here without the module's SQL. */
async function knownTimes(mapUids: string[]) {
  const db = await getDb();
  const [board, history] = await Promise.all([
    db.mapRecord.findMany({ where: { mapUid: { in: mapUids } } }),
    db.recordHistory.findMany({ where: { mapUid: { in: mapUids } } }),
  ]);
  const points = new Map<string, { mapUid: string; accountId: string; score: number; at: Date }>();
  const add = (mapUid: string, accountId: string, score: number, at: Date | null) => {
    if (!at || at.getTime() === 0) return;
    const key = `${mapUid}|${accountId}|${score}`;
    const seen = points.get(key);
    if (!seen || at < seen.at) points.set(key, { mapUid, accountId, score, at });
  };
  for (const row of board) add(row.mapUid, row.accountId, row.score, row.drivenAt ?? row.observedAt);
  for (const row of history) {
    add(row.mapUid, row.accountId, row.score, row.drivenAt ?? row.observedAt);
    if (row.previousScore !== null) add(row.mapUid, row.accountId, row.previousScore, row.previousDrivenAt);
  }
  return { points: [...points.values()], history };
}

const day = (date: Date) => date.toISOString().slice(0, 10);
const monday = (date: Date) => {
  const start = new Date(`${day(date)}T00:00:00Z`);
  return day(new Date(start.getTime() - ((start.getUTCDay() + 6) % 7) * DAY));
};

describe("map charts", () => {
  it("calls no Trackmania service on a view: names not yet known show as account ids, are looked up in the background, and appear on the next view", async () => {
    const before = trackmaniaCalls();
    const first = (await getMapCharts(actor, busy))!;
    expect(trackmaniaCalls(), "a page view spends no Trackmania request").toBe(before);
    const unnamed = first.topTimes.filter((row) => row.displayName === row.accountId);
    expect(unnamed.length, "the reads stored drivers nobody has named yet").toBeGreaterThan(0);

    await drainQueue({ timeoutMs: 60_000 });
    expect(trackmaniaCalls(), "the queued look-up asked for the names").toBeGreaterThan(before);

    const afterLookUp = trackmaniaCalls();
    const next = (await getMapCharts(actor, busy))!;
    expect(trackmaniaCalls()).toBe(afterLookUp);
    const truth = new Map([...topOf(busy, 10).values()].map((entry) => [entry.accountId, entry.displayName]));
    for (const row of next.topTimes) expect(row.displayName).toBe(truth.get(row.accountId) ?? row.accountId);
    expect(next.map.authorDisplayName).toBe(sandbox().wellKnown.bigMapper.displayName);
  });

  it("draws a monotonic world-record progression that ends at the world's record and has every world record observed", async () => {
    const charts = (await getMapCharts(actor, busy))!;
    expect(charts).not.toBeNull();
    const steps = charts.worldRecords;
    expect(steps.length).toBeGreaterThan(0);
    for (let i = 1; i < steps.length; i += 1) {
      expect(steps[i]!.score).toBeLessThan(steps[i - 1]!.score);
      expect(steps[i]!.at.getTime()).toBeGreaterThanOrEqual(steps[i - 1]!.at.getTime());
    }
    const truth = [...topOf(busy, 1).values()][0]!;
    expect(steps.at(-1)).toMatchObject({ score: truth.score, accountId: truth.accountId, at: new Date(truth.timestamp * 1000) });
    expect(steps.at(-1)!.displayName).toBe(truth.displayName);

    // Each record a read found at the top was the world record when driven: it is a step.
    const { history } = await knownTimes([busy]);
    const observedWorldRecords = history.filter((row) => row.position === 1);
    expect(observedWorldRecords.length, "the busy map gains a world record within the simulated days").toBeGreaterThan(0);
    const stepKeys = new Set(steps.map((step) => `${step.accountId}|${step.score}`));
    for (const row of observedWorldRecords) expect(stepKeys).toContain(`${row.accountId}|${row.score}`);
  });

  it("lists the current top 10 as the world has it, with names, and the map's details", async () => {
    const charts = (await getMapCharts(actor, busy))!;
    const truth = [...topOf(busy, 10).values()];
    expect(charts.topTimes.map(({ accountId, score, position, displayName }) => ({ accountId, score, position, displayName }))).toEqual(
      truth.map(({ accountId, score, position, displayName }) => ({ accountId, score, position, displayName })),
    );
    expect(charts.topTimes.map((row) => row.drivenAt)).toEqual(truth.map((entry) => new Date(entry.timestamp * 1000)));
    expect(charts.map.uid).toBe(busy);
    expect(charts.map.name).not.toMatch(/\$[0-9a-z]/i);
    expect(charts.map.authorDisplayName).toBe(sandbox().wellKnown.bigMapper.displayName);
    expect(charts.map.checkedAt).toEqual(sandbox().now());
  });

  it("answers null for a map it has never stored or a malformed uid, and refuses a disabled account", async () => {
    expect(await getMapCharts(actor, "NoSuchMapUid000000000000000")).toBeNull();
    expect(await getMapCharts(actor, "not a uid/../")).toBeNull();
    const db = await getDb();
    const disabled = await createUser();
    await db.user.update({ where: { id: disabled.id }, data: { disabledAt: new Date() } });
    expect(await errorOf(getMapCharts(disabled, busy))).toMatchObject({ code: "forbidden:history" });
    expect(await errorOf(getMapperActivity(disabled, { mapUids: catalogue, since: null }))).toMatchObject({ code: "forbidden:history" });
  });

  it("counts records per day, drivers per ISO week and the busiest maps from the union of everything known", async () => {
    const now = sandbox().now();
    const since = new Date(now.getTime() - 30 * DAY);
    const activity = await getMapperActivity(actor, { mapUids: catalogue, since });
    const from = new Date(`${day(since)}T00:00:00Z`);
    const { points } = await knownTimes(catalogue);
    const inPeriod = points.filter((point) => point.at >= from);
    expect(inPeriod.length).toBeGreaterThan(0);

    expect(activity.range).toEqual({ from: day(since), to: day(now), capped: false });
    expect(activity.recordsPerDay).toHaveLength(31);
    expect(activity.recordsPerDay[0]!.day).toBe(day(since));
    expect(activity.recordsPerDay.at(-1)!.day).toBe(day(now));
    const perDay = new Map<string, number>();
    for (const point of inPeriod) perDay.set(day(point.at), (perDay.get(day(point.at)) ?? 0) + 1);
    expect(activity.recordsPerDay.filter((entry) => entry.records > 0)).toEqual(
      [...perDay].sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, records]) => ({ day: key, records })),
    );
    expect(activity.totals).toEqual({ records: inPeriod.length, drivers: new Set(inPeriod.map((point) => point.accountId)).size });

    const perWeek = new Map<string, Set<string>>();
    for (const point of inPeriod) perWeek.set(monday(point.at), (perWeek.get(monday(point.at)) ?? new Set()).add(point.accountId));
    expect(activity.driversPerWeek[0]!.week).toBe(monday(since));
    expect(activity.driversPerWeek.every((entry) => new Date(`${entry.week}T00:00:00Z`).getUTCDay() === 1)).toBe(true);
    expect(activity.driversPerWeek.filter((entry) => entry.drivers > 0)).toEqual(
      [...perWeek].sort(([a], [b]) => (a < b ? -1 : 1)).map(([week, drivers]) => ({ week, drivers: drivers.size })),
    );

    const perMap = new Map<string, number>();
    for (const point of inPeriod) perMap.set(point.mapUid, (perMap.get(point.mapUid) ?? 0) + 1);
    const busiest = [...perMap].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1)).slice(0, 10);
    expect(activity.mostActiveMaps.map(({ uid, records }) => [uid, records])).toEqual(busiest);
    expect(activity.mostActiveMaps[0]!.uid).toBe(busy);
  });

  it("all time draws at most a year of days and counts every known record in its totals", async () => {
    const activity = await getMapperActivity(actor, { mapUids: catalogue, since: null });
    const { points } = await knownTimes(catalogue);
    expect(activity.totals.records).toBe(points.length);
    expect(activity.recordsPerDay.length).toBeLessThanOrEqual(365);
    expect(activity.recordsPerDay.at(-1)!.day).toBe(day(sandbox().now()));
    const drawnFrom = activity.range.from;
    expect(activity.recordsPerDay.reduce((sum, entry) => sum + entry.records, 0)).toBe(points.filter((point) => day(point.at) >= drawnFrom).length);
    expect(activity.range.capped).toBe(points.some((point) => day(point.at) < drawnFrom));
  });

  it("is empty, with zeros to draw, for maps without records or no maps at all", async () => {
    const quiet = await getMapperActivity(actor, { mapUids: [sandbox().wellKnown.maps.empty], since: new Date(sandbox().now().getTime() - 6 * DAY) });
    expect(quiet.totals).toEqual({ records: 0, drivers: 0 });
    expect(quiet.recordsPerDay).toHaveLength(7);
    expect(quiet.recordsPerDay.every((entry) => entry.records === 0)).toBe(true);
    expect(quiet.mostActiveMaps).toEqual([]);
    const none = await getMapperActivity(actor, { mapUids: [], since: null });
    expect(none.recordsPerDay).toHaveLength(1);
  });
});
