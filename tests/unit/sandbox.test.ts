import { describe, expect, it } from "vitest";
import { createSandbox, hours, parseSandboxFaults, type Sandbox } from "@/lib/trackmania/sandbox";
import { medalTimes } from "@/lib/trackmania/sandbox/world";

// The sandbox in-process: the world, its clock, tokens, limits and faults, through `sandbox.fetch`.

type TopEntry = { accountId: string; zoneId: string; zoneName: string; position: number; score: number; timestamp: number };
type TopResponse = { groupUid: string; mapUid: string; tops: [{ zoneId: string; zoneName: string; top: TopEntry[] }] };

const userAgent = "Trackwatch tests / sandbox / tests@example.com";

async function login(sandbox: Sandbox, audience?: "NadeoServices" | "NadeoLiveServices") {
  const { serverLogin, serverPassword } = sandbox.credentials;
  const response = await sandbox.fetch(`${sandbox.urls.core}/v2/authentication/token/basic`, {
    method: "POST",
    headers: {
      authorization: `Basic ${Buffer.from(`${serverLogin}:${serverPassword}`).toString("base64")}`,
      "content-type": "application/json",
      "user-agent": userAgent,
    },
    body: audience ? JSON.stringify({ audience }) : undefined,
  });
  expect(response.status).toBe(200);
  return (await response.json()) as { accessToken: string; refreshToken: string };
}

function claimsOf(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split(".")[1] as string, "base64url").toString("utf8")) as Record<string, unknown>;
}

function nadeo(token: string) {
  return { authorization: `nadeo_v1 t=${token}`, "user-agent": userAgent };
}

async function top(sandbox: Sandbox, token: string, mapUid: string, query = "onlyWorld=true&length=100&offset=0") {
  const response = await sandbox.fetch(`${sandbox.urls.live}/api/token/leaderboard/group/Personal_Best/map/${mapUid}/top?${query}`, {
    headers: nadeo(token),
  });
  return { status: response.status, body: (await response.json()) as TopResponse };
}

async function oauthAppToken(sandbox: Sandbox): Promise<string> {
  const response = await sandbox.fetch(`${sandbox.urls.oauth}/api/access_token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "user-agent": userAgent },
    body: new URLSearchParams({
      grant_type: "client_credentials",
      client_id: sandbox.credentials.oauthClientId,
      client_secret: sandbox.credentials.oauthClientSecret,
    }),
  });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { token_type: string; expires_in: number; access_token: string };
  expect(body).toMatchObject({ token_type: "bearer", expires_in: 3600 });
  return body.access_token;
}

describe("sandbox world", () => {
  // How long a world takes to build is a benchmark figure (npm run bench:daily prints it), not a test.
  it("builds a default world of the documented size", () => {
    const sandbox = createSandbox({ seed: 7 });
    // 3000 drivers, then MidPackMia and the official (Nadeo-like) account outside the driver pool.
    expect(sandbox.world.players().length).toBe(3000 + 2);
    expect(sandbox.world.mappers().length).toBe(302);
    expect(sandbox.world.maps().length).toBeGreaterThan(3000);
  });

  it("is a function of the seed", () => {
    const a = createSandbox({ seed: 42 });
    const b = createSandbox({ seed: 42 });
    const c = createSandbox({ seed: 43 });
    const summary = (s: Sandbox) => ({
      players: s.world.players().map((p) => `${p.accountId}:${p.displayName}:${p.zone.name}`),
      maps: s.world.maps().map((m) => `${m.uid}:${m.mapId}:${m.name}:${m.authorTime}:${m.tmx?.mapId ?? "-"}`),
    });
    expect(summary(a)).toEqual(summary(b));
    expect(summary(a).players).not.toEqual(summary(c).players);
    const names = a.world.players().map((p) => p.displayName.toLowerCase());
    expect(new Set(names).size).toBe(names.length);
    // Well-known accounts and their maps do not depend on the seed, so docs can name them.
    expect(c.wellKnown).toEqual(a.wellKnown);
  });

  it("has the well-known accounts the docs promise", () => {
    const sandbox = createSandbox();
    const { smallMapper, bigMapper, topDriver, maps } = sandbox.wellKnown;
    expect(sandbox.world.maps(smallMapper.accountId)).toHaveLength(3);
    expect(sandbox.world.maps(bigMapper.accountId)).toHaveLength(150);
    expect(smallMapper.mapUids).toHaveLength(3);
    expect(bigMapper.mapUids).toHaveLength(150);
    expect(topDriver.mapUids.length).toBeGreaterThanOrEqual(5);
    for (const uid of topDriver.mapUids) {
      const top5 = sandbox.world.leaderboard(uid)!.slice(0, 5).map((e) => e.accountId);
      expect(top5).toContain(topDriver.accountId);
    }
    expect(sandbox.world.leaderboard(maps.busy)!.length).toBeGreaterThan(1000);
    expect(sandbox.world.leaderboard(maps.empty)).toEqual([]);
    sandbox.advance(hours(24 * 30));
    expect(sandbox.world.leaderboard(maps.empty)).toEqual([]);
    expect(sandbox.world.player(smallMapper.displayName.toUpperCase())?.accountId).toBe(smallMapper.accountId);
  });

  // README "The sandbox world" names these: demos and docs rely on them, so they must never drift.
  it("has exactly the well-known ids and maps the README lists, for any seed", () => {
    for (const seed of [1, 20_201]) {
      const sandbox = createSandbox({ seed });
      const { smallMapper, bigMapper, topDriver, maps } = sandbox.wellKnown;
      expect(smallMapper).toEqual({
        displayName: "SmallMapperSam",
        accountId: "0bf16bc0-c8af-4ba3-b955-612bb5f3693d",
        mapUids: expect.arrayContaining(["1e4oTVFZAuqpKh5Z1FbfFZcFQeI", "2eDmdeNOCYQSUtjWuY_hAnp_mFC", "7EY6aVMPu3SKZNNabVVki6WlYwh"]),
      });
      expect(smallMapper.mapUids).toHaveLength(3);
      expect(bigMapper).toMatchObject({ displayName: "BigMapperBea", accountId: "609be2ca-a994-49ee-8568-e83d50ec6919" });
      expect(bigMapper.mapUids).toHaveLength(150);
      expect(bigMapper.mapUids[0]).toBe("oaJAe410mnaqwc3nlp3meZAVi9m");
      expect(maps.busy).toBe("oaJAe410mnaqwc3nlp3meZAVi9m");
      // "The busiest map in the world": more leaderboard events per day than any other.
      const byActivity = [...sandbox.world.maps()].sort((a, b) => b.activity.eventsPerDay - a.activity.eventsPerDay);
      expect(byActivity[0]!.uid).toBe(maps.busy);
      expect(byActivity[1]!.activity.eventsPerDay).toBeLessThan(byActivity[0]!.activity.eventsPerDay);
      expect(topDriver).toMatchObject({ displayName: "TopDriverTeo", accountId: "7275e93b-0927-4c5b-a96d-11d0afd5e46c" });
      // "The world record on 6 maps at the start".
      expect(topDriver.mapUids).toHaveLength(6);
      for (const uid of topDriver.mapUids) expect(sandbox.world.leaderboard(uid)![0]!.accountId).toBe(topDriver.accountId);
      // MidPackMia and the official account (campaigns and Tracks of the Day, see sandbox-calendar.test.ts).
      const { midPackDriver, official } = sandbox.wellKnown;
      expect(midPackDriver).toMatchObject({ displayName: "MidPackMia", accountId: "e71a81f3-1263-4fae-94e5-5d4c4e4ee00e" });
      expect(midPackDriver.mapUids).toHaveLength(25);
      expect(official).toEqual({ displayName: "Nadeo", accountId: "c8677273-4a31-4a3c-80bd-a2698601c94e" });
    }
  });

  it("gives maps game-like medals, uids and names", () => {
    expect(medalTimes(45_123)).toEqual({ goldTime: 48_000, silverTime: 55_000, bronzeTime: 68_000 });
    const sandbox = createSandbox();
    const maps = sandbox.world.maps();
    for (const map of maps.slice(0, 500)) {
      expect(map.uid).toMatch(/^[A-Za-z0-9_]{27}$/);
      expect(map.mapId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(map.authorTime).toBeGreaterThanOrEqual(25_000);
      expect(map.authorTime).toBeLessThanOrEqual(90_000);
      expect(map).toMatchObject(medalTimes(map.authorTime));
      expect(map.uploadTimestamp * 1000).toBeLessThan(sandbox.now().getTime());
    }
    expect(maps.some((m) => m.name.includes("$"))).toBe(true);
    expect(new Set(maps.map((m) => m.uid)).size).toBe(maps.length);
    const sizes = maps.map((m) => m.activity.initialRecords);
    expect(sizes.filter((n) => n === 0).length).toBeGreaterThan(100);
    expect(Math.max(...sizes)).toBeGreaterThan(1000);
  });

  // How fast it builds is the bench's to report (npm run bench:daily), not a timed test's.
  it("scales for benches", () => {
    const sandbox = createSandbox({ mappers: 1000, players: 20_000 });
    expect(sandbox.world.maps().length).toBeGreaterThan(18_000);
    expect(sandbox.world.players().length).toBe(20_000 + 2);
  });
});

describe("sandbox leaderboards over time", () => {
  it("adds records inside the advanced window, keeping the board ordered", async () => {
    const sandbox = createSandbox({ seed: 5 });
    const uid = sandbox.wellKnown.maps.busy;
    const before = sandbox.world.leaderboard(uid)!;
    const start = sandbox.now().getTime();
    expect(before.every((e) => e.timestamp * 1000 < start)).toBe(true);

    sandbox.advance(hours(6));
    const after = sandbox.world.leaderboard(uid)!;
    const end = sandbox.now().getTime();
    const previous = new Map(before.map((e) => [e.accountId, e]));
    const fresh = after.filter((e) => previous.get(e.accountId)?.score !== e.score);
    expect(fresh.length).toBeGreaterThan(10);
    const newDrivers = fresh.filter((e) => !previous.has(e.accountId));
    const improvements = fresh.filter((e) => previous.has(e.accountId));
    expect(newDrivers.length).toBeGreaterThan(0);
    expect(improvements.length).toBeGreaterThan(0);
    for (const entry of fresh) {
      expect(entry.timestamp * 1000).toBeGreaterThanOrEqual(Math.floor(start / 1000) * 1000);
      expect(entry.timestamp * 1000).toBeLessThanOrEqual(end);
      // An improvement is strictly faster than the record it replaces.
      const old = previous.get(entry.accountId);
      if (old) expect(entry.score).toBeLessThan(old.score);
    }
    after.forEach((entry, i) => {
      expect(entry.position).toBe(i + 1);
      const next = after[i + 1];
      if (next) expect(entry.score < next.score || (entry.score === next.score && entry.timestamp <= next.timestamp)).toBe(true);
    });
    expect(new Set(after.map((e) => e.accountId)).size).toBe(after.length);

    // The Live top endpoint shows the same board.
    const token = (await login(sandbox, "NadeoLiveServices")).accessToken;
    const { body } = await top(sandbox, token, uid, "onlyWorld=true&length=100&offset=200");
    expect(body.tops[0].top.map((e) => [e.position, e.accountId, e.score, e.timestamp])).toEqual(
      after.slice(200, 300).map((e) => [e.position, e.accountId, e.score, e.timestamp]),
    );
  });

  it("answers identically for the same seed and time sequence, whatever was read in between", () => {
    const a = createSandbox({ seed: 11 });
    const b = createSandbox({ seed: 11 });
    const uids = a.world.maps().slice(0, 400).map((m) => m.uid);
    // a reads everything at every step; b reads only at the end.
    for (let step = 0; step < 5; step++) {
      for (const uid of uids) a.world.leaderboard(uid);
      a.advance(hours(7));
      b.advance(hours(7));
    }
    for (const uid of uids) expect(b.world.leaderboard(uid)).toEqual(a.world.leaderboard(uid));
    // Over a month the quiet majority of maps gain something too.
    const gained = uids.filter((uid) => a.world.leaderboard(uid)!.some((e) => e.timestamp * 1000 >= Date.UTC(2026, 5, 1)));
    expect(gained.length).toBeGreaterThan(20);
  });

  it("pushes the top driver down now and then on the busy map", () => {
    const sandbox = createSandbox();
    const { topDriver, maps } = sandbox.wellKnown;
    expect(sandbox.world.leaderboard(maps.busy)![0]!.accountId).toBe(topDriver.accountId);
    let pushed = false;
    for (let day = 0; day < 7 && !pushed; day++) {
      sandbox.advance(hours(24));
      pushed = sandbox.world.leaderboard(maps.busy)![0]!.accountId !== topDriver.accountId;
    }
    expect(pushed).toBe(true);
  });
});

describe("sandbox Nadeo tokens", () => {
  it("issues JWTs on the sandbox clock, with the claims real ones carry", async () => {
    const sandbox = createSandbox();
    const { accessToken, refreshToken } = await login(sandbox);
    const access = claimsOf(accessToken);
    const refresh = claimsOf(refreshToken);
    const now = Math.floor(sandbox.now().getTime() / 1000);
    expect(access).toMatchObject({ aud: "NadeoServices", iat: now, exp: now + 3600, rat: now + 1800, usg: "Server", aun: sandbox.credentials.serverLogin, rtk: false });
    expect(typeof access.sub).toBe("string");
    expect(refresh).toMatchObject({ aud: "NadeoServices", refresh_aud: "NadeoServices", rtk: true, exp: now + 86_400 });
    expect(claimsOf((await login(sandbox, "NadeoLiveServices")).accessToken).aud).toBe("NadeoLiveServices");
  });

  it("refuses bad credentials, bad audiences and wrong-audience tokens", async () => {
    const sandbox = createSandbox();
    const bad = await sandbox.fetch(`${sandbox.urls.core}/v2/authentication/token/basic`, {
      method: "POST",
      headers: { authorization: `Basic ${Buffer.from("someone:wrong").toString("base64")}` },
    });
    expect(bad.status).toBe(401);
    expect(bad.headers.get("content-type")).toContain("application/json");
    const { serverLogin, serverPassword } = sandbox.credentials;
    const badAudience = await sandbox.fetch(`${sandbox.urls.core}/v2/authentication/token/basic`, {
      method: "POST",
      headers: { authorization: `Basic ${Buffer.from(`${serverLogin}:${serverPassword}`).toString("base64")}` },
      body: JSON.stringify({ audience: "NadeoClubServices" }),
    });
    expect(badAudience.status).toBe(400);
    expect(await badAudience.json()).toMatchObject({ code: "C-AA-00-03" });

    const core = await login(sandbox, "NadeoServices");
    const live = await login(sandbox, "NadeoLiveServices");
    const uid = sandbox.wellKnown.maps.busy;
    expect((await top(sandbox, core.accessToken, uid)).status).toBe(401);
    expect((await top(sandbox, live.accessToken, uid)).status).toBe(200);
    const coreWithLive = await sandbox.fetch(`${sandbox.urls.core}/maps/by-uid/?mapUidList=${uid}`, { headers: nadeo(live.accessToken) });
    expect(coreWithLive.status).toBe(401);
    const missing = await sandbox.fetch(`${sandbox.urls.core}/maps/by-uid/?mapUidList=${uid}`);
    expect(missing.status).toBe(401);
    // A refresh token is not an access token.
    expect((await top(sandbox, live.refreshToken, uid)).status).toBe(401);
  });

  it("expires access tokens after an hour and renews them with the refresh token", async () => {
    const sandbox = createSandbox();
    const uid = sandbox.wellKnown.maps.busy;
    const first = await login(sandbox, "NadeoLiveServices");
    sandbox.advance(hours(1) + 1000);
    const expired = await top(sandbox, first.accessToken, uid);
    expect(expired.status).toBe(401);
    expect(expired.body).toMatchObject({ error: "UnauthorizedHttpException", message: "Token expired." });

    const refreshed = await sandbox.fetch(`${sandbox.urls.core}/v2/authentication/token/refresh`, {
      method: "POST",
      headers: nadeo(first.refreshToken),
    });
    expect(refreshed.status).toBe(200);
    const pair = (await refreshed.json()) as { accessToken: string; refreshToken: string };
    expect(claimsOf(pair.accessToken)).toMatchObject({ aud: "NadeoLiveServices" });
    expect((await top(sandbox, pair.accessToken, uid)).status).toBe(200);

    // An access token cannot refresh, and a day later the refresh token is dead too.
    const wrong = await sandbox.fetch(`${sandbox.urls.core}/v2/authentication/token/refresh`, { method: "POST", headers: nadeo(pair.accessToken) });
    expect(wrong.status).toBe(401);
    sandbox.advance(hours(25));
    const late = await sandbox.fetch(`${sandbox.urls.core}/v2/authentication/token/refresh`, { method: "POST", headers: nadeo(pair.refreshToken) });
    expect(late.status).toBe(401);
    expect(await late.json()).toMatchObject({ message: "Token expired." });
  });

  it("expireAllTokens kills access tokens (and refresh tokens when asked)", async () => {
    const sandbox = createSandbox();
    const uid = sandbox.wellKnown.maps.busy;
    const pair = await login(sandbox, "NadeoLiveServices");
    sandbox.expireAllTokens();
    expect((await top(sandbox, pair.accessToken, uid)).status).toBe(401);
    const refreshed = await sandbox.fetch(`${sandbox.urls.core}/v2/authentication/token/refresh`, { method: "POST", headers: nadeo(pair.refreshToken) });
    expect(refreshed.status).toBe(200);
    const next = (await refreshed.json()) as { accessToken: string; refreshToken: string };
    expect((await top(sandbox, next.accessToken, uid)).status).toBe(200);
    sandbox.expireAllTokens({ refresh: true });
    const dead = await sandbox.fetch(`${sandbox.urls.core}/v2/authentication/token/refresh`, { method: "POST", headers: nadeo(next.refreshToken) });
    expect(dead.status).toBe(401);
    expect((await login(sandbox, "NadeoLiveServices")).accessToken).toBeTruthy();
  });

  it("honours configured lifetimes", async () => {
    const sandbox = createSandbox({ accessTokenTtlSeconds: 60, refreshTokenTtlSeconds: 600 });
    const claims = claimsOf((await login(sandbox)).accessToken);
    expect((claims.exp as number) - (claims.iat as number)).toBe(60);
    expect((claims.rat as number) - (claims.iat as number)).toBe(30);
  });
});

describe("sandbox Live leaderboards", () => {
  it("pages the top with the documented defaults and limits", async () => {
    const sandbox = createSandbox();
    const token = (await login(sandbox, "NadeoLiveServices")).accessToken;
    const { busy, empty } = sandbox.wellKnown.maps;
    const fallback = await top(sandbox, token, busy, "onlyWorld=true");
    expect(fallback.body.tops[0].top).toHaveLength(5);
    expect(fallback.body).toMatchObject({ groupUid: "Personal_Best", mapUid: busy, tops: [{ zoneName: "World" }] });
    const entry = fallback.body.tops[0].top[0]!;
    expect(Object.keys(entry).sort()).toEqual(["accountId", "position", "score", "timestamp", "zoneId", "zoneName"]);
    expect(entry.zoneName).not.toBe("World");
    expect((await top(sandbox, token, busy, "onlyWorld=true&length=500")).body.tops[0].top).toHaveLength(100);
    // Without onlyWorld=true only the world top 5 is visible.
    const notWorld = (await top(sandbox, token, busy, "length=100&offset=50")).body.tops[0].top;
    expect(notWorld.map((e) => e.position)).toEqual([1, 2, 3, 4, 5]);
    expect((await top(sandbox, token, busy, "onlyWorld=true&length=100&offset=10000")).body.tops[0].top).toEqual([]);
    expect((await top(sandbox, token, empty)).body.tops[0].top).toEqual([]);
    expect((await top(sandbox, token, "NoSuchMapUid_______________")).body).toMatchObject({ tops: [{ top: [] }] });
    const group = await sandbox.fetch(`${sandbox.urls.live}/api/token/leaderboard/group/NoSuchGroup/map/${busy}/top?onlyWorld=true`, { headers: nadeo(token) });
    expect(group.status).toBe(200);
    expect(await group.json()).toEqual({});
  });

  it("stops at 10,000 reachable records", async () => {
    const sandbox = createSandbox({ players: 20_000, mappers: 10 });
    const token = (await login(sandbox, "NadeoLiveServices")).accessToken;
    const { busy } = sandbox.wellKnown.maps;
    expect(sandbox.world.leaderboard(busy)!.length).toBeGreaterThan(10_000);
    const last = (await top(sandbox, token, busy, "onlyWorld=true&length=100&offset=9950")).body.tops[0].top;
    expect(last).toHaveLength(50);
    expect(last.at(-1)!.position).toBe(10_000);
  });

  it("answers positions for scores, with the documented limits", async () => {
    const sandbox = createSandbox();
    const token = (await login(sandbox, "NadeoLiveServices")).accessToken;
    const [a, b] = sandbox.wellKnown.bigMapper.mapUids as [string, string];
    const boardA = sandbox.world.leaderboard(a)!;
    const score = boardA[99]!.score;
    const post = (query: string, maps: Array<{ mapUid: string; groupUid: string }>) =>
      sandbox.fetch(`${sandbox.urls.live}/api/token/leaderboard/group/map?${query}`, {
        method: "POST",
        headers: { ...nadeo(token), "content-type": "application/json" },
        body: JSON.stringify({ maps }),
      });

    const ok = await post(`scores[${a}]=${score}&scores[${b}]=1&scores[NoSuchMapUid_______________]=5`, [
      { mapUid: a, groupUid: "Personal_Best" },
      { mapUid: b, groupUid: "Personal_Best" },
      { mapUid: "NoSuchMapUid_______________", groupUid: "Personal_Best" },
    ]);
    expect(ok.status).toBe(200);
    const answers = (await ok.json()) as Array<{ mapUid: string; score: number; zones: Array<{ zoneName: string; ranking: { position: number; length: number } }> }>;
    expect(answers.map((x) => x.mapUid)).toEqual([a, b]);
    const expected = boardA.filter((e) => e.score <= score).length + 1;
    expect(answers[0]).toMatchObject({ groupUid: "Personal_Best", score, zones: [{ zoneName: "World", ranking: { position: expected, length: 0 } }] });
    expect(answers[1]!.zones[0]!.ranking.position).toBe(1);

    const tooMany = Array.from({ length: 51 }, (_, i) => ({ mapUid: sandbox.wellKnown.bigMapper.mapUids[i]!, groupUid: "Personal_Best" }));
    expect((await post(tooMany.map((m) => `scores[${m.mapUid}]=60000`).join("&"), tooMany)).status).toBe(400);
    expect((await post(tooMany.slice(0, 50).map((m) => `scores[${m.mapUid}]=60000`).join("&"), tooMany.slice(0, 50))).status).toBe(200);
    const missingFromBody = await post(`scores[${a}]=${score}&scores[${b}]=1`, [{ mapUid: a, groupUid: "Personal_Best" }]);
    expect(missingFromBody.status).toBe(500);
    expect(await post("", [{ mapUid: a, groupUid: "Personal_Best" }]).then((r) => r.json())).toEqual([]);
  });

  it("can lag the position endpoint behind the board", async () => {
    const sandbox = createSandbox({ positionLagSeconds: 3 * 3600 });
    const uid = sandbox.wellKnown.maps.busy;
    const median = sandbox.world.leaderboard(uid)![1250]!.score;
    const boardPosition = () => sandbox.world.leaderboard(uid)!.filter((e) => e.score <= median).length + 1;
    const positionOf = async () => {
      // A fresh token each time: the clock jumps past an access token's hour.
      const token = (await login(sandbox, "NadeoLiveServices")).accessToken;
      const response = await sandbox.fetch(`${sandbox.urls.live}/api/token/leaderboard/group/map?scores[${uid}]=${median}`, {
        method: "POST",
        headers: nadeo(token),
        body: JSON.stringify({ maps: [{ mapUid: uid, groupUid: "Personal_Best" }] }),
      });
      return ((await response.json()) as Array<{ zones: Array<{ ranking: { position: number } }> }>)[0]!.zones[0]!.ranking.position;
    };
    const initial = boardPosition();
    expect(await positionOf()).toBe(initial);
    sandbox.advance(hours(3));
    const afterThreeHours = boardPosition();
    expect(afterThreeHours).toBeGreaterThan(initial);
    // The board has moved, the position endpoint still answers as of three hours ago.
    expect(await positionOf()).toBe(initial);
    sandbox.advance(hours(3));
    expect(await positionOf()).toBe(afterThreeHours);
  });
});

describe("sandbox map info", () => {
  it("answers Live map info in Live's shape", async () => {
    const sandbox = createSandbox();
    const token = (await login(sandbox, "NadeoLiveServices")).accessToken;
    const uids = sandbox.wellKnown.bigMapper.mapUids;
    const many = await sandbox.fetch(`${sandbox.urls.live}/api/token/map/get-multiple?mapUidList=${[...uids.slice(0, 99), "NoSuchMapUid_______________"].join(",")}`, {
      headers: nadeo(token),
    });
    const body = (await many.json()) as { mapList: Array<Record<string, unknown>>; itemCount: number };
    expect(body.itemCount).toBe(99);
    const world = sandbox.world.map(uids[0]!)!;
    expect(body.mapList[0]).toMatchObject({
      uid: world.uid,
      mapId: world.mapId,
      name: world.name,
      author: sandbox.wellKnown.bigMapper.accountId,
      authorTime: world.authorTime,
      goldTime: world.goldTime,
      mapType: "TrackMania\\TM_Race",
      thumbnailUrl: `${sandbox.urls.core}/thumbnails/${world.uid}.svg`,
    });
    const tooMany = await sandbox.fetch(`${sandbox.urls.live}/api/token/map/get-multiple?mapUidList=${uids.slice(0, 101).join(",")}`, { headers: nadeo(token) });
    expect(tooMany.status).toBe(400);
    const one = await sandbox.fetch(`${sandbox.urls.live}/api/token/map/${uids[1]}`, { headers: nadeo(token) });
    expect(((await one.json()) as { uid: string }).uid).toBe(uids[1]);
    const unknown = await sandbox.fetch(`${sandbox.urls.live}/api/token/map/NoSuchMapUid_______________`, { headers: nadeo(token) });
    expect(unknown.status).toBe(500);
    expect(await unknown.json()).toMatchObject({ error: "NotFoundHttpException", traceId: expect.any(String) });
  });

  it("answers Core map info in Core's shape, and 414 for long URIs", async () => {
    const sandbox = createSandbox();
    const token = (await login(sandbox, "NadeoServices")).accessToken;
    const uids = sandbox.wellKnown.bigMapper.mapUids;
    const response = await sandbox.fetch(`${sandbox.urls.core}/maps/by-uid/?mapUidList=${uids.slice(0, 3).join(",")},NoSuchMapUid_______________`, {
      headers: nadeo(token),
    });
    const maps = (await response.json()) as Array<Record<string, unknown>>;
    expect(maps).toHaveLength(3);
    const world = sandbox.world.map(uids[0]!)!;
    expect(maps[0]).toMatchObject({ mapUid: world.uid, mapId: world.mapId, authorScore: world.authorTime, bronzeScore: world.bronzeTime });
    expect(maps[0]!.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);
    const byId = await sandbox.fetch(`${sandbox.urls.core}/maps/by-id/?mapIdList=${world.mapId}`, { headers: nadeo(token) });
    expect(((await byId.json()) as Array<{ mapUid: string }>)[0]!.mapUid).toBe(world.uid);
    const long = `${sandbox.urls.core}/maps/by-uid/?mapUidList=${sandbox.world.maps().slice(0, 300).map((m) => m.uid).join(",")}`;
    expect((await sandbox.fetch(long, { headers: nadeo(token) })).status).toBe(414);
  });

  it("answers a player's records on a map (Core by-account)", async () => {
    const sandbox = createSandbox();
    const token = (await login(sandbox, "NadeoServices")).accessToken;
    const { topDriver, smallMapper } = sandbox.wellKnown;
    const map = sandbox.world.map(topDriver.mapUids[0]!)!;
    const response = await sandbox.fetch(
      `${sandbox.urls.core}/v2/mapRecords/by-account/?accountIdList=${topDriver.accountId},${smallMapper.accountId}&mapId=${map.mapId}`,
      { headers: nadeo(token) },
    );
    const records = (await response.json()) as Array<{ accountId: string; recordScore: { time: number }; medal: number }>;
    const board = sandbox.world.leaderboard(map.uid)!;
    const mine = board.find((e) => e.accountId === topDriver.accountId)!;
    expect(records.find((r) => r.accountId === topDriver.accountId)).toMatchObject({ recordScore: { time: mine.score }, mapId: map.mapId, scopeType: "PersonalBest" });
    expect(records.some((r) => r.accountId === smallMapper.accountId)).toBe(board.some((e) => e.accountId === smallMapper.accountId));
  });
});

describe("sandbox OAuth API", () => {
  it("resolves display names in batches of at most 50", async () => {
    const sandbox = createSandbox();
    const token = await oauthAppToken(sandbox);
    const players = sandbox.world.players();
    const names = async (ids: string[]) => {
      const query = ids.map((id) => `accountId[]=${encodeURIComponent(id)}`).join("&");
      return sandbox.fetch(`${sandbox.urls.oauth}/api/display-names?${query}`, { headers: { authorization: `Bearer ${token}` } });
    };
    const ok = await names([players[0]!.accountId, players[7]!.accountId, "00000000-0000-4000-8000-000000000000"]);
    expect(await ok.json()).toEqual({ [players[0]!.accountId]: players[0]!.displayName, [players[7]!.accountId]: players[7]!.displayName });
    expect(await (await names(["00000000-0000-4000-8000-000000000000"])).json()).toEqual([]);
    expect((await names(players.slice(0, 50).map((p) => p.accountId))).status).toBe(200);
    expect((await names(players.slice(0, 51).map((p) => p.accountId))).status).toBe(400);
    const ids = await sandbox.fetch(`${sandbox.urls.oauth}/api/display-names/account-ids?displayName[]=${sandbox.wellKnown.bigMapper.displayName}&displayName[]=nobody-at-all`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(await ids.json()).toEqual({ [sandbox.wellKnown.bigMapper.displayName]: sandbox.wellKnown.bigMapper.accountId });
    const anonymous = await sandbox.fetch(`${sandbox.urls.oauth}/api/display-names?accountId[]=${players[0]!.accountId}`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ error: "access_denied", message: expect.any(String), error_description: expect.any(String) });
    sandbox.advance(hours(1) + 1000);
    expect((await names([players[0]!.accountId])).status).toBe(401);
  });

  it("signs a user in with the authorization-code flow", async () => {
    const sandbox = createSandbox();
    const { oauthClientId, oauthClientSecret } = sandbox.credentials;
    const redirectUri = "http://localhost:3000/api/auth/callback/trackmania";
    const authorize = `${sandbox.urls.oauth}/oauth/authorize?${new URLSearchParams({ response_type: "code", client_id: oauthClientId, redirect_uri: redirectUri, scope: "", state: "xyz" })}`;
    const page = await sandbox.fetch(authorize);
    expect(page.headers.get("content-type")).toContain("text/html");
    const html = await page.text();
    expect(html).toContain(sandbox.wellKnown.smallMapper.displayName);

    const href = /href="(\?[^"]*accountId=[^"]+)"/.exec(html)![1]!.replace(/&amp;/g, "&");
    const redirect = await sandbox.fetch(new URL(href, authorize), { redirect: "manual" });
    expect(redirect.status).toBe(302);
    const location = new URL(redirect.headers.get("location")!);
    expect(`${location.origin}${location.pathname}`).toBe(redirectUri);
    expect(location.searchParams.get("state")).toBe("xyz");

    const exchange = (body: Record<string, string>) =>
      sandbox.fetch(`${sandbox.urls.oauth}/api/access_token`, { method: "POST", body: new URLSearchParams({ client_id: oauthClientId, client_secret: oauthClientSecret, ...body }) });
    const code = location.searchParams.get("code")!;
    const tokens = (await (await exchange({ grant_type: "authorization_code", code, redirect_uri: redirectUri })).json()) as { access_token: string; refresh_token: string; expires_in: number };
    expect(tokens.expires_in).toBe(3600);
    // Codes are single use.
    expect((await exchange({ grant_type: "authorization_code", code, redirect_uri: redirectUri })).status).toBe(400);

    const user = await sandbox.fetch(`${sandbox.urls.oauth}/api/user`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect(await user.json()).toEqual({ accountId: sandbox.wellKnown.smallMapper.accountId, displayName: sandbox.wellKnown.smallMapper.displayName });

    const renewed = await exchange({ grant_type: "refresh_token", refresh_token: tokens.refresh_token });
    expect(renewed.status).toBe(200);
    expect((await exchange({ grant_type: "refresh_token", refresh_token: tokens.refresh_token })).status).toBe(400);

    const byName = await sandbox.fetch(`${authorize}&displayName=${encodeURIComponent(sandbox.wellKnown.topDriver.displayName.toLowerCase())}`, { redirect: "manual" });
    expect(byName.status).toBe(302);
    const appToken = await oauthAppToken(sandbox);
    expect((await sandbox.fetch(`${sandbox.urls.oauth}/api/user`, { headers: { authorization: `Bearer ${appToken}` } })).status).toBe(403);
    expect((await exchange({ grant_type: "password" })).status).toBe(400);
    const badClient = await sandbox.fetch(`${sandbox.urls.oauth}/api/access_token`, {
      method: "POST",
      body: new URLSearchParams({ grant_type: "client_credentials", client_id: oauthClientId, client_secret: "nope" }),
    });
    expect(badClient.status).toBe(401);
    expect(await badClient.json()).toMatchObject({ error: "invalid_client" });
  });
});

describe("sandbox Trackmania Exchange", () => {
  const tmx = (sandbox: Sandbox, query: string, headers: Record<string, string> = { "user-agent": userAgent }) =>
    sandbox.fetch(`${sandbox.urls.tmx}/api/maps?${query}`, { headers });

  it("requires a User-Agent and a fields list", async () => {
    const sandbox = createSandbox();
    const name = sandbox.wellKnown.smallMapper.displayName;
    const anonymous = await tmx(sandbox, `author=${name}&fields=MapId`, {});
    expect(anonymous.status).toBe(400);
    expect(anonymous.headers.get("content-type")).toContain("application/json");
    expect((await tmx(sandbox, `author=${name}`)).status).toBe(400);
    expect(sandbox.stats().userAgents[""]).toBe(1);
    expect(sandbox.stats().userAgents[userAgent]).toBe(1);
  });

  it("returns only the requested fields, nested ones included", async () => {
    const sandbox = createSandbox();
    const { smallMapper } = sandbox.wellKnown;
    const response = await tmx(sandbox, `author=${smallMapper.displayName.toLowerCase()}&fields=${encodeURIComponent("MapId,MapUid,Name,Authors[],Medals.Author,Uploader.Name,UploadedAt")}`);
    const body = (await response.json()) as { More: boolean; Results: Array<Record<string, unknown>> };
    expect(body.More).toBe(false);
    expect(body.Results).toHaveLength(3);
    const first = body.Results[0]!;
    expect(Object.keys(first).sort()).toEqual(["Authors", "MapId", "MapUid", "Medals", "Name", "UploadedAt", "Uploader"]);
    expect(first.Medals).toEqual({ Author: sandbox.world.map(first.MapUid as string)!.authorTime });
    expect(first.Uploader).toEqual({ Name: smallMapper.displayName });
    expect(first.Authors).toEqual([{ User: { UserId: expect.any(Number), Name: smallMapper.displayName }, Role: expect.any(String) }]);
    // UTC without an offset, with TMX's fraction of a second when there is one (`2024-05-03T18:48:16.15`).
    expect(first.UploadedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,3})?$/);
    expect(first.Name).not.toContain("$");
    expect(new Set(body.Results.map((r) => r.MapUid))).toEqual(new Set(smallMapper.mapUids));
  });

  it("pages bigMapper's 150 maps by MapId cursor, each exactly once", async () => {
    const sandbox = createSandbox();
    const { bigMapper } = sandbox.wellKnown;
    for (const count of [undefined, 100, 7]) {
      const seen: string[] = [];
      let after: number | undefined;
      let pages = 0;
      for (;;) {
        const query = `author=${bigMapper.displayName}&fields=MapId,MapUid${count ? `&count=${count}` : ""}${after ? `&after=${after}` : ""}`;
        const body = (await (await tmx(sandbox, query)).json()) as { More: boolean; Results: Array<{ MapId: number; MapUid: string }> };
        pages++;
        seen.push(...body.Results.map((r) => r.MapUid));
        const ids = body.Results.map((r) => r.MapId);
        expect(ids).toEqual([...ids].sort((a, b) => b - a));
        if (!body.More) break;
        after = body.Results.at(-1)!.MapId;
      }
      expect(seen).toHaveLength(150);
      expect(new Set(seen)).toEqual(new Set(bigMapper.mapUids));
      expect(pages).toBe(Math.ceil(150 / (count ?? 40)));
    }
    const capped = (await (await tmx(sandbox, "fields=MapId&count=5000")).json()) as { More: boolean; Results: unknown[] };
    expect(capped.Results).toHaveLength(1000);
    expect(capped.More).toBe(true);
  });
});

describe("sandbox faults", () => {
  async function statuses(sandbox: Sandbox, token: string, n: number): Promise<number[]> {
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push((await top(sandbox, token, sandbox.wellKnown.maps.busy)).status);
    return out;
  }

  it("parses fault specs and refuses typos", () => {
    expect(parseSandboxFaults("429=0.1,503=0.05,500=0.02,slow=0.02,expire=0.01")).toEqual({
      rate429: 0.1,
      rate503: 0.05,
      rate500: 0.02,
      rateSlow: 0.02,
      rateExpireToken: 0.01,
    });
    expect(parseSandboxFaults("")).toEqual({});
    expect(parseSandboxFaults("slowMs=3000, retryAfter=2")).toEqual({ slowMs: 3000, retryAfterSeconds: 2 });
    expect(parseSandboxFaults("503=0.1,retryAfter503=5")).toEqual({ rate503: 0.1, retryAfter503Seconds: 5 });
    expect(() => parseSandboxFaults("429=lots")).toThrow();
    expect(() => parseSandboxFaults("404=0.1")).toThrow();
    expect(() => parseSandboxFaults("429=0.6,503=0.6")).toThrow();
  });

  it("injects the same faults for the same seed and request sequence", async () => {
    const run = async () => {
      const sandbox = createSandbox({ seed: 3 });
      const token = (await login(sandbox, "NadeoLiveServices")).accessToken;
      sandbox.setFaults({ rate429: 0.2, rate500: 0.1, rate503: 0.1, retryAfterSeconds: 7 });
      return { sandbox, token, seen: await statuses(sandbox, token, 200) };
    };
    const first = await run();
    const second = await run();
    expect(second.seen).toEqual(first.seen);
    const countOf = (status: number) => first.seen.filter((s) => s === status).length;
    expect(countOf(429)).toBeGreaterThan(20);
    expect(countOf(500)).toBeGreaterThan(5);
    expect(countOf(503)).toBeGreaterThan(5);
    expect(countOf(200)).toBeGreaterThan(80);
    expect(first.sandbox.stats().faults["429"]).toBe(countOf(429));

    // A 429 carries Retry-After; 5xx carry Live's error body.
    for (let i = 0; i < 50; i++) {
      const response = await first.sandbox.fetch(`${first.sandbox.urls.live}/api/token/map/${first.sandbox.wellKnown.maps.busy}`, { headers: nadeo(first.token) });
      if (response.status === 429) expect(response.headers.get("retry-after")).toBe("7");
      if (response.status === 503) expect(await response.json()).toMatchObject({ error: "ServiceUnavailableHttpException", traceId: expect.any(String) });
    }
  });

  it("sends Retry-After on 503s only when configured", async () => {
    const sandbox = createSandbox();
    const token = (await login(sandbox, "NadeoLiveServices")).accessToken;
    sandbox.setFaults({ rate503: 1 });
    const busyMap = `${sandbox.urls.live}/api/token/map/${sandbox.wellKnown.maps.busy}`;
    const plain = await sandbox.fetch(busyMap, { headers: nadeo(token) });
    expect(plain.status).toBe(503);
    expect(plain.headers.get("retry-after")).toBeNull();

    sandbox.setFaults({ rate503: 1, retryAfter503Seconds: 4 });
    const asked = await sandbox.fetch(busyMap, { headers: nadeo(token) });
    expect(asked.status).toBe(503);
    expect(asked.headers.get("retry-after")).toBe("4");
    expect(await asked.json()).toMatchObject({ error: "ServiceUnavailableHttpException" });
  });

  it("expires tokens as a fault, but never on token endpoints", async () => {
    const sandbox = createSandbox({ faults: { rateExpireToken: 0.5 } });
    for (let i = 0; i < 20; i++) await login(sandbox, "NadeoLiveServices");
    const pair = await login(sandbox, "NadeoLiveServices");
    let status = 200;
    for (let i = 0; i < 20 && status === 200; i++) status = (await top(sandbox, pair.accessToken, sandbox.wellKnown.maps.busy)).status;
    expect(status).toBe(401);
    // The token stays dead, as a really expired one would.
    sandbox.setFaults({});
    expect((await top(sandbox, pair.accessToken, sandbox.wellKnown.maps.busy)).status).toBe(401);
  });

  it("slows requests down and lets the caller's signal abort them", async () => {
    const sandbox = createSandbox({ faults: { rateSlow: 1, slowMs: 300 } });
    const token = (await login(sandbox, "NadeoLiveServices")).accessToken;
    const started = Date.now();
    expect((await top(sandbox, token, sandbox.wellKnown.maps.busy)).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    await expect(
      sandbox.fetch(`${sandbox.urls.live}/api/token/map/${sandbox.wellKnown.maps.busy}`, { headers: nadeo(token), signal: AbortSignal.timeout(50) }),
    ).rejects.toMatchObject({ name: "TimeoutError" });
  });
});

describe("sandbox plumbing", () => {
  it("counts requests by endpoint and serves thumbnails", async () => {
    const sandbox = createSandbox();
    const token = (await login(sandbox, "NadeoLiveServices")).accessToken;
    await top(sandbox, token, sandbox.wellKnown.maps.busy);
    await top(sandbox, token, sandbox.wellKnown.maps.busy);
    const svg = await sandbox.fetch(`${sandbox.urls.core}/thumbnails/${sandbox.wellKnown.maps.busy}.svg`);
    expect(svg.headers.get("content-type")).toContain("image/svg+xml");
    expect(await svg.text()).toMatch(/^<svg/);
    expect(sandbox.stats()).toMatchObject({ requests: 4, byEndpoint: { "core.auth.basic": 1, "live.leaderboard.top": 2, thumbnail: 1 } });
    sandbox.resetStats();
    expect(sandbox.stats().requests).toBe(0);
    const unknown = await sandbox.fetch(`${sandbox.urls.live}/api/token/nothing-here`, { headers: nadeo(token) });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get("content-type")).toContain("application/json");
  });

  it("routes the real hosts too, and moves a wall clock with real time", async () => {
    const sandbox = createSandbox({ clock: "wall" });
    const pair = await login(sandbox, "NadeoLiveServices");
    const response = await sandbox.fetch(
      `https://live-services.trackmania.nadeo.live/api/token/leaderboard/group/Personal_Best/map/${sandbox.wellKnown.maps.busy}/top?onlyWorld=true`,
      { headers: nadeo(pair.accessToken) },
    );
    expect(response.status).toBe(200);
    const before = sandbox.now().getTime();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(sandbox.now().getTime()).toBeGreaterThan(before);
    sandbox.advance(hours(2));
    expect(sandbox.now().getTime() - before).toBeGreaterThanOrEqual(hours(2));
  });
});
