import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TrackmaniaError } from "@/lib/trackmania/errors";
import { createSandbox, serveSandbox, type Sandbox } from "@/lib/trackmania/sandbox";
import { sandboxClient } from "../support/sandbox-client";

// The sandbox's special maps (`specialMaps: true`) read through the real client over HTTP: Stunt maps in
// points, the Platform map, the clone map and the hidden-times map, each as the real services answer them.

let sandbox: Sandbox;
let server: { url: string; close(): Promise<void> };

beforeAll(async () => {
  sandbox = createSandbox({ seed: 7, clock: "manual", specialMaps: true });
  server = await serveSandbox(sandbox);
});

afterAll(async () => {
  await server.close();
});

const makeClient = () => sandboxClient(sandbox, server, { requestsPerSecond: 50 });

const maps = () => sandbox.wellKnown.maps as Required<Sandbox["wellKnown"]["maps"]>;

describe("sandbox special maps through the client", () => {
  it("has their types and the clone flag in map info", async () => {
    const client = makeClient();
    const { stunt, stunt2, platform, clones, hidden, busy } = maps();
    const types = new Map((await client.getMapTypes([stunt, stunt2, platform, clones, hidden, busy])).map((t) => [t.uid, t]));
    expect(types.get(stunt)).toMatchObject({ mapType: "TrackMania\\TM_Stunt", hasClones: false });
    expect(types.get(stunt2)).toMatchObject({ mapType: "TrackMania\\TM_Stunt", hasClones: false });
    expect(types.get(platform)).toMatchObject({ mapType: "TrackMania\\TM_Platform", hasClones: false });
    expect(types.get(clones)).toMatchObject({ mapType: "TrackMania\\TM_Race", hasClones: true });
    expect(types.get(hidden)).toMatchObject({ mapType: "TrackMania\\TM_Race", hasClones: false });
    expect(types.get(busy)).toMatchObject({ mapType: "TrackMania\\TM_Race", hasClones: false });
    const info = new Map((await client.getMapInfo([stunt, busy])).map((m) => [m.uid, m]));
    expect(info.get(stunt)).toBeDefined();
    expect(info.get(busy)).toBeDefined();
  });

  it("are in StuntMapperStu's catalogue on TMX and Live", async () => {
    const client = makeClient();
    const stu = sandbox.wellKnown.specialMapper!;
    const authored = await client.getMapsByAuthor(stu.displayName);
    expect(new Set(authored.map((m) => m.uid))).toEqual(new Set(stu.mapUids));
  });

  it("orders a Stunt top by points, higher first, and reads Stunt records in points with the mode", async () => {
    const client = makeClient();
    const { stunt } = maps();
    const top = await client.getTop(stunt, { depth: 20 });
    expect(top.length).toBeGreaterThan(5);
    const scores = top.map((entry) => entry.score as number);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(new Set(scores).size).toBeGreaterThan(1);

    const [mapType] = await client.getMapTypes([stunt]);
    const leader = top[0]!;
    // Without the mode Core answers Not Found, and the client throws for that map.
    const refused = await client.getPlayerRecords(leader.accountId, [{ uid: stunt, mapId: mapType!.mapId }]).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TrackmaniaError);
    const records = await client.getPlayerRecords(leader.accountId, [{ uid: stunt, mapId: mapType!.mapId, gameMode: "Stunt" }]);
    expect(records).toHaveLength(1);
    expect(records[0]!.score).toBe(leader.score);
    // `time` is the run's length, not the ranking value.
    expect(records[0]!.time).toBeGreaterThan(0);
    expect(records[0]!.respawns).toBeNull();

    // Surround and position take points too: the leader's own points rank first.
    const surround = await client.getSurround(stunt, leader.score as number);
    expect(surround).not.toBeNull();
  });

  it("reads Platform records only with the Platform mode, with small respawn counts", async () => {
    const client = makeClient();
    const { platform } = maps();
    const [mapType] = await client.getMapTypes([platform]);
    const top = await client.getTop(platform, { depth: 10 });
    const scores = top.map((entry) => entry.score as number);
    expect(scores).toEqual([...scores].sort((a, b) => a - b));
    const leader = top[0]!;
    const refused = await client.getPlayerRecords(leader.accountId, [{ uid: platform, mapId: mapType!.mapId }]).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TrackmaniaError);
    const [record] = await client.getPlayerRecords(leader.accountId, [{ uid: platform, mapId: mapType!.mapId, gameMode: "Platform" }]);
    expect(record).toBeDefined();
    expect(record!.respawns).not.toBeNull();
    expect(record!.respawns!).toBeLessThan(10);
    expect(record!.time).toBeGreaterThan(0);
    // The sandbox's own Live encoding: respawns × 1,000,000 + time in ms.
    expect(leader.score).toBe(record!.respawns! * 1_000_000 + record!.time!);
  });

  it("finds clone-map records only in TimeAttackClone", async () => {
    const client = makeClient();
    const { clones } = maps();
    const [mapType] = await client.getMapTypes([clones]);
    const [leader] = await client.getTop(clones, { depth: 1 });
    expect(await client.getPlayerRecords(leader!.accountId, [{ uid: clones, mapId: mapType!.mapId }])).toEqual([]);
    const records = await client.getPlayerRecords(leader!.accountId, [{ uid: clones, mapId: mapType!.mapId, gameMode: "TimeAttackClone" }]);
    expect(records).toHaveLength(1);
    expect(records[0]!.time).toBe(leader!.score);
  });

  it("hides the times of the hidden-times map on both services", async () => {
    const client = makeClient();
    const { hidden } = maps();
    const top = await client.getTop(hidden, { depth: 10 });
    expect(top.length).toBeGreaterThan(0);
    expect(top.every((entry) => entry.score === null)).toBe(true);
    const [mapType] = await client.getMapTypes([hidden]);
    const [record] = await client.getPlayerRecords(top[0]!.accountId, [{ uid: hidden, mapId: mapType!.mapId }]);
    expect(record).toBeDefined();
    expect(record!.time).toBeNull();
  });
});
