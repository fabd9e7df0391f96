import { describe, expect, it } from "vitest";

process.env.SANDBOX_CLOCK = "manual";
process.env.SANDBOX_REQUESTS_PER_SECOND = "1000";

const { getDb } = await import("@/lib/db");
const { collectMapperAlertReports } = await import("@/lib/checks");
const { recordLeaderboard } = await import("@/lib/checks/leaderboard-check");
const { createMapperAlert, previewWorldRecords } = await import("@/lib/alerts");
const { DAY, boardEntry: entry, createUser, recordsOf, runNow, sandbox } = await import("./support");

const at = (iso: string) => new Date(iso);

async function createMap(uid: string, shown?: { accountId: string; score: number }) {
  const db = await getDb();
  await db.map.create({
    data: {
      uid,
      name: uid,
      authorAccountId: "mapper",
      authorTime: 27_000,
      goldTime: 29_000,
      silverTime: 33_000,
      bronzeTime: 41_000,
      shownWorldRecordScore: shown?.score ?? null,
      shownWorldRecordAccountId: shown?.accountId ?? null,
    },
  });
}

async function rowsOf(uid: string) {
  const db = await getDb();
  const rows = await db.mapRecord.findMany({ where: { mapUid: uid } });
  return Object.fromEntries(rows.map((row) => [row.accountId, { arrival: row.arrival, previousScore: row.previousScore, beat: row.beatAccountId ? `${row.beatAccountId}@${row.beatScore}` : null }]));
}

describe("what Trackwatch says about a record's past", () => {
  it("on a map's first check it knows only the world record the alert page showed", async () => {
    const uid = "arrivals-first-look-00000001";
    await createMap(uid, { accountId: "teo", score: 27_541 });
    await recordLeaderboard(uid, [entry("teo", 1, 27_530), entry("ana", 2, 28_000)], at("2026-12-02T02:00:00Z"), 100);
    expect(await rowsOf(uid)).toEqual({
      // The WR holder the page showed improved: that much is known.
      teo: { arrival: "IMPROVED", previousScore: 27_541, beat: null },
      // Anyone else may or may not have had a time before: nothing is claimed.
      ana: { arrival: "UNKNOWN", previousScore: null, beat: null },
    });
  });

  it("names whose world record was taken, also on the first check", async () => {
    const uid = "arrivals-first-look-00000002";
    await createMap(uid, { accountId: "mikovel", score: 41_045 });
    await recordLeaderboard(uid, [entry("scrapie", 1, 40_987), entry("mikovel", 2, 41_045)], at("2026-12-02T02:00:00Z"), 100);
    expect(await rowsOf(uid)).toEqual({
      scrapie: { arrival: "UNKNOWN", previousScore: null, beat: "mikovel@41045" },
      mikovel: { arrival: "UNKNOWN", previousScore: null, beat: null },
    });
  });

  it("after a look at the whole board, a missing driver is new to the map; after a full top, new to the top", async () => {
    const uid = "arrivals-later-looks-0000001";
    await createMap(uid);
    await recordLeaderboard(uid, [entry("teo", 1, 27_530), entry("ana", 2, 28_000)], at("2026-12-02T02:00:00Z"), 3);
    expect(await rowsOf(uid)).toMatchObject({ teo: { arrival: "UNKNOWN" }, ana: { arrival: "UNKNOWN" } });

    // Two records were the whole board (fewer than the 3 read): Bo had none before.
    await recordLeaderboard(uid, [entry("bo", 1, 27_500), entry("teo", 2, 27_530), entry("ana", 3, 27_900)], at("2026-12-03T02:00:00Z"), 3);
    expect(await rowsOf(uid)).toEqual({
      bo: { arrival: "FIRST_TIME", previousScore: null, beat: "teo@27530" },
      teo: { arrival: "UNKNOWN", previousScore: null, beat: null },
      ana: { arrival: "IMPROVED", previousScore: 28_000, beat: null },
    });

    // That look filled the 3 places read: Cy may have had a slower time below them.
    await recordLeaderboard(uid, [entry("bo", 1, 27_500), entry("teo", 2, 27_530), entry("cy", 3, 27_600)], at("2026-12-04T02:00:00Z"), 3);
    expect((await rowsOf(uid)).cy).toEqual({ arrival: "ENTERED_TOP", previousScore: null, beat: null });

    // Improving one's own world record is an improvement, not a world record taken.
    await recordLeaderboard(uid, [entry("bo", 1, 27_400), entry("teo", 2, 27_530), entry("cy", 3, 27_600)], at("2026-12-05T02:00:00Z"), 3);
    expect((await rowsOf(uid)).bo).toEqual({ arrival: "IMPROVED", previousScore: 27_500, beat: null });
  });

  it("in a real first check after the alert page was seen, nobody is called new without knowing it", async () => {
    const user = await createUser();
    const alert = await createMapperAlert(user, { mapper: "name", displayName: "SmallMapperSam" });
    const shown = new Map<string, { accountId: string; displayName: string; score: number }>();
    // What the alert page shows before any check.
    const previews = await previewWorldRecords(sandbox().wellKnown.smallMapper.mapUids);
    for (const [uid, wr] of previews) if (wr) shown.set(uid, wr);
    expect(previews.size).toBe(sandbox().wellKnown.smallMapper.mapUids.length);
    sandbox().advance(3 * DAY);
    const { reports } = await collectMapperAlertReports(user.id, runNow());
    const records = recordsOf(reports);
    expect(reports[0]?.alertId).toBe(alert.id);
    expect(records.length).toBeGreaterThan(0);
    for (const record of records) {
      const wr = shown.get(record.mapUid);
      if (wr && wr.accountId === record.accountId && record.score < wr.score) {
        expect(record).toMatchObject({ arrival: "improved", previousScore: wr.score });
      } else {
        expect(record).toMatchObject({ arrival: "unknown", previousScore: null });
      }
      const tookIt = record.position === 1 && wr !== undefined && wr.accountId !== record.accountId && record.score < wr.score;
      expect(record.beatenWorldRecord).toEqual(tookIt ? { accountId: wr!.accountId, displayName: wr!.displayName, score: wr!.score } : null);
    }
  });
});
