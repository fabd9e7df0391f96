import type { APIRequestContext } from "@playwright/test";

/**
 * What the app's own sandbox world says, asked over its HTTP mount (app/sandbox/[...path]) the way
 * the app's Trackmania client asks it — so a spec compares the page with the world, not with numbers
 * written into the spec. The credentials are the sandbox's fixed, public defaults.
 */

const SERVER_ACCOUNT = "trackwatch_sandbox:sandbox-server-password";

async function liveToken(request: APIRequestContext): Promise<string> {
  const response = await request.post("/sandbox/core/v2/authentication/token/basic", {
    headers: { Authorization: `Basic ${Buffer.from(SERVER_ACCOUNT).toString("base64")}`, "Content-Type": "application/json" },
    data: { audience: "NadeoLiveServices" },
  });
  if (!response.ok()) throw new Error(`sandbox token: HTTP ${response.status()}`);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

/** The current world record's time on a map (ms), or null on an empty board. */
export async function worldRecordScore(request: APIRequestContext, mapUid: string): Promise<number | null> {
  const token = await liveToken(request);
  const response = await request.get(`/sandbox/live/api/token/leaderboard/group/Personal_Best/map/${mapUid}/top?onlyWorld=true&length=1&offset=0`, {
    headers: { Authorization: `nadeo_v1 t=${token}` },
  });
  if (!response.ok()) throw new Error(`sandbox top of ${mapUid}: HTTP ${response.status()}`);
  const body = (await response.json()) as { tops: { top: { score: number }[] }[] };
  return body.tops[0]?.top[0]?.score ?? null;
}
