import { describe, expect, it } from "vitest";

// The bench's world (scripts/bench-daily.ts): ≈20,000 maps by 970 mappers, 10,000 players.
process.env.SANDBOX_CLOCK = "manual";
process.env.SANDBOX_SEED = "20201";
process.env.SANDBOX_MAPPERS = "970";
process.env.SANDBOX_PLAYERS = "10000";

const { composeDigest, MAX_DIGEST_HTML_BYTES } = await import("@/lib/digest/compose-digest");
const { getSandbox } = await import("@/lib/trackmania");
import type { MapperAlertReport, RecordEvent } from "@/lib/checks";

const world = getSandbox()!.world;
const DIGEST_URL = "https://trackwatch.test/history/digest-1";

/** Every record on every map of the mappers as news: more than any real day can bring. */
function everythingNewOn(mapperNames: string[], topDepth = 100): MapperAlertReport[] {
  return mapperNames.map((name, index) => {
    const mapper = world.player(name)!;
    const maps = world.maps(mapper.accountId).map((map) => {
      const board = (world.leaderboard(map.uid) ?? []).slice(0, topDepth);
      const wr = board[0]?.score ?? 0;
      const records: RecordEvent[] = board.map((entry, position) => ({
        mapUid: map.uid,
        accountId: entry.accountId,
        // The longest display names Trackmania allows make the heaviest rows.
        displayName: entry.displayName.padEnd(24, "x"),
        score: entry.score,
        position: entry.position,
        previousScore: position % 2 === 0 ? entry.score + 1_234 : null,
        arrival: position % 2 === 0 ? "improved" : "entered-top",
        beatenWorldRecord: position === 0 ? { accountId: "beaten", displayName: "Mikovel", score: entry.score + 58 } : null,
        drivenAt: new Date(entry.timestamp * 1000),
        observedAt: new Date(),
        worldRecordScore: wr,
        gapToWorldRecord: entry.score - wr,
        isWorldRecord: position === 0,
        medal: "gold",
      }));
      return {
        uid: map.uid,
        name: map.name.replace(/\$[0-9a-f]{3}|\$[a-z]/gi, "").padEnd(40, "~"),
        rawName: map.name,
        thumbnailUrl: `https://core.trackmania.nadeo.live/maps/${map.mapId}/thumbnail.jpg`,
        authorTime: map.authorTime,
        tmxId: map.tmx?.mapId ?? null,
        records,
        isNew: false,
      };
    });
    return { alertId: `alert-${index}`, mapperAccountId: mapper.accountId, mapperDisplayName: mapper.displayName, mode: "ACCURATE", maps, mapsChecked: maps.length, topDepth };
  });
}

const compose = (reports: MapperAlertReport[], maxRecordsPerMapInMail = 20) =>
  composeDigest({
    reader: { name: "Mapper One" },
    day: "2026-12-03",
    timeZone: "Europe/Paris",
    checkedAt: new Date("2026-12-03T01:05:00Z"),
    reports,
    mapsChecked: reports.reduce((sum, report) => sum + report.mapsChecked, 0),
    maxRecordsPerMapInMail,
    unsubscribeUrl: "https://trackwatch.test/api/unsubscribe?token=v1.t.s",
    settingsUrl: "https://trackwatch.test/settings",
    historyUrl: "https://trackwatch.test/history",
    digestUrl: DIGEST_URL,
    mapsUrl: "https://trackwatch.test/maps/",
  });

const bytes = (html: string) => Buffer.byteLength(html, "utf8");

describe("the digest email's size", () => {
  it("stays under 90 KB on the largest digest the bench world can produce, with the footer and a link to the rest", async () => {
    // The bench gives a user at most 3 alerts; the heaviest three mappers are BigMapperBea (150 maps) and two with 40.
    const biggest = [...world.mappers()].sort((a, b) => world.maps(b.accountId).length - world.maps(a.accountId).length).slice(0, 3);
    expect(biggest.map((mapper) => mapper.displayName)).toContain("BigMapperBea");
    const reports = everythingNewOn(biggest.map((mapper) => mapper.displayName));
    const digest = await compose(reports, 100);
    if (digest.status !== "COMPOSED") throw new Error("expected a digest");
    console.log(`largest digest: ${digest.recordCount} records on ${digest.content.mapsWithRecords} maps → ${bytes(digest.html)} bytes of HTML`);
    expect(digest.content.mapsWithRecords).toBe(reports.flatMap((report) => report.maps).filter((map) => map.records.length > 0).length);
    expect(digest.content.mapsWithRecords).toBeGreaterThan(150);
    expect(bytes(digest.html)).toBeLessThanOrEqual(MAX_DIGEST_HTML_BYTES);
    // What clipping would hide is still there: the unsubscribe link and the way to everything else.
    expect(digest.html).toContain("https://trackwatch.test/api/unsubscribe?token=v1.t.s");
    const more = digest.html.match(/And (\d+) more maps with new records/);
    expect(more).not.toBeNull();
    expect(digest.html).toContain(`href="${DIGEST_URL}"`);
    expect(digest.text).toContain(`And ${more![1]} more maps with new records - see them all on Trackwatch: ${DIGEST_URL}`);
    // Only the first maps carry a thumbnail.
    expect(digest.html.match(/<img/g)?.length ?? 0).toBeLessThanOrEqual(3);
    // History keeps every map and record.
    expect(digest.content.recordCount).toBe(digest.recordCount);
    expect(digest.notifications.filter((n) => n.kind === "MAPPER_RECORD")).toHaveLength(digest.recordCount);
  });

  it("lists every map of a digest that fits, like the issue's 45 maps and 143 records", async () => {
    const [bea] = everythingNewOn(["BigMapperBea"]);
    const maps = bea!.maps
      .filter((map) => map.records.length >= 5)
      .slice(0, 45)
      .map((map, index) => ({ ...map, records: map.records.slice(0, index < 8 ? 5 : 3) }));
    expect(maps).toHaveLength(45);
    const digest = await compose([{ ...bea!, maps }]);
    if (digest.status !== "COMPOSED") throw new Error("expected a digest");
    expect(digest.recordCount).toBe(8 * 5 + 37 * 3);
    expect(bytes(digest.html)).toBeLessThanOrEqual(MAX_DIGEST_HTML_BYTES);
    expect(digest.html).not.toMatch(/more maps? with new records/);
    for (const map of maps) expect(digest.text).toContain(`\n${map.name}\n`);
    // Each map's name leads to its charts on Trackwatch.
    for (const map of maps) {
      expect(digest.html).toContain(`href="https://trackwatch.test/maps/${map.uid}"`);
      expect(digest.text).toContain(`  Charts on Trackwatch: https://trackwatch.test/maps/${map.uid}\n`);
    }
    expect(digest.html.match(/href="https:\/\/trackmania\.io\/#\/player\//g)).toHaveLength(digest.recordCount);
  });
});

describe("what a digest says about each record", () => {
  const record = (overrides: Partial<RecordEvent>): RecordEvent => ({
    mapUid: "map-1",
    accountId: "acc-teo",
    displayName: "TopDriverTeo",
    score: 27_530,
    position: 1,
    previousScore: null,
    arrival: "unknown",
    beatenWorldRecord: null,
    drivenAt: new Date("2026-12-02T19:12:00Z"),
    observedAt: new Date(),
    worldRecordScore: 27_530,
    gapToWorldRecord: 0,
    isWorldRecord: true,
    medal: "author",
    ...overrides,
  });
  const report = (records: RecordEvent[]): MapperAlertReport => ({
    alertId: "alert-1",
    mapperAccountId: "sam",
    mapperDisplayName: "SmallMapperSam",
    mode: "ACCURATE",
    mapsChecked: 1,
    topDepth: 100,
    maps: [{ uid: "map-1", name: "Alpine Run", rawName: "Alpine Run", thumbnailUrl: null, authorTime: 28_000, tmxId: 1, isNew: false, records }],
  });

  it("says what it knows — improved from, first time, new in the top, WR taken — and links the driver", async () => {
    const digest = await compose([
      report([
        record({ previousScore: 27_541, arrival: "improved", beatenWorldRecord: { accountId: "acc-miko", displayName: "Mikovel", score: 27_588 } }),
        record({ accountId: "acc-ana", displayName: "Ana", score: 28_000, position: 4, arrival: "first-time", isWorldRecord: false, gapToWorldRecord: 470, medal: "gold" }),
        record({ accountId: "acc-bo", displayName: "Bo", score: 28_100, position: 5, arrival: "entered-top", isWorldRecord: false, gapToWorldRecord: 570, medal: "gold", drivenAt: null }),
      ]),
    ]);
    if (digest.status !== "COMPOSED") throw new Error("expected a digest");
    expect(digest.text).toContain("#1 TopDriverTeo 0:27.530 - world record · author medal · improved from 0:27.541 (-0.011) · WR taken from Mikovel, -0.058 · driven 2 Dec, 20:12");
    expect(digest.text).toContain("#4 Ana 0:28.000 - +0.470 · gold medal · first time on this map · driven 2 Dec, 20:12");
    expect(digest.text).toContain("#5 Bo 0:28.100 - +0.570 · gold medal · new in the top 100\n");
    expect(digest.html).toContain('href="https://trackmania.io/#/player/acc-teo"');
    expect(digest.html).toContain("WR taken from Mikovel, -0.058");
  });

  it("claims nothing it cannot know: a map's first check never calls anyone a new driver", async () => {
    const digest = await compose([report([record({})])]);
    if (digest.status !== "COMPOSED") throw new Error("expected a digest");
    expect(digest.text).toContain("#1 TopDriverTeo 0:27.530 - world record · author medal · driven 2 Dec, 20:12\n");
    expect(`${digest.html}${digest.text}`).not.toMatch(/new driver|first time|new in the top/);
  });
});
