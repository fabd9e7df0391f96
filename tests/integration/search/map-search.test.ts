import { describe, expect, it } from "vitest";

process.env.SANDBOX_CLOCK = "manual";
process.env.SANDBOX_REQUESTS_PER_SECOND = "1000";

const { getDb } = await import("@/lib/db");
const { drainQueue } = await import("@/lib/queue");
const { getTrackmania, createTrackmaniaClient } = await import("@/lib/trackmania");
const { getKv } = await import("@/lib/kv");
const { createMapperAlert } = await import("@/lib/alerts");
const { getMapSearch, getMapSearchProgress, listMapSearches, runMapSearchSlice, startMapSearch, periodStart } = await import("@/lib/search");
const { DAY, createUser, sandbox } = await import("../checks/support");
const { errorOf } = await import("../../support/error-of");

type Period = "day" | "week" | "month" | "all";

const totalCalls = () => getTrackmania().stats().requests;
const calls = (endpoint: string) => getTrackmania().stats().byEndpoint[endpoint] ?? 0;

async function searchAndWait(user: Awaited<ReturnType<typeof createUser>>, name: string, period: Period) {
  const { id } = await startMapSearch(user, { name, period });
  await drainQueue({ timeoutMs: 120_000 });
  return getMapSearch(user, id);
}

/** What the world says a search should find: each map's top entries driven in the period. */
function truthFor(mapUids: readonly string[], period: Period, depth = 100) {
  const world = sandbox().world;
  const now = sandbox().now();
  const since = periodStart(period, now);
  const fromSecond = since ? Math.floor(since.getTime() / 1000) : Number.NEGATIVE_INFINITY;
  return Object.fromEntries(
    mapUids.map((uid) => [
      uid,
      (world.leaderboard(uid) ?? [])
        .slice(0, depth)
        .filter((entry) => entry.timestamp >= fromSecond && entry.timestamp * 1000 <= now.getTime())
        .map((entry) => `${entry.accountId}|${entry.score}|${entry.position}`),
    ]),
  );
}

describe("map search", () => {
  it("lists each map once when Trackmania Exchange's paging is retried and shifted", async () => {
    const world = sandbox();
    const mapper = world.wellKnown.bigMapper;
    let pageTwoAttempts = 0;
    // TMX as it is on a busy day: the second page first fails, and when retried it starts a few maps
    // early (a map was uploaded meanwhile), repeating the end of the first page.
    const shiftingTmx: typeof fetch = async (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      if (url.hostname !== new URL(world.urls.tmx).hostname || !url.searchParams.has("after")) return world.fetch(input, init);
      pageTwoAttempts += 1;
      if (pageTwoAttempts === 1) return new Response("busy", { status: 503 });
      const firstPage = new URL(url);
      firstPage.searchParams.delete("after");
      const previous = (await (await world.fetch(firstPage.toString(), init)).json()) as { Results: unknown[] };
      const page = (await (await world.fetch(input, init)).json()) as { More: boolean; Results: unknown[] };
      return Response.json({ ...page, Results: [...previous.Results.slice(-3), ...page.Results] });
    };
    const trackmania = createTrackmaniaClient({
      coreUrl: world.urls.core,
      liveUrl: world.urls.live,
      oauthUrl: world.urls.oauth,
      tmxUrl: world.urls.tmx,
      ...world.credentials,
      userAgent: "Trackwatch/test (search; test@localhost)",
      kv: getKv(),
      fetch: shiftingTmx,
      requestsPerSecond: 1000,
      now: () => world.now().getTime(),
    });
    const user = await createUser();
    const db = await getDb();
    const job = await db.mapSearchJob.create({ data: { userId: user.id, mapperName: mapper.displayName, period: "all" } });
    await runMapSearchSlice({ searchId: job.id, slice: 0 }, { trackmania, continueWith: async () => undefined, budgetMs: 600_000 });
    const search = await getMapSearch(user, job.id);
    expect(pageTwoAttempts).toBeGreaterThanOrEqual(2);
    const uids = search.result!.maps.map((map) => map.uid);
    expect(uids).toHaveLength(150);
    expect(new Set(uids).size).toBe(150);
    expect(search.result!.mapsFound).toBe(150);
  });

  it("finds exactly the records driven inside each period, reading each map once a day", async () => {
    const world = sandbox();
    world.advance(3 * DAY);
    const mapper = world.wellKnown.bigMapper;
    const user = await createUser();
    const before = calls("live.top");

    const day = await searchAndWait(user, mapper.displayName, "day");
    expect(day.progress).toMatchObject({ state: "done", percent: 100, done: 150, total: 150 });
    expect(day.result!.mapper).toEqual({ accountId: mapper.accountId, displayName: mapper.displayName });
    // One top page per map, and nothing more on the next searches of the same UTC day.
    expect(calls("live.top") - before).toBe(150);

    for (const period of ["day", "week", "month", "all"] as const) {
      const search = period === "day" ? day : await searchAndWait(user, mapper.displayName, period);
      const found = Object.fromEntries(search.result!.maps.map((map) => [map.uid, map.records.map((r) => `${r.accountId}|${r.score}|${r.position}`)]));
      expect(found, period).toEqual(truthFor(mapper.mapUids, period));
      expect(search.result!.maps.map((map) => map.uid).sort()).toEqual([...mapper.mapUids].sort());
    }
    expect(calls("live.top") - before).toBe(150);
    const all = (await listMapSearches(user)).map((search) => search.period);
    expect(all).toEqual(["all", "month", "week", "day"]);
  });

  it("shows progress that only moves forward, to 100%, across slices; a duplicate delivery runs nothing twice", async () => {
    const mapper = sandbox().wellKnown.bigMapper;
    sandbox().advance(DAY);
    const user = await createUser();
    const db = await getDb();
    // Queued by hand, so each slice is delivered here: twice, and once more after the end.
    const job = await db.mapSearchJob.create({ data: { userId: user.id, mapperName: mapper.displayName, period: "week" } });
    const seen: number[] = [];
    const topsBefore = calls("live.top");
    let message: { searchId: string; slice: number } | null = { searchId: job.id, slice: 0 };
    let slices = 0;
    while (message) {
      const current: { searchId: string; slice: number } = message;
      message = null;
      const next: { searchId: string; slice: number }[] = [];
      const options = { budgetMs: 25, continueWith: async (m: { searchId: string; slice: number }) => void next.push(m) };
      // Two deliveries of the same message at once: one works, the other finds the search held.
      const outcomes = await Promise.allSettled([runMapSearchSlice(current, options), runMapSearchSlice(current, options)]);
      expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
      const refused = outcomes.find((o) => o.status === "rejected") as PromiseRejectedResult;
      expect(refused.reason.name).toBe("RetryLaterError");
      seen.push((await getMapSearchProgress(user, job.id)).percent);
      slices += 1;
      message = next[0] ?? null;
      expect(next.length).toBeLessThanOrEqual(1);
    }
    expect(slices).toBeGreaterThan(2);
    expect(seen.at(-1)).toBe(100);
    for (let i = 1; i < seen.length; i += 1) expect(seen[i]!).toBeGreaterThanOrEqual(seen[i - 1]!);
    expect(calls("live.top") - topsBefore).toBe(150);

    // A delivery after the end does nothing and calls nobody.
    const callsAfter = totalCalls();
    await expect(runMapSearchSlice({ searchId: job.id, slice: 0 }, { continueWith: async () => undefined })).resolves.toBe("already-finished");
    expect(totalCalls()).toBe(callsAfter);
  });

  it("ends a search for a name nobody carries with a clear answer, not an error", async () => {
    const user = await createUser();
    const search = await searchAndWait(user, "NobodyIsCalledThis", "week");
    expect(search.progress).toMatchObject({ state: "no-player", finished: true, message: "No Trackmania player called “NobodyIsCalledThis”." });
    expect(search.result).toBeNull();
  });

  it("answers the same search again from its cache without calling Trackmania", async () => {
    const mapper = sandbox().wellKnown.smallMapper;
    const user = await createUser();
    const first = await searchAndWait(user, mapper.displayName, "month");
    expect(first.progress.state).toBe("done");

    const callsBefore = totalCalls();
    const other = await createUser();
    // Any case, like Trackmania's own name look-up.
    const again = await startMapSearch(other, { name: mapper.displayName.toUpperCase(), period: "month" });
    expect(again.fromCache).toBe(true);
    const shown = await getMapSearch(other, again.id);
    expect(shown.progress).toMatchObject({ state: "done", percent: 100 });
    expect(shown.result).toEqual(first.result);
    expect(totalCalls()).toBe(callsBefore);
    // The first search's link works for another signed-in user.
    expect((await getMapSearch(other, first.id)).mine).toBe(false);
  });

  it("reads at most the admin's number of maps, and says how many the mapper has", async () => {
    const db = await getDb();
    await db.appConfig.upsert({ where: { id: 1 }, create: { id: 1, maxSearchMaps: 2 }, update: { maxSearchMaps: 2 } });
    try {
      const user = await createUser();
      const mapper = sandbox().wellKnown.smallMapper;
      const search = await searchAndWait(user, mapper.displayName, "day");
      expect(search.result).toMatchObject({ mapsFound: 3, mapsSearched: 2 });
      // The newest ones, as Trackmania Exchange lists them.
      expect(search.result!.maps.map((map) => map.uid)).toEqual((await getTrackmania().getMapsByAuthor(mapper.displayName)).map((map) => map.uid).slice(0, 2));
    } finally {
      await db.appConfig.update({ where: { id: 1 }, data: { maxSearchMaps: 500 } });
    }
  });

  it("changes no alert state and creates no baseline", async () => {
    const world = sandbox();
    world.advance(DAY);
    const mapper = world.wellKnown.smallMapper;
    const owner = await createUser();
    const alert = await createMapperAlert(owner, { mapper: "name", displayName: mapper.displayName });
    const db = await getDb();
    const alertMapsBefore = await db.mapperAlertMap.findMany({ where: { alertId: alert.id }, orderBy: { mapUid: "asc" } });
    const baselinesBefore = await db.mapBaseline.count();
    await searchAndWait(await createUser(), mapper.displayName, "all");
    expect(await db.mapperAlertMap.findMany({ where: { alertId: alert.id }, orderBy: { mapUid: "asc" } })).toEqual(alertMapsBefore);
    expect(await db.mapBaseline.count()).toBe(baselinesBefore);
  });

  it("lets a user run one search at a time", async () => {
    const user = await createUser();
    const db = await getDb();
    await db.mapSearchJob.create({ data: { userId: user.id, mapperName: "Someone", period: "week", status: "RUNNING", leaseUntil: new Date(Date.now() + 60_000) } });
    const error = await errorOf(startMapSearch(user, { name: "AnyMapperAtAll", period: "all" }));
    expect(error).toMatchObject({ code: "conflict:map_search", message: "Your search for Someone is still running. Wait for it to finish, then search again." });
    await expect(startMapSearch(user, { name: " ", period: "all" })).rejects.toMatchObject({ name: "ZodError" });
  });
});

describe("a map search Trackmania keeps failing", () => {
  it("ends with the reason in words after its last retry, frees the user to search again, and a retry succeeds", async () => {
    const { mapSearchJob } = await import("@/lib/jobs/map-search");
    const world = sandbox();
    const user = await createUser();
    const db = await getDb();
    const job = await db.mapSearchJob.create({ data: { userId: user.id, mapperName: world.wellKnown.smallMapper.displayName, period: "week" } });
    world.setFaults({ rate503: 1 });
    try {
      // The last attempt QStash (or the embedded queue) makes.
      await expect(mapSearchJob.handle({ searchId: job.id, slice: 0 }, { attempt: 4, messageId: "last" })).rejects.toThrow();
    } finally {
      world.setFaults({});
    }
    const failed = await getMapSearch(user, job.id);
    expect(failed.progress).toMatchObject({ state: "failed", finished: true, message: "Trackmania's servers did not answer in time. Try again in a few minutes." });

    const again = await startMapSearch(user, { name: world.wellKnown.smallMapper.displayName, period: "week" });
    await drainQueue({ timeoutMs: 60_000 });
    expect((await getMapSearch(user, again.id)).progress.state).toBe("done");
  });
});
