import { describe, expect, it } from "vitest";

process.env.SANDBOX_CLOCK = "manual";
process.env.SANDBOX_REQUESTS_PER_SECOND = "1000";

const { createMapperAlert } = await import("@/lib/alerts");
const { collectMapperAlertReports } = await import("@/lib/checks");
const { getDb } = await import("@/lib/db");
const { getKv } = await import("@/lib/kv");
const { createTrackmaniaClient } = await import("@/lib/trackmania");
const { createUser, runNow, sandbox } = await import("./support");

/**
 * Trackmania Exchange as it sometimes is: the listing for an author name also carries a map whose
 * Nadeo author is someone else (a namesake on TMX, or a co-author credit). The sandbox's TMX is
 * honest, so this client passes its answers through and adds one such map to Sam's listing.
 */
function clientWithNamesakeOnTmx(foreignUid: string) {
  const world = sandbox();
  const foreign = world.world.map(foreignUid)!;
  const fetchThroughTmx: typeof fetch = async (input, init) => {
    const response = await world.fetch(input, init);
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.hostname !== new URL(world.urls.tmx).hostname || url.searchParams.get("author") !== "SmallMapperSam") return response;
    const body = (await response.json()) as { More: boolean; Results: Record<string, unknown>[] };
    body.Results.push({
      MapId: 1,
      MapUid: foreign.uid,
      OnlineMapId: foreign.mapId,
      Name: "Namesake's map",
      Authors: [{ User: { UserId: 1, Name: "SmallMapperSam" }, Role: "" }],
      UploadedAt: "2025-01-01T00:00:00",
      UpdatedAt: "2025-01-01T00:00:00",
      AwardCount: 0,
    });
    return Response.json(body);
  };
  return createTrackmaniaClient({
    coreUrl: world.urls.core,
    liveUrl: world.urls.live,
    oauthUrl: world.urls.oauth,
    tmxUrl: world.urls.tmx,
    ...world.credentials,
    userAgent: "Trackwatch/test (checks; test@localhost)",
    kv: getKv(),
    fetch: fetchThroughTmx,
    requestsPerSecond: 1000,
    now: () => world.now().getTime(),
  });
}

describe("a mapper's catalogue", () => {
  it("leaves out maps TMX lists under the name whose Nadeo author is someone else", async () => {
    const foreignUid = sandbox().wellKnown.bigMapper.mapUids[7]!;
    const trackmania = clientWithNamesakeOnTmx(foreignUid);
    expect((await trackmania.getMapsByAuthor("SmallMapperSam")).map((m) => m.uid)).toContain(foreignUid);

    const user = await createUser();
    const alert = await createMapperAlert(user, { mapper: "name", displayName: "SmallMapperSam" }, { trackmania });
    expect(alert.mapCount).toBe(3);
    const db = await getDb();
    const uids = (await db.mapperAlertMap.findMany({ where: { alertId: alert.id } })).map((m) => m.mapUid).sort();
    expect(uids).toEqual([...sandbox().wellKnown.smallMapper.mapUids].sort());
    // Its real author is remembered, so the next listing does not ask Nadeo about it again.
    expect(await db.map.findUnique({ where: { uid: foreignUid } })).toMatchObject({ authorAccountId: sandbox().wellKnown.bigMapper.accountId });
    const run = await collectMapperAlertReports(user.id, runNow());
    expect(run.mapsChecked).toBe(3);
  });

  it("keeps maps and names as Nadeo stores them (medal times, thumbnail, TMX id)", async () => {
    const user = await createUser();
    await createMapperAlert(user, { mapper: "name", displayName: "SmallMapperSam" });
    const db = await getDb();
    for (const uid of sandbox().wellKnown.smallMapper.mapUids) {
      const truth = sandbox().world.map(uid)!;
      expect(await db.map.findUnique({ where: { uid } })).toMatchObject({
        name: truth.name,
        authorAccountId: truth.authorAccountId,
        authorTime: truth.authorTime,
        goldTime: truth.goldTime,
        silverTime: truth.silverTime,
        bronzeTime: truth.bronzeTime,
        thumbnailUrl: expect.stringMatching(new RegExp(`${uid}\\.svg$`)),
        tmxId: truth.tmx!.mapId,
      });
    }
  });
});
