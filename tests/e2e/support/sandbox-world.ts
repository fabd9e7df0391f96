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

async function liveGet<T>(request: APIRequestContext, path: string): Promise<T> {
  const token = await liveToken(request);
  const response = await request.get(`/sandbox/live${path}`, { headers: { Authorization: `nadeo_v1 t=${token}` } });
  if (!response.ok()) throw new Error(`sandbox ${path}: HTTP ${response.status()}`);
  return (await response.json()) as T;
}

/** The maps of the official campaign running now, in playlist order, with their names as the game shows them (codes kept). */
export async function currentCampaignMaps(request: APIRequestContext): Promise<{ campaign: string; maps: { uid: string; name: string }[] }> {
  const { campaignList } = await liveGet<{ campaignList: { name: string; playlist: { position: number; mapUid: string }[] }[] }>(request, "/api/campaign/official?offset=0&length=1");
  const campaign = campaignList[0];
  if (!campaign) throw new Error("the sandbox runs no campaign");
  const uids = [...campaign.playlist].sort((a, b) => a.position - b.position).map((item) => item.mapUid);
  const { mapList } = await liveGet<{ mapList: { uid: string; name: string }[] }>(request, `/api/token/map/get-multiple?mapUidList=${uids.join(",")}`);
  const names = new Map(mapList.map((map) => [map.uid, map.name]));
  return { campaign: campaign.name, maps: uids.map((uid) => ({ uid, name: names.get(uid) ?? uid })) };
}

/** A driver's entry on a map's world board (paged 100 at a time, as deep as `maxDepth`), or null. */
export async function boardEntry(
  request: APIRequestContext,
  mapUid: string,
  accountId: string,
  maxDepth = 10_000,
): Promise<{ position: number; score: number } | null> {
  for (let offset = 0; offset < maxDepth; offset += 100) {
    const body = await liveGet<{ tops: { top: { accountId: string; position: number; score: number }[] }[] }>(
      request,
      `/api/token/leaderboard/group/Personal_Best/map/${mapUid}/top?onlyWorld=true&length=100&offset=${offset}`,
    );
    const page = body.tops[0]?.top ?? [];
    const hit = page.find((entry) => entry.accountId === accountId);
    if (hit) return { position: hit.position, score: hit.score };
    if (page.length < 100) return null;
  }
  return null;
}
