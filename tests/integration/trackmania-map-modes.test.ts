import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSandbox, serveSandbox, type Sandbox } from "@/lib/trackmania/sandbox";
import { sandboxClient } from "../support/sandbox-client";

// Core reads by map type: the type and clone flag come from Core's map info, and one map whose read
// Core refuses (Stunt/Platform maps answer "Not Found" in the wrong mode) costs none of the others.

let sandbox: Sandbox;
let server: { url: string; close(): Promise<void> };

beforeEach(async () => {
  sandbox = createSandbox({ seed: 7, clock: "manual" });
  server = await serveSandbox(sandbox);
});

afterEach(async () => {
  await server.close();
});

const makeClient = () => sandboxClient(sandbox, server);

describe("map types and modes on Core", () => {
  it("reads maps' type and clone flag from Core's map info, 100 maps a request", async () => {
    const client = makeClient();
    const uids = sandbox.world.maps().slice(0, 150).map((map) => map.uid);
    const types = await client.getMapTypes(uids);
    expect(types.map((type) => type.uid).sort()).toEqual([...uids].sort());
    for (const type of types) expect(type).toMatchObject({ mapType: expect.stringMatching(/TM_/), hasClones: expect.any(Boolean) });
    expect(client.stats().byEndpoint["core.maps"]).toBe(2);
  });

  it("reads every other map when one map's read is refused, and says which one failed", async () => {
    const client = makeClient();
    const driver = sandbox.wellKnown.topDriver;
    const [first, second] = driver.mapUids;
    const infos = await client.getMapInfo([first!, second!]);
    const refs = infos.map((info) => ({ uid: info.uid, mapId: info.mapId }));
    // A race map asked in Stunt mode: Core answers "Not Found" for it alone.
    const refused = { ...refs[0]!, gameMode: "Stunt" };
    const failed: string[] = [];
    const records = await client.getPlayerRecords(driver.accountId, [refused, refs[1]!], { onMapError: (uid) => failed.push(uid) });
    expect(failed).toEqual([refs[0]!.uid]);
    expect(records.map((record) => record.mapUid)).toEqual([refs[1]!.uid]);
    expect(records[0]!.score).toBe(records[0]!.time);

    // Without a handler the failure still surfaces, after the other maps were read.
    const before = client.stats().byEndpoint["core.records"] ?? 0;
    await expect(client.getPlayerRecords(driver.accountId, [refused, refs[1]!])).rejects.toThrow();
    expect((client.stats().byEndpoint["core.records"] ?? 0) - before).toBe(2);
  });
});
