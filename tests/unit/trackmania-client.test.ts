import { describe, expect, it } from "vitest";
import type { KvValueStore } from "@/lib/kv/types";
import { createTrackmaniaClient, type TrackmaniaClientOptions } from "@/lib/trackmania/client";
import { TrackmaniaError } from "@/lib/trackmania/errors";

// A scripted stand-in for Trackmania's services: each test answers the requests it cares about.
// The sandbox-backed behaviour is covered in tests/integration/trackmania-client.test.ts.

function memoryKv(): KvValueStore {
  const data = new Map<string, unknown>();
  return {
    driver: "memory",
    async get<T>(key: string) {
      return (data.has(key) ? structuredClone(data.get(key)) : null) as T | null;
    },
    async set(key, value, options) {
      if (options?.onlyIfAbsent && data.has(key)) return false;
      data.set(key, structuredClone(value));
      return true;
    },
    async del(...keys) {
      return keys.filter((key) => data.delete(key)).length;
    },
    async mget<T>(keys: string[]) {
      return keys.map((key) => (data.has(key) ? structuredClone(data.get(key)) : null)) as (T | null)[];
    },
    async incr(key, by = 1) {
      const next = Number(data.get(key) ?? 0) + by;
      data.set(key, next);
      return next;
    },
    async expire(key) {
      return data.has(key);
    },
    async ttl(key) {
      return data.has(key) ? -1 : -2;
    },
    async ping() {
      return true;
    },
    ratelimitClient() {
      return undefined;
    },
  };
}

function jwt(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${part({ alg: "HS256" })}.${part(claims)}.sig`;
}

type Handler = (request: Request, url: URL) => Response | Promise<Response>;

interface Seen {
  method: string;
  path: string;
  search: URLSearchParams;
  authorization: string | null;
  userAgent: string | null;
  body: string;
}

function fakeServices(handlers: Record<string, Handler>, clock: { now: number }) {
  const seen: Seen[] = [];
  let issued = 0;
  const tokenPair = (audience: string) => {
    issued += 1;
    const iat = Math.floor(clock.now / 1000);
    return {
      accessToken: jwt({ aud: audience, iat, rat: iat + 1800, exp: iat + 3600, n: issued }),
      refreshToken: jwt({ aud: "NadeoServices", refresh_aud: audience, iat, exp: iat + 86_400, rtk: true, n: issued }),
    };
  };
  const defaults: Record<string, Handler> = {
    "POST /core/v2/authentication/token/basic": async (request) => {
      const { audience } = (await request.json()) as { audience: string };
      return Response.json(tokenPair(audience));
    },
    "POST /core/v2/authentication/token/refresh": () => Response.json(tokenPair("NadeoLiveServices")),
    "POST /oauth/api/access_token": () =>
      Response.json({ token_type: "bearer", expires_in: 3600, access_token: jwt({ n: ++issued }) }),
  };
  const fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const body = request.method === "GET" ? "" : await request.clone().text();
    seen.push({
      method: request.method,
      path: url.pathname,
      search: url.searchParams,
      authorization: request.headers.get("authorization"),
      userAgent: request.headers.get("user-agent"),
      body,
    });
    const key = `${request.method} ${url.pathname}`;
    const handler = handlers[key] ?? defaults[key];
    if (!handler) return Response.json({ error: `no handler for ${key}` }, { status: 404 });
    return handler(request, url);
  };
  return { fetch, seen, calls: (path: string) => seen.filter((s) => s.path === path) };
}

function makeClient(fetch: TrackmaniaClientOptions["fetch"], clock: { now: number }, extra: Partial<TrackmaniaClientOptions> = {}) {
  const sleeps: number[] = [];
  const client = createTrackmaniaClient({
    coreUrl: "http://tm.test/core",
    liveUrl: "http://tm.test/live",
    oauthUrl: "http://tm.test/oauth",
    tmxUrl: "http://tm.test/tmx",
    serverLogin: "login",
    serverPassword: "password",
    oauthClientId: "client",
    oauthClientSecret: "secret",
    userAgent: "Trackwatch/test (unit; test@localhost)",
    kv: memoryKv(),
    fetch,
    requestsPerSecond: 1000,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    now: () => clock.now,
    random: () => 0.5,
    ...extra,
  });
  return { client, sleeps };
}

const topBody = (entries: { accountId: string; position: number; score: number }[]) => ({
  groupUid: "Personal_Best",
  mapUid: "m",
  tops: [{ zoneId: "w", zoneName: "World", top: entries.map((e) => ({ ...e, zoneName: "France", timestamp: 1_700_000_000 })) }],
});

describe("createTrackmaniaClient (scripted services)", () => {
  it("sends the User-Agent and a nadeo_v1 token, and counts calls per endpoint", async () => {
    const clock = { now: Date.UTC(2026, 0, 1) };
    const services = fakeServices(
      { "GET /live/api/token/leaderboard/group/Personal_Best/map/m/top": () => Response.json(topBody([])) },
      clock,
    );
    const { client } = makeClient(services.fetch, clock);
    await client.getTop("m");
    const top = services.calls("/live/api/token/leaderboard/group/Personal_Best/map/m/top")[0]!;
    expect(top.userAgent).toBe("Trackwatch/test (unit; test@localhost)");
    expect(top.authorization).toMatch(/^nadeo_v1 t=/);
    expect(top.search.get("onlyWorld")).toBe("true");
    expect(services.calls("/core/v2/authentication/token/basic")[0]!.authorization).toBe(
      `Basic ${Buffer.from("login:password").toString("base64")}`,
    );
    expect(client.stats()).toMatchObject({ requests: 2, byEndpoint: { "core.token": 1, "live.top": 1 } });
    client.resetStats();
    expect(client.stats().requests).toBe(0);
  });

  it("refreshes after `rat` and logs in again once the refresh is refused", async () => {
    const clock = { now: Date.UTC(2026, 0, 1) };
    let refuseRefresh = false;
    const services = fakeServices(
      {
        "GET /live/api/token/map/get-multiple": () => Response.json({ mapList: [], itemCount: 0 }),
        "POST /core/v2/authentication/token/refresh": () => {
          if (refuseRefresh) return Response.json({ code: "C-AA-00-01", message: "expired" }, { status: 401 });
          const iat = clock.now / 1000;
          return Response.json({
            accessToken: jwt({ aud: "NadeoLiveServices", iat, rat: iat + 1800, exp: iat + 3600 }),
            refreshToken: jwt({ aud: "NadeoServices", iat, exp: iat + 86_400 }),
          });
        },
      },
      clock,
    );
    const { client } = makeClient(services.fetch, clock);
    await client.getMapInfo(["a"]);
    await client.getMapInfo(["a"]);
    expect(client.stats().byEndpoint).toEqual({ "core.token": 1, "live.mapInfo": 2 });

    clock.now += 31 * 60_000;
    await client.getMapInfo(["a"]);
    expect(client.stats().byEndpoint).toEqual({ "core.token": 1, "core.refresh": 1, "live.mapInfo": 3 });
    expect(services.calls("/core/v2/authentication/token/refresh")[0]!.authorization).toMatch(/^nadeo_v1 t=/);

    clock.now += 31 * 60_000;
    refuseRefresh = true;
    await client.getMapInfo(["a"]);
    expect(client.stats().byEndpoint).toEqual({ "core.token": 2, "core.refresh": 2, "live.mapInfo": 4 });
  });

  it("answers a 401 with exactly one renewal and one retry", async () => {
    const clock = { now: Date.UTC(2026, 0, 1) };
    let rejectNext = 1;
    const services = fakeServices(
      {
        "GET /live/api/token/map/get-multiple": () =>
          rejectNext-- > 0
            ? Response.json({ code: "C-AA-00-02", message: "Unauthorized" }, { status: 401 })
            : Response.json({ mapList: [], itemCount: 0 }),
      },
      clock,
    );
    const { client } = makeClient(services.fetch, clock);
    await client.getMapInfo(["a"]);
    const mapCalls = services.calls("/live/api/token/map/get-multiple");
    expect(mapCalls).toHaveLength(2);
    expect(mapCalls[0]!.authorization).not.toBe(mapCalls[1]!.authorization);
    expect(client.stats().byEndpoint).toEqual({ "core.refresh": 1, "core.token": 1, "live.mapInfo": 2 });

    rejectNext = 2;
    const error = await client.getMapInfo(["a"]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TrackmaniaError);
    expect((error as TrackmaniaError).kind).toBe("auth");
    expect((error as TrackmaniaError).endpoint).toBe("live.mapInfo");
    expect(client.stats().byEndpoint["live.mapInfo"]).toBe(4);
    expect(client.stats().failures).toBe(1);
  });

  it("retries 429 and 5xx with backoff, honouring Retry-After, then gives up with a typed error", async () => {
    const clock = { now: Date.UTC(2026, 0, 1) };
    const answers = [
      () => Response.json({}, { status: 429, headers: { "Retry-After": "3" } }),
      () => Response.json({}, { status: 503 }),
      () => Response.json({ More: false, Results: [] }),
    ];
    const services = fakeServices({ "GET /tmx/api/maps": () => answers.shift()!() }, clock);
    const { client, sleeps } = makeClient(services.fetch, clock, { retryBaseMs: 100 });
    await expect(client.getMapsByAuthor("someone")).resolves.toEqual([]);
    // 429: max(backoff 75 ms, Retry-After 3 s); 503: backoff of step 2 (200 ms, half jittered).
    expect(sleeps.filter((ms) => ms >= 3000)).toHaveLength(1);
    expect(sleeps).toContain(150);
    expect(client.stats()).toMatchObject({ requests: 3, retries: 2, byEndpoint: { "tmx.maps": 3 } });

    const always = fakeServices(
      { "GET /tmx/api/maps": () => Response.json({ message: "down" }, { status: 503 }) },
      clock,
    );
    const second = makeClient(always.fetch, clock, { retryBaseMs: 1 });
    const error = await second.client.getMapsByAuthor("someone").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TrackmaniaError);
    expect(error).toMatchObject({ kind: "http", upstreamStatus: 503, attempts: 4, endpoint: "tmx.maps" });
    expect((error as Error).message).toMatch(/tmx\.maps answered HTTP 503 after 4 attempts: down/);
  });

  it("fails at once when Retry-After is longer than it may wait", async () => {
    const clock = { now: Date.UTC(2026, 0, 1) };
    const services = fakeServices(
      { "GET /tmx/api/maps": () => Response.json({}, { status: 429, headers: { "Retry-After": "3600" } }) },
      clock,
    );
    const { client, sleeps } = makeClient(services.fetch, clock);
    const error = await client.getMapsByAuthor("someone").catch((e: unknown) => e);
    expect(error).toMatchObject({ upstreamStatus: 429, retryAfter: 3600, attempts: 1 });
    expect(sleeps).toEqual([]);
  });

  it("times out a request that never answers", async () => {
    const clock = { now: Date.UTC(2026, 0, 1) };
    const services = fakeServices({ "GET /tmx/api/maps": () => new Promise<Response>(() => undefined) }, clock);
    const { client } = makeClient(services.fetch, clock, { timeoutMs: 50, maxAttempts: 2, retryBaseMs: 1 });
    const error = await client.getMapsByAuthor("someone").catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "timeout", endpoint: "tmx.maps", attempts: 2 });
    expect(client.stats().byEndpoint["tmx.maps"]).toBe(2);
  });

  it("pages the top 100 at a time and stops at a short page", async () => {
    const clock = { now: Date.UTC(2026, 0, 1) };
    const services = fakeServices(
      {
        "GET /live/api/token/leaderboard/group/Personal_Best/map/m/top": (_request, url) => {
          const offset = Number(url.searchParams.get("offset"));
          const length = Number(url.searchParams.get("length"));
          const available = Math.max(0, Math.min(length, 230 - offset));
          return Response.json(
            topBody(Array.from({ length: available }, (_, i) => ({ accountId: `acc${offset + i}`, position: offset + i + 1, score: 10_000 + offset + i }))),
          );
        },
      },
      clock,
    );
    const { client } = makeClient(services.fetch, clock);
    const top = await client.getTop("m", { depth: 1000 });
    expect(top).toHaveLength(230);
    expect(top[229]).toMatchObject({ accountId: "acc229", position: 230, score: 10_229, zoneName: "France" });
    expect(top[0]!.timestamp).toEqual(new Date(1_700_000_000_000));
    const lengths = services.calls("/live/api/token/leaderboard/group/Personal_Best/map/m/top").map((c) => c.search.get("length"));
    expect(lengths).toEqual(["100", "100", "100"]);
  });

  it("batches positions 50 maps a request with each uid in both query and body", async () => {
    const clock = { now: Date.UTC(2026, 0, 1) };
    const services = fakeServices(
      {
        "POST /live/api/token/leaderboard/group/map": async (request, url) => {
          const { maps } = (await request.json()) as { maps: { mapUid: string; groupUid: string }[] };
          return Response.json(
            maps.map((m) => ({
              groupUid: m.groupUid,
              mapUid: m.mapUid,
              score: Number(url.searchParams.get(`scores[${m.mapUid}]`)),
              zones: [{ zoneId: "w", zoneName: "World", ranking: { position: 7, length: 0 } }],
            })),
          );
        },
      },
      clock,
    );
    const { client } = makeClient(services.fetch, clock);
    const queries = Array.from({ length: 120 }, (_, i) => ({ mapUid: `map${i}`, score: 40_000 + i }));
    // The same map twice with another score cannot share a request (the query key would repeat).
    queries.push({ mapUid: "map0", score: 50_000 });
    const results = await client.getPositions(queries);
    expect(results).toHaveLength(121);
    expect(results).toContainEqual({ mapUid: "map0", score: 50_000, position: 7 });
    const calls = services.calls("/live/api/token/leaderboard/group/map");
    expect(calls).toHaveLength(3);
    for (const call of calls) {
      const body = JSON.parse(call.body) as { maps: { mapUid: string }[] };
      const queryUids = [...call.search.keys()].map((key) => key.slice("scores[".length, -1));
      expect(body.maps.length).toBeLessThanOrEqual(50);
      expect(new Set(queryUids)).toEqual(new Set(body.maps.map((m) => m.mapUid)));
      expect(new Set(queryUids).size).toBe(queryUids.length);
    }
  });

  it("treats the display-name `[]` body as no names and caches the misses", async () => {
    const clock = { now: Date.UTC(2026, 0, 1) };
    const services = fakeServices({ "GET /oauth/api/display-names": () => Response.json([]) }, clock);
    const { client } = makeClient(services.fetch, clock);
    expect((await client.getDisplayNames(["x", "y"])).size).toBe(0);
    expect((await client.getDisplayNames(["x", "y"])).size).toBe(0);
    expect(client.stats().byEndpoint).toEqual({ "oauth.displayNames": 1, "oauth.token": 1 });
    expect(services.calls("/oauth/api/display-names")[0]!.authorization).toMatch(/^Bearer /);
    expect(services.calls("/oauth/api/display-names")[0]!.search.getAll("accountId[]")).toEqual(["x", "y"]);
  });

  it("returns each TMX map once when pages overlap", async () => {
    const clock = { now: Date.UTC(2026, 0, 1) };
    const map = (id: number) => ({ MapId: id, MapUid: `uid${id}`, Name: `Map ${id}`, Authors: [], AwardCount: 0 });
    const services = fakeServices(
      {
        "GET /tmx/api/maps": (_request, url) => {
          const after = url.searchParams.get("after");
          if (after === null) return Response.json({ More: true, Results: [map(10), map(9), map(8)] });
          // A page that starts over part of the previous one (as after a retry or an upload).
          if (after === "8") return Response.json({ More: true, Results: [map(9), map(8), map(7)] });
          return Response.json({ More: false, Results: [map(7), map(6)] });
        },
      },
      clock,
    );
    const { client } = makeClient(services.fetch, clock);
    const maps = await client.getMapsByAuthor("mapper");
    expect(maps.map((m) => m.tmxId)).toEqual([10, 9, 8, 7, 6]);
    const search = services.calls("/tmx/api/maps")[0]!.search;
    expect(search.get("author")).toBe("mapper");
    expect(search.get("fields")).toContain("MapUid");
    expect(search.get("count")).toBe("100");
  });

  it("rejects a malformed body with the endpoint and field in the message", async () => {
    const clock = { now: Date.UTC(2026, 0, 1) };
    const services = fakeServices(
      { "GET /live/api/token/map/get-multiple": () => Response.json({ mapList: [{ uid: "a", mapId: "b" }] }) },
      clock,
    );
    const { client } = makeClient(services.fetch, clock);
    await expect(client.getMapInfo(["a"])).rejects.toThrow(/live\.mapInfo .*mapList\[0\]\.name/);
  });

  it("tells the synthetic surround record from a tie by the caller's account id, and reads `{}` as nothing", async () => {
    const clock = { now: Date.UTC(2026, 0, 1) };
    const iat = clock.now / 1000;
    const surroundPath = (uid: string) => `/live/api/token/leaderboard/group/Personal_Best/map/${uid}/surround/1/1`;
    const services = fakeServices(
      {
        // A token for account "me", as the synthetic record carries it.
        "POST /core/v2/authentication/token/basic": () =>
          Response.json({
            accessToken: jwt({ aud: "NadeoLiveServices", sub: "me", iat, rat: iat + 1800, exp: iat + 3600 }),
            refreshToken: jwt({ aud: "NadeoServices", iat, exp: iat + 86_400, rtk: true }),
          }),
        [`GET ${surroundPath("m")}`]: () =>
          Response.json(
            topBody([
              { accountId: "tied", position: 41, score: 50_000 },
              { accountId: "me", position: 42, score: 50_000 },
              { accountId: "behind", position: 43, score: 50_010 },
            ]),
          ),
        [`GET ${surroundPath("closed")}`]: () => Response.json({}),
      },
      clock,
    );
    const { client } = makeClient(services.fetch, clock);
    expect(await client.getSurround("m", 50_000.4)).toMatchObject({
      mapUid: "m",
      score: 50_000,
      position: 42,
      above: { accountId: "tied", position: 41, score: 50_000 },
      below: { accountId: "behind", position: 43 },
    });
    expect(services.calls(surroundPath("m"))[0]!.search.toString()).toBe("score=50000&onlyWorld=true");
    expect(await client.getSurround("closed", 50_000)).toBeNull();
    expect(client.stats().byEndpoint).toEqual({ "core.token": 1, "live.surround": 2 });
  });
});
