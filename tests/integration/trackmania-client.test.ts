import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createMemoryKv } from "@/lib/kv/memory";
import type { KvStore } from "@/lib/kv/types";
import type { TrackmaniaClientOptions } from "@/lib/trackmania/client";
import { createRequestScheduler } from "@/lib/trackmania/scheduler";
import { TrackmaniaError } from "@/lib/trackmania/errors";
import { createSandbox, serveSandbox, type Sandbox } from "@/lib/trackmania/sandbox";
import { sandboxClient } from "../support/sandbox-client";

// The client against the sandbox world over real HTTP (serveSandbox), with the in-memory KV.
// Most tests run at 25 requests/s per service so the suite stays fast while still rate limited.

const minute = 60_000;
const hour = 60 * minute;

let sandbox: Sandbox;
let server: { url: string; close(): Promise<void> };
let kv: KvStore;

beforeEach(async () => {
  sandbox = createSandbox({ seed: 7, clock: "manual" });
  server = await serveSandbox(sandbox);
  kv = createMemoryKv();
});

afterEach(async () => {
  await server.close();
});

function makeClient(overrides: Partial<TrackmaniaClientOptions> = {}) {
  return sandboxClient(sandbox, server, { kv, ...overrides });
}

/** Sandbox requests per endpoint since the last reset (its names, e.g. `live.leaderboard.top`). */
const served = (endpoint: string) => sandbox.stats().byEndpoint[endpoint] ?? 0;

describe("tokens", () => {
  it("logs in once per audience and reuses the token", async () => {
    const client = makeClient();
    const uid = sandbox.wellKnown.smallMapper.mapUids[0]!;
    await client.getMapInfo([uid]);
    await client.getTop(uid, { depth: 10 });
    expect(client.stats().byEndpoint).toEqual({ "core.token": 1, "live.mapInfo": 1, "live.top": 1 });
    expect(served("core.auth.basic")).toBe(1);
    expect(sandbox.stats().userAgents).toEqual({ "Trackwatch/test (integration; test@localhost)": 3 });
  });

  it("refreshes once `rat` has passed and logs in again once the refresh token has lapsed", async () => {
    const client = makeClient();
    const uid = sandbox.wellKnown.smallMapper.mapUids[0]!;
    await client.getMapInfo([uid]);

    sandbox.advance(20 * minute); // before rat (30 min): same token
    await client.getMapInfo([uid]);
    expect(client.stats().byEndpoint["core.refresh"]).toBeUndefined();

    sandbox.advance(11 * minute); // rat passed
    await client.getMapInfo([uid]);
    expect(client.stats().byEndpoint).toMatchObject({ "core.token": 1, "core.refresh": 1 });
    expect(served("core.auth.refresh")).toBe(1);

    sandbox.advance(25 * hour); // refresh token (24 h) lapsed too
    await client.getMapInfo([uid]);
    expect(client.stats().byEndpoint).toMatchObject({ "core.token": 2, "core.refresh": 1, "live.mapInfo": 4 });
    expect(served("core.auth.basic")).toBe(2);
  });

  it("answers a 401 with exactly one refresh and one retry", async () => {
    const client = makeClient();
    const uid = sandbox.wellKnown.smallMapper.mapUids[0]!;
    await client.getMapInfo([uid]);
    sandbox.expireAllTokens();
    sandbox.resetStats();
    client.resetStats();

    const maps = await client.getMapInfo([uid]);
    expect(maps).toHaveLength(1);
    expect(client.stats().byEndpoint).toEqual({ "core.refresh": 1, "live.mapInfo": 2 });
    expect(sandbox.stats().byEndpoint).toEqual({ "core.auth.refresh": 1, "live.map.multiple": 2 });
  });

  it("logs in again when the refresh is refused after a 401", async () => {
    const client = makeClient();
    const uid = sandbox.wellKnown.smallMapper.mapUids[0]!;
    await client.getMapInfo([uid]);
    sandbox.expireAllTokens({ refresh: true });
    client.resetStats();

    await client.getMapInfo([uid]);
    expect(client.stats().byEndpoint).toEqual({ "core.refresh": 1, "core.token": 1, "live.mapInfo": 2 });
  });

  it("shares tokens through KV: a second client with the same KV makes no token call", async () => {
    const uid = sandbox.wellKnown.smallMapper.mapUids[0]!;
    const first = makeClient();
    await first.getMapInfo([uid]);
    await first.getDisplayNames([sandbox.wellKnown.topDriver.accountId]);

    const second = makeClient();
    await second.getMapInfo([uid]);
    await second.getAccountId(sandbox.wellKnown.smallMapper.displayName);
    expect(second.stats().byEndpoint).toEqual({ "live.mapInfo": 1, "oauth.accountIds": 1 });
    expect(served("core.auth.basic")).toBe(1);
    expect(served("oauth.token")).toBe(1);
  });

  it("renews an OAuth token that was revoked", async () => {
    const client = makeClient();
    const ids = [sandbox.wellKnown.topDriver.accountId];
    await client.getDisplayNames(ids);
    sandbox.expireAllTokens();
    expect(await client.getAccountId(sandbox.wellKnown.bigMapper.displayName)).toBe(sandbox.wellKnown.bigMapper.accountId);
    expect(client.stats().byEndpoint).toEqual({ "oauth.accountIds": 2, "oauth.displayNames": 1, "oauth.token": 2 });
  });
});

describe("operations", () => {
  it("reads map info with ms medal times and Dates", async () => {
    const client = makeClient();
    const uids = sandbox.wellKnown.smallMapper.mapUids;
    const maps = await client.getMapInfo([...uids, "not-a-map"]);
    expect(maps.map((m) => m.uid)).toEqual(uids);
    const world = sandbox.world.map(uids[0]!)!;
    expect(maps[0]).toMatchObject({
      uid: world.uid,
      mapId: world.mapId,
      authorAccountId: sandbox.wellKnown.smallMapper.accountId,
      authorTime: world.authorTime,
      goldTime: world.goldTime,
    });
    expect(maps[0]!.uploadedAt).toEqual(new Date(world.uploadTimestamp * 1000));
  });

  it("batches map info: 150 uids are exactly 2 requests (100 + 50)", async () => {
    const client = makeClient();
    const uids = sandbox.wellKnown.bigMapper.mapUids;
    expect(uids).toHaveLength(150);
    const maps = await client.getMapInfo(uids);
    expect(maps.map((m) => m.uid)).toEqual(uids);
    expect(client.stats().byEndpoint["live.mapInfo"]).toBe(2);
    expect(served("live.map.multiple")).toBe(2);
  });

  it("pages the top 100 at a time: depth 250 is 3 requests", async () => {
    const client = makeClient();
    const busy = sandbox.wellKnown.maps.busy;
    const top = await client.getTop(busy, { depth: 250 });
    expect(top).toHaveLength(250);
    expect(top.map((e) => e.position)).toEqual(Array.from({ length: 250 }, (_, i) => i + 1));
    expect(new Set(top.map((e) => e.accountId)).size).toBe(250);
    expect(client.stats().byEndpoint["live.top"]).toBe(3);
    expect(served("live.leaderboard.top")).toBe(3);

    const truth = sandbox.world.leaderboard(busy)!;
    expect(top[0]).toMatchObject({ accountId: truth[0]!.accountId, score: truth[0]!.score, zoneName: truth[0]!.zoneName });
    expect(top[0]!.timestamp).toEqual(new Date(truth[0]!.timestamp * 1000));
  });

  it("batches positions: 120 maps are exactly 3 requests", async () => {
    const client = makeClient();
    const uids = sandbox.wellKnown.bigMapper.mapUids.slice(0, 120);
    const results = await client.getPositions(uids.map((mapUid) => ({ mapUid, score: 45_000 })));
    expect(client.stats().byEndpoint["live.positions"]).toBe(3);
    expect(served("live.leaderboard.position")).toBe(3);
    expect(results.length).toBeGreaterThan(100);
    // Every one of them is a known map with a leaderboard, so none is left out.
    expect(results).toHaveLength(120);
    expect(new Set(results.map((r) => r.mapUid))).toEqual(new Set(uids));
    for (const result of results) {
      const board = sandbox.world.leaderboard(result.mapUid)!;
      expect(result.position).toBe(board.filter((e) => e.score <= 45_000).length + 1);
    }
  });

  it("batches display names (120 ids → 3 requests) and caches them (second call → 0 requests)", async () => {
    const client = makeClient();
    const board = sandbox.world.leaderboard(sandbox.wellKnown.maps.busy)!;
    const ids = board.slice(0, 120).map((e) => e.accountId);
    expect(new Set(ids).size).toBe(120);

    const names = await client.getDisplayNames(ids);
    expect(names.size).toBe(120);
    expect(names.get(board[0]!.accountId)).toBe(board[0]!.displayName);
    expect(client.stats().byEndpoint["oauth.displayNames"]).toBe(3);

    client.resetStats();
    sandbox.resetStats();
    const again = await client.getDisplayNames(ids);
    expect(again).toEqual(names);
    expect(client.stats().requests).toBe(0);
    expect(sandbox.stats().requests).toBe(0);
  });

  it("caches a found display name in KV for 7 days, and a miss for 1 day", async () => {
    const client = makeClient();
    const known = sandbox.wellKnown.topDriver.accountId;
    const unknown = randomUUID();
    const names = await client.getDisplayNames([known, unknown]);
    expect([...names]).toEqual([[known, "TopDriverTeo"]]);

    // lib/trackmania/client.ts: key `tm:display-name:<accountId>`; "" marks an id the service knows no name for.
    const day = 86_400;
    expect(await kv.get(`tm:display-name:${known}`)).toBe("TopDriverTeo");
    expect(await kv.ttl(`tm:display-name:${known}`)).toBeGreaterThan(7 * day - 5);
    expect(await kv.ttl(`tm:display-name:${known}`)).toBeLessThanOrEqual(7 * day);
    expect(await kv.get(`tm:display-name:${unknown}`)).toBe("");
    expect(await kv.ttl(`tm:display-name:${unknown}`)).toBeGreaterThan(day - 5);
    expect(await kv.ttl(`tm:display-name:${unknown}`)).toBeLessThanOrEqual(day);

    // The cached miss is not asked for again while it lasts.
    client.resetStats();
    expect(await client.getDisplayNames([unknown])).toEqual(new Map());
    expect(client.stats().requests).toBe(0);
  });

  it("finds an account id by display name, and null for an unknown one", async () => {
    const client = makeClient();
    const { displayName, accountId } = sandbox.wellKnown.smallMapper;
    expect(await client.getAccountId(displayName)).toBe(accountId);
    expect(await client.getAccountId("nobody-has-this-name-42")).toBeNull();
  });

  it("lists all 150 of bigMapper's maps over several TMX pages, each once", async () => {
    const client = makeClient();
    const maps = await client.getMapsByAuthor(sandbox.wellKnown.bigMapper.displayName);
    expect(maps).toHaveLength(150);
    expect(new Set(maps.map((m) => m.uid))).toEqual(new Set(sandbox.wellKnown.bigMapper.mapUids));
    expect(client.stats().byEndpoint["tmx.maps"]).toBe(2);
    expect(maps[0]!.authorNames).toContain(sandbox.wellKnown.bigMapper.displayName);
    expect(maps[0]!.uploadedAt).toBeInstanceOf(Date);
  });

  it("reads only as many of an author's TMX pages as the newest maps asked for need", async () => {
    const client = makeClient();
    const { displayName, mapUids } = sandbox.wellKnown.bigMapper;
    const newest = await client.getNewestMapsByAuthor(displayName, { limit: 100 });
    expect(client.stats().byEndpoint["tmx.maps"]).toBe(1);
    expect(newest.more).toBe(true);
    expect(newest.maps).toHaveLength(100);
    const all = await client.getMapsByAuthor(displayName);
    expect(newest.maps.map((m) => m.uid)).toEqual(all.slice(0, 100).map((m) => m.uid));
    client.resetStats();
    const more = await client.getNewestMapsByAuthor(displayName, { limit: 120 });
    expect(more).toMatchObject({ more: true, maps: { length: 120 } });
    expect(client.stats().byEndpoint["tmx.maps"]).toBe(2);
    client.resetStats();
    const every = await client.getNewestMapsByAuthor(displayName, { limit: 1000 });
    expect(every).toMatchObject({ more: false, maps: { length: mapUids.length } });
    expect(client.stats().byEndpoint["tmx.maps"]).toBe(2);
    expect(await client.getNewestMapsByAuthor(sandbox.wellKnown.smallMapper.displayName, { limit: 100 })).toMatchObject({ more: false, maps: { length: 3 } });
  });

  it("reads a player's records on maps through their map ids", async () => {
    const client = makeClient();
    const { accountId, mapUids } = sandbox.wellKnown.topDriver;
    const records = await client.getPlayerRecords(accountId, mapUids);
    expect(records.map((r) => r.mapUid).sort()).toEqual([...mapUids].sort());
    for (const record of records) {
      const best = sandbox.world.leaderboard(record.mapUid)!.find((e) => e.accountId === accountId)!;
      expect(record.time).toBe(best.score);
      expect(record.timestamp).toBeInstanceOf(Date);
    }
    expect(client.stats().byEndpoint).toMatchObject({ "live.mapInfo": 1, "core.records": mapUids.length });
  });

  it("works the same in-process through sandbox.fetch", async () => {
    const client = makeClient({
      coreUrl: sandbox.urls.core,
      liveUrl: sandbox.urls.live,
      oauthUrl: sandbox.urls.oauth,
      tmxUrl: sandbox.urls.tmx,
      fetch: sandbox.fetch,
    });
    const maps = await client.getMapsByAuthor(sandbox.wellKnown.smallMapper.displayName);
    expect(maps).toHaveLength(3);
    const top = await client.getTop(maps[0]!.uid, { depth: 5 });
    expect(top.length).toBeGreaterThan(0);
  });
});

/**
 * Client options whose retry waits are recorded and let the service recover meanwhile, then really
 * wait. The request pacing gets its own scheduler with the real sleep: its waits (a few ms, or a
 * fraction of one when a long retry wait ends a hair early) are not retry waits.
 */
function recoverWhileWaiting(waits: number[]): Partial<TrackmaniaClientOptions> {
  return {
    scheduler: createRequestScheduler({ requestsPerSecond: 25 }),
    sleep: async (ms: number) => {
      waits.push(ms);
      sandbox.setFaults({});
      await new Promise((resolve) => setTimeout(resolve, ms));
    },
  };
}

describe("manners", () => {
  it("retries an injected 429, waiting at least its Retry-After", async () => {
    sandbox.setFaults({ rate429: 1, retryAfterSeconds: 1 });
    const waits: number[] = [];
    const client = makeClient(recoverWhileWaiting(waits));
    const started = performance.now();
    const maps = await client.getMapsByAuthor(sandbox.wellKnown.smallMapper.displayName);
    const elapsed = performance.now() - started;
    expect(maps).toHaveLength(3);
    expect(elapsed).toBeGreaterThanOrEqual(1000);
    expect(waits.some((ms) => ms >= 1000)).toBe(true);
    expect(client.stats()).toMatchObject({ retries: 1, byEndpoint: { "tmx.maps": 2 } });
    expect(sandbox.stats().faults).toEqual({ "429": 1 });
  });

  it("retries injected 503s with backoff and gives up after maxAttempts with a typed error", async () => {
    sandbox.setFaults({ rate503: 1 });
    const client = makeClient({ maxAttempts: 3 });
    const error = await client.getMapsByAuthor("anyone").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TrackmaniaError);
    expect(error).toMatchObject({ kind: "http", endpoint: "tmx.maps", upstreamStatus: 503, attempts: 3 });
    expect((error as Error).message).toMatch(/tmx\.maps answered HTTP 503 after 3 attempts/);
    expect(served("tmx.maps")).toBe(3);
    expect(client.stats()).toMatchObject({ requests: 3, retries: 2, failures: 1 });
  });

  it("waits out a 503's Retry-After before retrying", async () => {
    sandbox.setFaults({ rate503: 1, retryAfter503Seconds: 1 });
    const waits: number[] = [];
    const client = makeClient(recoverWhileWaiting(waits));
    const started = performance.now();
    const maps = await client.getMapsByAuthor(sandbox.wellKnown.smallMapper.displayName);
    const elapsed = performance.now() - started;
    expect(maps).toHaveLength(3);
    // Backoff alone would wait about retryBaseMs (20 ms): only the header explains a whole second.
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThanOrEqual(1000);
    expect(elapsed).toBeGreaterThanOrEqual(1000);
    expect(client.stats()).toMatchObject({ retries: 1, byEndpoint: { "tmx.maps": 2 } });
    expect(sandbox.stats().faults).toEqual({ "503": 1 });
  });

  it("times out a slow answer", async () => {
    sandbox.setFaults({ rateSlow: 1, slowMs: 2_000 });
    const client = makeClient({ timeoutMs: 150, maxAttempts: 2 });
    const error = await client.getMapsByAuthor("anyone").catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "timeout", endpoint: "tmx.maps", attempts: 2 });
    expect((error as Error).message).toMatch(/did not answer within 150 ms after 2 attempts/);
  });

  it("keeps requests to a service at least 1/rate apart", async () => {
    const starts: number[] = [];
    const client = makeClient({
      requestsPerSecond: 5,
      fetch: (input, init) => {
        if (String(input instanceof Request ? input.url : input).includes("/live/")) starts.push(performance.now());
        return fetch(input, init);
      },
    });
    await client.getTop(sandbox.wellKnown.maps.busy, { depth: 500 });
    expect(starts).toHaveLength(5);
    for (let i = 1; i < starts.length; i += 1) {
      expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(200 - 5);
    }
  });

  it("rejects a malformed body with an error naming the endpoint and the field", async () => {
    const client = makeClient({
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        if (!String(input).includes("/top?")) return response;
        const body = (await response.json()) as { tops: { top: { score: unknown }[] }[] };
        body.tops[0]!.top[2]!.score = "0:52.123";
        return Response.json(body, { status: response.status });
      },
    });
    const error = await client.getTop(sandbox.wellKnown.maps.busy, { depth: 10 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TrackmaniaError);
    expect(error).toMatchObject({ kind: "invalid_response", endpoint: "live.top" });
    expect((error as Error).message).toContain("live.top");
    expect((error as Error).message).toContain("tops[0].top[2].score");
    // Not retried: a wrong shape is not a transient failure.
    expect(client.stats().byEndpoint["live.top"]).toBe(1);
  });

  it("reports health by obtaining a Live token", async () => {
    expect(await makeClient().checkHealth()).toMatchObject({ ok: true });
    const wrong = makeClient({ serverPassword: "wrong", kv: createMemoryKv() });
    const health = await wrong.checkHealth();
    expect(health.ok).toBe(false);
    expect(health.error).toMatch(/core\.token refused the server account's credentials \(HTTP 401\)/);
  });
});
