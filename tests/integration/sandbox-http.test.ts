import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSandbox, serveSandbox, type Sandbox } from "@/lib/trackmania/sandbox";

// The sandbox served on a real port: one origin, services routed by path prefix (/core, /live, /oauth, /tmx).

const userAgent = "Trackwatch tests / sandbox-http / tests@example.com";

let sandbox: Sandbox;
let server: { url: string; close(): Promise<void> };
let base: { core: string; live: string; oauth: string; tmx: string };

beforeAll(async () => {
  sandbox = createSandbox({ seed: 2024 });
  server = await serveSandbox(sandbox);
  base = { core: `${server.url}/core`, live: `${server.url}/live`, oauth: `${server.url}/oauth`, tmx: `${server.url}/tmx` };
});

afterAll(async () => {
  await server.close();
});

async function liveToken(audience: "NadeoLiveServices" | "NadeoServices" = "NadeoLiveServices"): Promise<string> {
  const { serverLogin, serverPassword } = sandbox.credentials;
  const response = await fetch(`${base.core}/v2/authentication/token/basic`, {
    method: "POST",
    headers: {
      authorization: `Basic ${Buffer.from(`${serverLogin}:${serverPassword}`).toString("base64")}`,
      "content-type": "application/json",
      "user-agent": userAgent,
    },
    body: JSON.stringify({ audience }),
  });
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toContain("application/json");
  return ((await response.json()) as { accessToken: string }).accessToken;
}

describe("sandbox over HTTP", () => {
  it("serves on a local port and lists its bases at the root", async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const index = (await (await fetch(server.url)).json()) as { services: Record<string, string> };
    expect(index.services).toEqual(base);
  });

  it("answers Live leaderboards like the in-process handler", async () => {
    const token = await liveToken();
    const uid = sandbox.wellKnown.maps.busy;
    const response = await fetch(`${base.live}/api/token/leaderboard/group/Personal_Best/map/${uid}/top?onlyWorld=true&length=100&offset=0`, {
      headers: { authorization: `nadeo_v1 t=${token}`, "user-agent": userAgent },
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { tops: Array<{ top: Array<{ accountId: string; position: number; score: number }> }> };
    const board = sandbox.world.leaderboard(uid)!.slice(0, 100);
    expect(body.tops[0]!.top.map((e) => [e.position, e.accountId, e.score])).toEqual(board.map((e) => [e.position, e.accountId, e.score]));
  });

  it("points thumbnails at the served origin, and serves them", async () => {
    const token = await liveToken();
    const uid = sandbox.wellKnown.smallMapper.mapUids[0]!;
    const map = (await (await fetch(`${base.live}/api/token/map/${uid}`, { headers: { authorization: `nadeo_v1 t=${token}` } })).json()) as { thumbnailUrl: string };
    expect(map.thumbnailUrl).toBe(`${base.core}/thumbnails/${uid}.svg`);
    const svg = await fetch(map.thumbnailUrl);
    expect(svg.status).toBe(200);
    expect(svg.headers.get("content-type")).toContain("image/svg+xml");
  });

  it("pages TMX and resolves display names over HTTP", async () => {
    const { bigMapper } = sandbox.wellKnown;
    const seen = new Set<string>();
    let after = "";
    for (;;) {
      const response = await fetch(`${base.tmx}/api/maps?author=${encodeURIComponent(bigMapper.displayName)}&fields=${encodeURIComponent("MapId,MapUid,Authors[]")}&count=100${after}`, {
        headers: { "user-agent": userAgent },
      });
      const body = (await response.json()) as { More: boolean; Results: Array<{ MapId: number; MapUid: string }> };
      for (const result of body.Results) seen.add(result.MapUid);
      if (!body.More) break;
      after = `&after=${body.Results.at(-1)!.MapId}`;
    }
    expect(seen.size).toBe(150);

    const form = new URLSearchParams({ grant_type: "client_credentials", client_id: sandbox.credentials.oauthClientId, client_secret: sandbox.credentials.oauthClientSecret });
    const token = ((await (await fetch(`${base.oauth}/api/access_token`, { method: "POST", body: form })).json()) as { access_token: string }).access_token;
    const names = await fetch(`${base.oauth}/api/display-names?accountId[]=${bigMapper.accountId}`, { headers: { authorization: `Bearer ${token}` } });
    expect(await names.json()).toEqual({ [bigMapper.accountId]: bigMapper.displayName });
  });

  it("redirects the sign-in page back with a code", async () => {
    const redirectUri = "http://localhost:3000/callback";
    const query = new URLSearchParams({ response_type: "code", client_id: sandbox.credentials.oauthClientId, redirect_uri: redirectUri, state: "s1", accountId: sandbox.wellKnown.topDriver.accountId });
    const response = await fetch(`${base.oauth}/oauth/authorize?${query}`, { redirect: "manual" });
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get("location")!);
    expect(location.searchParams.get("state")).toBe("s1");
    expect(location.searchParams.get("code")).toBeTruthy();
  });

  it("refuses long Core URIs with 414", async () => {
    const uids = sandbox.world.maps().slice(0, 320).map((m) => m.uid).join(",");
    const response = await fetch(`${base.core}/maps/by-uid/?mapUidList=${uids}`, { headers: { authorization: "nadeo_v1 t=whatever" } });
    expect(response.status).toBe(414);
  });

  it("lets a client time out a slow request without hurting the server", async () => {
    const token = await liveToken();
    sandbox.setFaults({ rateSlow: 1, slowMs: 2000 });
    try {
      await expect(
        fetch(`${base.live}/api/token/map/${sandbox.wellKnown.maps.busy}`, { headers: { authorization: `nadeo_v1 t=${token}` }, signal: AbortSignal.timeout(100) }),
      ).rejects.toMatchObject({ name: "TimeoutError" });
    } finally {
      sandbox.setFaults({});
    }
    const after = await fetch(`${base.live}/api/token/map/${sandbox.wellKnown.maps.busy}`, { headers: { authorization: `nadeo_v1 t=${token}` } });
    expect(after.status).toBe(200);
  });

  it("answers concurrent requests", async () => {
    const token = await liveToken();
    const uids = sandbox.wellKnown.bigMapper.mapUids.slice(0, 20);
    const responses = await Promise.all(
      uids.map((uid) => fetch(`${base.live}/api/token/leaderboard/group/Personal_Best/map/${uid}/top?onlyWorld=true&length=10`, { headers: { authorization: `nadeo_v1 t=${token}` } })),
    );
    expect(responses.map((r) => r.status)).toEqual(uids.map(() => 200));
    const stats = sandbox.stats();
    expect(stats.byEndpoint["live.leaderboard.top"]).toBeGreaterThanOrEqual(20);
    expect(stats.userAgents[userAgent]).toBeGreaterThan(0);
  });
});

// The routes driver watches use (default clock: 2026-06-01T00:00:00Z, Spring 2026 running).
describe("sandbox over HTTP: calendar, surround, searches", () => {
  type Entry = { accountId: string; zoneId: string; zoneName: string; position: number; score: number; timestamp?: number };
  type Tops = { groupUid: string; mapUid: string; tops: Array<{ zoneId: string; zoneName: string; top: Entry[] }> };
  const get = async (url: string, token?: string) => {
    const response = await fetch(url, { headers: { "user-agent": userAgent, ...(token ? { authorization: `nadeo_v1 t=${token}` } : {}) } });
    return { status: response.status, body: (await response.json()) as unknown };
  };
  const mia = () => sandbox.world.leaderboard(sandbox.wellKnown.midPackDriver.mapUids[2]!)!.find((e) => e.accountId === sandbox.wellKnown.midPackDriver.accountId)!;

  it("answers surround with exact neighbours and the caller's synthetic record", async () => {
    const token = await liveToken();
    const sub = JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString("utf8")).sub as string;
    const uid = sandbox.wellKnown.midPackDriver.mapUids[2]!;
    const board = sandbox.world.leaderboard(uid)!;
    const me = mia();
    const surround = (path: string) => get(`${base.live}/api/token/leaderboard/group/Personal_Best/map/${uid}/surround/${path}`, token);

    const { status, body } = await surround(`1/1?score=${me.score}&onlyWorld=true`);
    expect(status).toBe(200);
    const tops = body as Tops;
    expect(tops).toMatchObject({ groupUid: "Personal_Best", mapUid: uid, tops: [{ zoneName: "World" }] });
    const [above, synthetic, below] = tops.tops[0]!.top;
    expect(synthetic).toEqual({ accountId: sub, zoneId: tops.tops[0]!.zoneId, zoneName: "World", position: me.position, score: me.score });
    expect(above).toEqual({ accountId: board[me.position - 2]!.accountId, zoneId: board[me.position - 2]!.zoneId, zoneName: board[me.position - 2]!.zoneName, position: me.position - 1, score: board[me.position - 2]!.score });
    expect(below).toMatchObject({ accountId: board[me.position]!.accountId, position: me.position + 1 });
    // Asking for more than one on each side still gives one; zero gives none.
    expect(((await surround(`5/5?score=${me.score}`)).body as Tops).tops[0]!.top).toHaveLength(3);
    expect(((await surround(`0/1?score=${me.score}`)).body as Tops).tops[0]!.top.map((e) => e.position)).toEqual([me.position, me.position + 1]);
    // Without a score a dedicated-server account has no record to centre on; other groups answer `{}` too.
    expect(await surround("1/1?onlyWorld=true")).toEqual({ status: 200, body: {} });
    const otherGroup = await get(`${base.live}/api/token/leaderboard/group/NoSuchGroup/map/${uid}/surround/1/1?score=${me.score}`, token);
    expect(otherGroup).toEqual({ status: 200, body: {} });
    const unknown = await get(`${base.live}/api/token/leaderboard/group/Personal_Best/map/NoSuchMapUid_______________/surround/1/1?score=60000`, token);
    expect((unknown.body as Tops).tops[0]!.top).toEqual([{ accountId: sub, zoneId: expect.any(String), zoneName: "World", position: 1, score: 60000 }]);
    expect((await get(`${base.live}/api/token/leaderboard/group/Personal_Best/map/${uid}/surround/1/1?score=1`)).status).toBe(401);
  });

  it("lists the official campaigns newest first, in the documented v2 shape", async () => {
    const token = await liveToken();
    const { status, body } = await get(`${base.live}/api/campaign/official?offset=0&length=1`, token);
    expect(status).toBe(200);
    const current = body as { itemCount: number; campaignList: Array<Record<string, unknown> & { playlist: Array<{ id: number; position: number; mapUid: string }> }>; nextRequestTimestamp: number; relativeNextRequest: number };
    expect(current.itemCount).toBe(24);
    const campaign = current.campaignList[0]!;
    expect(campaign).toMatchObject({
      name: "Spring 2026",
      useCase: 0,
      clubId: 0,
      startTimestamp: Date.parse("2026-04-01T15:00:00Z") / 1000,
      endTimestamp: Date.parse("2026-07-01T15:00:00Z") / 1000,
      rankingSentTimestamp: null,
      year: -1,
      monthDay: -1,
      seasonUid: expect.stringMatching(/^[0-9a-f-]{36}$/),
      id: expect.any(Number),
    });
    expect(campaign.playlist.map((p) => p.position)).toEqual(Array.from({ length: 25 }, (_, i) => i));
    expect(campaign.playlist.map((p) => p.mapUid)).toEqual(sandbox.wellKnown.midPackDriver.mapUids);
    expect(current.nextRequestTimestamp).toBe(campaign.endTimestamp);
    expect(current.relativeNextRequest).toBe((campaign.endTimestamp as number) - Date.parse("2026-06-01T00:00:00Z") / 1000);

    const older = (await get(`${base.live}/api/campaign/official?offset=1&length=2`, token)).body as typeof current;
    expect(older.campaignList.map((c) => c.name)).toEqual(["Winter 2026", "Fall 2025"]);
    expect(older.campaignList[1]!.rankingSentTimestamp).toEqual(expect.any(Number));
    expect(((await get(`${base.live}/api/campaign/official?offset=24&length=1`, token)).body as typeof current).campaignList).toEqual([]);
    expect((await get(`${base.live}/api/campaign/official`)).status).toBe(401);
  });

  it("lists Tracks of the Day by month, days not started with an empty uid", async () => {
    const token = await liveToken();
    type Month = { year: number; month: number; lastDay: number; days: Array<Record<string, unknown> & { mapUid: string; monthDay: number; day: number }>; media: Record<string, string> };
    type Months = { monthList: Month[]; itemCount: number; nextRequestTimestamp: number; relativeNextRequest: number };
    const june = (await get(`${base.live}/api/token/campaign/month?length=1&offset=0`, token)).body as Months;
    expect(june.itemCount).toBe(72);
    expect(june.monthList[0]).toMatchObject({ year: 2026, month: 6, lastDay: 30, media: { decalUrl: "" } });
    expect(june.monthList[0]!.days).toHaveLength(30);
    expect(june.monthList[0]!.days.every((d) => d.mapUid === "")).toBe(true);
    expect(june.nextRequestTimestamp).toBe(Date.parse("2026-06-01T17:00:00Z") / 1000);
    expect(june.relativeNextRequest).toBe(17 * 3600);

    const [may, april] = ((await get(`${base.live}/api/token/campaign/month?length=2&offset=1`, token)).body as Months).monthList;
    expect(may!.days).toHaveLength(31);
    // 1 May 2026 is a Friday: `day` 4 (Monday = 0).
    expect(may!.days[0]).toMatchObject({
      monthDay: 1,
      day: 4,
      campaignId: expect.any(Number),
      seasonUid: expect.any(String),
      leaderboardGroup: null,
      startTimestamp: Date.parse("2026-05-01T17:00:00Z") / 1000,
      endTimestamp: Date.parse("2026-05-02T17:00:00Z") / 1000,
    });
    for (const day of may!.days) expect(sandbox.world.map(day.mapUid)?.official?.key).toBe(`totd:2026-05-${String(day.monthDay).padStart(2, "0")}`);
    expect(april).toMatchObject({ year: 2026, month: 4 });
    expect(((await get(`${base.live}/api/token/campaign/month?length=1&offset=72`, token)).body as Months).monthList).toEqual([]);
  });

  it("searches TMX by name, uid and id, official maps included", async () => {
    const fields = encodeURIComponent("MapId,MapUid,Name,GbxMapName,Authors[]");
    type Page = { More: boolean; Results: Array<{ MapId: number; MapUid: string; Name: string; GbxMapName: string; Authors: Array<{ User: { Name: string } }> }> };
    const byName = (await get(`${base.tmx}/api/maps?name=${encodeURIComponent("SPRING 2026 -")}&fields=${fields}&count=100`)).body as Page;
    expect(byName.More).toBe(false);
    expect(new Set(byName.Results.map((r) => r.MapUid))).toEqual(new Set(sandbox.wellKnown.midPackDriver.mapUids));
    expect(byName.Results[0]!.Authors[0]!.User.Name).toBe("Nadeo");
    const ids = byName.Results.map((r) => r.MapId);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));

    const some = [sandbox.wellKnown.smallMapper.mapUids[0]!, sandbox.wellKnown.midPackDriver.mapUids[0]!, "NoSuchMapUid_______________"];
    const byUid = (await get(`${base.tmx}/api/maps?uid=${some.join(",")}&fields=${fields}`)).body as Page;
    expect(new Set(byUid.Results.map((r) => r.MapUid))).toEqual(new Set(some.slice(0, 2)));
    const byId = (await get(`${base.tmx}/api/maps?id=${byUid.Results.map((r) => r.MapId).join(",")},1&fields=${fields}`)).body as Page;
    expect(byId.Results.map((r) => r.MapUid)).toEqual(byUid.Results.map((r) => r.MapUid));
  });

  it("answers Core by-account for MidPackMia by map id, and a validation error for non-uuid ids", async () => {
    const token = await liveToken("NadeoServices");
    const map = sandbox.world.map(sandbox.wellKnown.midPackDriver.mapUids[2]!)!;
    const { accountId } = sandbox.wellKnown.midPackDriver;
    const ok = await get(`${base.core}/v2/mapRecords/by-account/?accountIdList=${accountId}&mapId=${map.mapId}`, token);
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual([expect.objectContaining({ accountId, mapId: map.mapId, recordScore: expect.objectContaining({ time: mia().score }), scopeType: "PersonalBest" })]);

    for (const query of [`accountIdList=MidPackMia&mapId=${map.mapId}`, `accountIdList=${accountId}&mapId=${map.uid}`]) {
      const bad = await get(`${base.core}/v2/mapRecords/by-account/?${query}`, token);
      expect(bad.status).toBe(400);
      expect(bad.body).toEqual({ code: "C-AA-00-03", correlation_id: expect.stringMatching(/^[0-9a-f]{32}$/), message: "There was a validation error.", info: expect.any(Object) });
    }
  });
});
