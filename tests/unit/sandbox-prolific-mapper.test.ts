import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { loadConfig } from "@/lib/config";
import { createMemoryKv } from "@/lib/kv/memory";
import { createTrackmaniaFromConfig } from "@/lib/trackmania/from-config";
import { createSandbox, hours, type Sandbox } from "@/lib/trackmania/sandbox";

// ProlificPia (`prolificMapperMaps`, bench:search's 1,000-map mapper): there with exactly the maps asked
// for, and without her every world is the one it was before she existed.

/**
 * A world's fingerprint: every player and map as the world holds them, the mappers, the well-known
 * accounts, and a sample of boards at the start and a day and a half later. `without` leaves one
 * account (and its maps) out, to compare a world that has it with one that has not.
 */
function fingerprint(sandbox: Sandbox, without?: string): string {
  const hash = createHash("sha256");
  const world = sandbox.world;
  const { prolificMapper, ...wellKnown } = sandbox.wellKnown;
  if (prolificMapper && prolificMapper.accountId !== without) throw new Error("fingerprint a world with ProlificPia only without her");
  for (const player of world.players()) if (player.accountId !== without) hash.update(JSON.stringify(player));
  const maps = world.maps().filter((map) => map.authorAccountId !== without);
  for (const map of maps) hash.update(JSON.stringify(map));
  hash.update(JSON.stringify(world.mappers().filter((mapper) => mapper.accountId !== without).map((mapper) => mapper.index)));
  hash.update(JSON.stringify(wellKnown));
  const sample = maps.filter((_, index) => index % 100 === 7);
  for (const map of sample) hash.update(JSON.stringify(world.leaderboard(map.uid)));
  sandbox.advance(hours(36));
  for (const map of sample) hash.update(JSON.stringify(world.leaderboard(map.uid)));
  return hash.digest("hex").slice(0, 16);
}

// Trackmania Exchange answers no one who does not say who they are.
const userAgent = "Trackwatch tests / sandbox / tests@example.com";

// Taken from main before ProlificPia existed (cd46e42): the default worlds must never drift from them.
const before: Record<number, string> = { 1: "675d1439844d2abf", 20_201: "eb013c933e07b9f0" };

describe("sandbox: the prolific mapper", () => {
  it("leaves the default world exactly as it was", () => {
    for (const seed of [1, 20_201]) {
      const sandbox = createSandbox({ seed });
      expect(sandbox.wellKnown).not.toHaveProperty("prolificMapper");
      expect(sandbox.world.player("ProlificPia")).toBeUndefined();
      expect(fingerprint(sandbox), `seed ${seed}`).toBe(before[seed]);
    }
  });

  it("has exactly the maps asked for, all on Trackmania Exchange, with records, and moves nothing else", async () => {
    const sandbox = createSandbox({ seed: 20_201, prolificMapperMaps: 1000 });
    const pia = sandbox.wellKnown.prolificMapper!;
    // The README names her account: the same for every seed, like the other well-known ones.
    expect(pia).toMatchObject({ displayName: "ProlificPia", accountId: "2d8f441e-d581-4385-82c6-34a3476470c7" });
    expect(pia.mapUids).toHaveLength(1000);
    expect(new Set(pia.mapUids).size).toBe(1000);
    const maps = sandbox.world.maps(pia.accountId);
    expect(maps.map((map) => map.uid)).toEqual(pia.mapUids);
    expect(maps.every((map) => map.tmx !== null)).toBe(true);
    expect(sandbox.world.player("prolificpia")?.accountId).toBe(pia.accountId);
    expect(sandbox.world.mappers().map((mapper) => mapper.accountId)).toContain(pia.accountId);
    const records = maps.map((map) => sandbox.world.leaderboard(map.uid)!.length);
    expect(records.filter((count) => count > 0).length).toBeGreaterThan(700);

    // TMX lists them by her name, newest first, in pages of 100 like anyone's.
    const listed: number[] = [];
    const seen: string[] = [];
    let after: number | undefined;
    let pages = 0;
    for (;;) {
      const query = new URLSearchParams({ author: "ProlificPia", fields: "MapId,MapUid", count: "100", ...(after === undefined ? {} : { after: String(after) }) });
      const page = (await (await sandbox.fetch(`${sandbox.urls.tmx}/api/maps?${query}`, { headers: { "user-agent": userAgent } })).json()) as { More: boolean; Results: { MapId: number; MapUid: string }[] };
      pages += 1;
      listed.push(...page.Results.map((map) => map.MapId));
      seen.push(...page.Results.map((map) => map.MapUid));
      if (!page.More) break;
      after = page.Results.at(-1)!.MapId;
    }
    expect(pages).toBe(10);
    expect(new Set(seen)).toEqual(new Set(pia.mapUids));
    expect(listed).toEqual([...listed].sort((a, b) => b - a));
    // Her TMX ids sit below everyone else's, so no other map's id moved.
    const others = sandbox.world.maps().filter((map) => map.authorAccountId !== pia.accountId && map.tmx);
    expect(Math.max(...listed)).toBeLessThan(Math.min(...others.map((map) => map.tmx!.mapId)));

    expect(fingerprint(sandbox, pia.accountId)).toBe(before[20_201]);
  });

  it("comes to the app's sandbox from SANDBOX_PROLIFIC_MAPPER_MAPS, and only from it", () => {
    const withPia = createTrackmaniaFromConfig(loadConfig({ SANDBOX_PROLIFIC_MAPPER_MAPS: "12" }), createMemoryKv());
    expect(withPia.sandbox!.wellKnown.prolificMapper!.mapUids).toHaveLength(12);
    const without = createTrackmaniaFromConfig(loadConfig({ SANDBOX_PROLIFIC_MAPPER_MAPS: "" }), createMemoryKv());
    expect(without.sandbox!.wellKnown).not.toHaveProperty("prolificMapper");
    expect(() => loadConfig({ SANDBOX_PROLIFIC_MAPPER_MAPS: "10001" })).toThrow(/SANDBOX_PROLIFIC_MAPPER_MAPS/);
  });

  it("refuses a count it cannot place", () => {
    expect(() => createSandbox({ prolificMapperMaps: 10_001 })).toThrow(RangeError);
    expect(() => createSandbox({ prolificMapperMaps: 2.5 })).toThrow(RangeError);
  });
});
