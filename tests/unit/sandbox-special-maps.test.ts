import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createSandbox, hours, type Sandbox } from "@/lib/trackmania/sandbox";

// The special maps (`specialMaps`: StuntMapperStu's Stunt, Platform, clone and hidden-times maps) come from
// streams of their own, after everything else: with them, every other player, map and board is the same.

/**
 * A world's fingerprint, as tests/unit/sandbox-prolific-mapper.test.ts takes it, with StuntMapperStu, his
 * maps and the well-known keys that name them left out.
 */
function fingerprint(sandbox: Sandbox): string {
  const hash = createHash("sha256");
  const world = sandbox.world;
  const { prolificMapper: _pia, specialMapper, maps: wellKnownMaps, ...rest } = sandbox.wellKnown;
  const { stunt: _a, stunt2: _b, platform: _c, clones: _d, hidden: _e, ...maps } = wellKnownMaps;
  const without = specialMapper?.accountId;
  for (const player of world.players()) if (player.accountId !== without) hash.update(JSON.stringify(player));
  const kept = world.maps().filter((map) => map.authorAccountId !== without);
  for (const map of kept) hash.update(JSON.stringify(map));
  hash.update(JSON.stringify(world.mappers().filter((mapper) => mapper.accountId !== without).map((mapper) => mapper.index)));
  hash.update(JSON.stringify({ ...rest, maps }));
  const sample = kept.filter((_, index) => index % 100 === 7);
  for (const map of sample) hash.update(JSON.stringify(world.leaderboard(map.uid)));
  sandbox.advance(hours(36));
  for (const map of sample) hash.update(JSON.stringify(world.leaderboard(map.uid)));
  return hash.digest("hex").slice(0, 16);
}

// The default worlds' fingerprints (sandbox-prolific-mapper.test.ts pins the same ones, taken before either existed).
const before: Record<number, string> = { 1: "675d1439844d2abf", 20_201: "eb013c933e07b9f0" };

describe("sandbox: the special maps", () => {
  it("move no player, map or board of the world without them", () => {
    for (const seed of [1, 20_201]) {
      const plain = createSandbox({ seed });
      expect(plain.wellKnown).not.toHaveProperty("specialMapper");
      expect(plain.wellKnown.maps).not.toHaveProperty("stunt");
      expect(fingerprint(plain), `seed ${seed} without`).toBe(before[seed]);
      const special = createSandbox({ seed, specialMaps: true });
      expect(special.wellKnown.specialMapper?.mapUids).toHaveLength(5);
      expect(fingerprint(special), `seed ${seed} with`).toBe(before[seed]);
    }
  });

  it("move nothing of a world with ProlificPia either", () => {
    const a = fingerprint(createSandbox({ seed: 5, prolificMapperMaps: 50 }));
    const b = fingerprint(createSandbox({ seed: 5, prolificMapperMaps: 50, specialMaps: true }));
    expect(b).toBe(a);
  });

  it("are named the same for every seed, and their details follow the seed", () => {
    const a = createSandbox({ seed: 3, specialMaps: true });
    const b = createSandbox({ seed: 4, specialMaps: true });
    expect(b.wellKnown.specialMapper).toEqual(a.wellKnown.specialMapper);
    expect(b.wellKnown.maps).toEqual(a.wellKnown.maps);
    expect(a.wellKnown.specialMapper?.displayName).toBe("StuntMapperStu");
    const { stunt, stunt2, platform, clones, hidden } = a.wellKnown.maps;
    expect(new Set([stunt, stunt2, platform, clones, hidden]).size).toBe(5);
    expect(a.wellKnown.specialMapper?.mapUids).toEqual([stunt, stunt2, platform, clones, hidden]);
    for (const uid of a.wellKnown.specialMapper!.mapUids) expect(a.world.leaderboard(uid)!.length).toBeGreaterThan(0);
  });
});
