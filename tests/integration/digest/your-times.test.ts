import { describe, expect, it } from "vitest";

process.env.SANDBOX_CLOCK = "manual";

const { composeDigest, MAX_DIGEST_HTML_BYTES } = await import("@/lib/digest/compose-digest");
import type { DriverWatchReport, MapperAlertReport } from "@/lib/checks";

const base = {
  watchId: "watch-1",
  mapUid: "Winter04Uid_0000000000000001",
  name: "Winter 2027 - 04",
  thumbnailUrl: null,
  tmxId: 123_456,
  condition: "PASSED" as const,
  topN: null,
  triggers: ["passed" as const],
  score: 42_257,
  previousScore: null,
  position: 12,
  previousPosition: 10,
  medal: "gold" as const,
  worldRecordScore: 41_987,
  passedCount: 2,
  passers: [
    { accountId: "acc-ana", displayName: "Anaxx", score: 42_137, position: 10 },
    { accountId: "acc-bo", displayName: "Bolt", score: 42_201, position: 11 },
  ],
  beyondTop: false,
  topDepth: 100,
} satisfies DriverWatchReport;

const deep: DriverWatchReport = {
  ...base,
  watchId: "watch-2",
  mapUid: "Winter05Uid_0000000000000002",
  name: "Winter 2027 - 05",
  position: 5_213,
  previousPosition: 5_210,
  passedCount: 3,
  passers: [{ accountId: "acc-x", displayName: "Xenon", score: 42_137, position: 5_212 }],
  worldRecordScore: null,
  beyondTop: true,
};

const mapperReport: MapperAlertReport = {
  alertId: "alert-1",
  mapperAccountId: "mapper",
  mapperDisplayName: "SmallMapperSam",
  mode: "ACCURATE",
  mapsChecked: 3,
  topDepth: 100,
  maps: [
    {
      uid: "SamMap_0000000000000000001",
      name: "Alpine Run",
      rawName: "Alpine Run",
      thumbnailUrl: null,
      authorTime: 42_100,
      tmxId: null,
      isNew: false,
      records: [1, 2, 3, 4, 5].map((position) => ({
        mapUid: "SamMap_0000000000000000001",
        accountId: `driver-${position}`,
        displayName: `Driver${position}`,
        score: 41_900 + position * 10,
        position,
        previousScore: null,
        arrival: "first-time" as const,
        beatenWorldRecord: null,
        drivenAt: new Date("2026-12-02T19:00:00Z"),
        observedAt: new Date("2026-12-03T01:00:00Z"),
        worldRecordScore: 41_910,
        gapToWorldRecord: (position - 1) * 10,
        isWorldRecord: position === 1,
        medal: "author" as const,
      })),
    },
  ],
};

const compose = (watchReports: DriverWatchReport[], reports: MapperAlertReport[] = []) =>
  composeDigest({
    reader: { name: "Mia" },
    day: "2026-12-03",
    timeZone: "Europe/Paris",
    checkedAt: new Date("2026-12-03T01:05:00Z"),
    reports,
    watchReports,
    mapsChecked: 3,
    maxRecordsPerMapInMail: 20,
    unsubscribeUrl: "https://trackwatch.test/api/unsubscribe?token=t",
    settingsUrl: "https://trackwatch.test/settings",
    historyUrl: "https://trackwatch.test/history",
    digestUrl: "https://trackwatch.test/history/d1",
  });

describe("the digest's 'Your times' section", () => {
  it("names who passed, by how much, and where the reader stands now", async () => {
    const digest = await compose([base, deep]);
    if (digest.status !== "COMPOSED") throw new Error("expected a composed digest");
    expect(digest.subject).toBe("5 drivers passed you on 2 maps");
    expect(digest.text).toContain("== Your times ==");
    expect(digest.text).toContain("2 drivers passed you: now #12 (was #10)");
    expect(digest.text).toContain("#10 Anaxx in 0:42.137 (+0.120), #11 Bolt in 0:42.201 (+0.056)");
    expect(digest.text).toContain("your time 0:42.257 · gold medal · +0.270 to the WR");
    expect(digest.text).toContain("3 drivers passed you: now #5,213 (was #5,210)");
    expect(digest.text).toContain("The closest is Xenon in 0:42.137 (+0.120)");
    expect(digest.text).toContain("news can arrive a day late");
    expect(digest.text).toContain("https://trackmania.io/#/leaderboard/Winter04Uid_0000000000000001");
    expect(digest.text).toContain("https://trackmania.exchange/mapshow/123456");
    expect(digest.html).toContain("Your times");
    expect(digest.html).toContain("Anaxx in 0:42.137 (+0.120)");
    expect(digest.content.watches).toHaveLength(2);
    // History keeps one notification per watch that spoke up, the most passed first.
    expect(digest.notifications.filter((notification) => notification.kind === "DRIVER_BEATEN").map((n) => n.mapUid)).toEqual([deep.mapUid, base.mapUid]);
  });

  it("one email names both halves: 'N drivers passed you · M new records on …'", async () => {
    const digest = await compose([base], [mapperReport]);
    if (digest.status !== "COMPOSED") throw new Error("expected a composed digest");
    expect(digest.subject).toBe("2 drivers passed you · 5 new records on 1 map by SmallMapperSam");
    expect(digest.recordCount).toBe(5);
    expect(digest.html.indexOf("Your times")).toBeLessThan(digest.html.indexOf("SmallMapperSam&#x27;s maps"));
  });

  it("says what each condition means: lost WR, left the top N, improved", async () => {
    const lost = await compose([{ ...base, condition: "LOST_WORLD_RECORD", triggers: ["lost-world-record"], position: 2, previousPosition: 1, passedCount: 1, passers: [base.passers[0]!] }]);
    if (lost.status !== "COMPOSED") throw new Error("expected a composed digest");
    expect(lost.subject).toBe("You lost the WR on Winter 2027 - 04");
    expect(lost.text).toContain("You lost the world record: now #2 (was #1)");

    const left = await compose([{ ...base, condition: "LEFT_TOP_N", topN: 10, triggers: ["left-top-n"], position: 11, previousPosition: 10, passedCount: 1, passers: [base.passers[0]!] }]);
    if (left.status !== "COMPOSED") throw new Error("expected a composed digest");
    expect(left.subject).toBe("You left the top 10 on Winter 2027 - 04");

    const improved = await compose([{ ...base, triggers: ["improved"], score: 41_900, previousScore: 42_211, position: 2, previousPosition: 12, passedCount: 0, passers: [] }]);
    if (improved.status !== "COMPOSED") throw new Error("expected a composed digest");
    expect(improved.subject).toBe("You improved to #2 on Winter 2027 - 04");
    expect(improved.text).toContain("You improved to #2, 0:41.900 (-0.311)");
  });

  it("nothing in either half: no email", async () => {
    expect((await compose([])).status).toBe("EMPTY");
  });

  it("a user watching many maps still gets an email that fits", async () => {
    const many = Array.from({ length: 200 }, (_, index) => ({ ...base, watchId: `w${index}`, mapUid: `map-${index}`, name: `Campaign map ${index}`.padEnd(40, "~") }));
    const digest = await compose(many);
    if (digest.status !== "COMPOSED") throw new Error("expected a composed digest");
    expect(Buffer.byteLength(digest.html)).toBeLessThan(MAX_DIGEST_HTML_BYTES);
    expect(digest.text).toContain("...and 175 more watched maps: https://trackwatch.test/history/d1");
  });
});
