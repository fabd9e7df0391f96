import { describe, expect, it, vi } from "vitest";

process.env.SANDBOX_CLOCK = "manual";
process.env.SANDBOX_REQUESTS_PER_SECOND = "1000";

const alerts = await import("@/lib/alerts");
const { getTrackmania } = await import("@/lib/trackmania");
const { createUser, sandbox } = await import("../checks/support");

type Detail = NonNullable<Awaited<ReturnType<typeof alerts.getMapperAlert>>>;

const calls = (endpoint: string) => getTrackmania().stats().byEndpoint[endpoint] ?? 0;

describe("world records of maps no check has read yet", () => {
  it("are all on the page, from one batch: one leaderboard entry per map, one request for every name", async () => {
    const user = await createUser();
    // A mapper no other test here has shown, so nothing of theirs is cached yet.
    const mapper = sandbox().world.mappers().find((player) => [3, 4, 5].includes(sandbox().world.maps(player.accountId).length))!;
    const { id, mapCount } = await alerts.createMapperAlert(user, { mapper: "name", displayName: mapper.displayName });
    getTrackmania().resetStats();
    const detail: Detail = (await alerts.getMapperAlert(user, id))!;
    expect(detail.maps).toHaveLength(mapCount);
    for (const map of detail.maps) {
      expect(map.checkedAt).toBeNull();
      const [leader] = sandbox().world.leaderboard(map.uid)!;
      expect(map.worldRecord).toEqual({
        known: true,
        source: "preview",
        record: leader ? { score: leader.score, accountId: leader.accountId, displayName: leader.displayName, drivenAt: new Date(leader.timestamp * 1000) } : null,
      });
    }
    expect(calls("live.top")).toBe(mapCount);
    expect(calls("oauth.displayNames")).toBeLessThanOrEqual(1);

    // Kept in KV: the next view asks Trackmania nothing.
    getTrackmania().resetStats();
    const again = (await alerts.getMapperAlert(user, id))!;
    expect(again.maps.map((m) => m.worldRecord)).toEqual(detail.maps.map((m) => m.worldRecord));
    expect(calls("live.top") + calls("oauth.displayNames")).toBe(0);

    // Kept a few hours of Trackmania time, however long KV would keep it: then read again.
    sandbox().advance(7 * 3_600_000);
    getTrackmania().resetStats();
    const later = (await alerts.getMapperAlert(user, id))!;
    expect(calls("live.top")).toBe(mapCount);
    for (const map of later.maps) {
      const [leader] = sandbox().world.leaderboard(map.uid)!;
      expect(map.worldRecord).toMatchObject({ known: true, record: leader ? { score: leader.score, accountId: leader.accountId } : null });
    }
  });

  it("answer in time when Trackmania is slow: unknown ones are said so, and known on a later view", async () => {
    const user = await createUser();
    // A mapper of the generated world with a handful of maps.
    const mapper = sandbox().world.mappers().find((player) => player.displayName !== "BigMapperBea" && sandbox().world.maps(player.accountId).length >= 8)!;
    const { id } = await alerts.createMapperAlert(user, { mapper: "name", displayName: mapper.displayName });
    sandbox().setFaults({ rateSlow: 1, slowMs: 400 });
    try {
      const slow = (await alerts.getMapperAlert(user, id, { previews: { waitMs: 50 } }))!;
      expect(slow.maps.length).toBeGreaterThan(3);
      expect(slow.maps.some((m) => !m.worldRecord.known)).toBe(true);
    } finally {
      sandbox().setFaults({});
    }
    // The requests go on in the background and fill the cache.
    await vi.waitFor(
      async () => {
        const later = (await alerts.getMapperAlert(user, id, { previews: { waitMs: 0 } }))!;
        expect(later.maps.every((m) => m.worldRecord.known)).toBe(true);
      },
      { timeout: 30_000, interval: 200 },
    );
  });
});
