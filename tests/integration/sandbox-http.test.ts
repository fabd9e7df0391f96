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

async function liveToken(): Promise<string> {
  const { serverLogin, serverPassword } = sandbox.credentials;
  const response = await fetch(`${base.core}/v2/authentication/token/basic`, {
    method: "POST",
    headers: {
      authorization: `Basic ${Buffer.from(`${serverLogin}:${serverPassword}`).toString("base64")}`,
      "content-type": "application/json",
      "user-agent": userAgent,
    },
    body: JSON.stringify({ audience: "NadeoLiveServices" }),
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
