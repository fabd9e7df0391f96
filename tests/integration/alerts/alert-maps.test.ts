import { beforeAll, describe, expect, it } from "vitest";

process.env.SANDBOX_CLOCK = "manual";
process.env.SANDBOX_REQUESTS_PER_SECOND = "1000";

const alerts = await import("@/lib/alerts");
const { collectMapperAlertReports, markReported } = await import("@/lib/checks");
const { getDb } = await import("@/lib/db");
const { readSearchParams } = await import("@/lib/http");
const { stripFormatting } = await import("@/lib/trackmania");
const { DAY, createUser, runNow, sandbox } = await import("../checks/support");

type Query = Parameters<typeof alerts.getMapperAlert>[2];

/** Lower-cased, compared by UTF-16 code units: the byte order the database sorts names in (all ASCII here). */
const byPlainName = (a: string, b: string) => (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0);

/** Every page of the alert's maps for a query, in order. */
async function allPages(user: { id: string; email: string; role: "USER" | "ADMIN" }, alertId: string, query: Query = {}) {
  const first = (await alerts.getMapperAlert(user, alertId, { ...query, page: 1 }))!;
  const maps = [...first.maps];
  for (let page = 2; page <= first.pages; page++) {
    maps.push(...(await alerts.getMapperAlert(user, alertId, { ...query, page }))!.maps);
  }
  return { first, maps };
}

describe("the alert page's address", () => {
  it("fills defaults for what is missing or empty", () => {
    expect(alerts.parseAlertMapsQuery({})).toEqual({ query: { sort: "activity", q: "", news: false, page: 1 }, ignored: [] });
    expect(alerts.parseAlertMapsQuery({ sort: "", q: "  ", news: "", page: "" }).ignored).toEqual([]);
  });

  it("reads a linkable query, first value of repeated parameters", () => {
    expect(alerts.parseAlertMapsQuery({ sort: "name", q: "  Lagoon ", news: "1", page: "3" })).toEqual({
      query: { sort: "name", q: "Lagoon", news: true, page: 3 },
      ignored: [],
    });
    expect(alerts.parseAlertMapsQuery({ sort: ["wr", "name"], page: ["2", "x"] }).query).toMatchObject({ sort: "wr", page: 2 });
  });

  it("never fails on junk: each bad parameter falls back to its default and is named", () => {
    const { query, ignored } = alerts.parseAlertMapsQuery({ sort: "fastest", q: "y".repeat(3000), news: "maybe", page: "-1" });
    expect(query).toEqual({ sort: "activity", q: "", news: false, page: 1 });
    expect(ignored).toEqual(["sort", "q", "news", "page"]);
    for (const page of ["0", "1.5", "abc", "1e9", "%FF"]) expect(alerts.parseAlertMapsQuery({ page }).query.page).toBe(1);
  });

  it("takes a name filter holding a control character as a search that matches no map, never a query (PostgreSQL refuses a NUL)", async () => {
    const user = await createUser();
    const { id } = await alerts.createMapperAlert(user, { mapper: "name", displayName: "SmallMapperSam" });
    const fromAddress = alerts.parseAlertMapsQuery(readSearchParams({ q: "a\u0000", sort: "name\u0000" }, ["q", "sort"]));
    // The sort is malformed like any other junk; the filter is a search, shown as typed.
    expect(fromAddress).toEqual({ query: { sort: "activity", q: "a\u0000", news: false, page: 1 }, ignored: ["sort"] });
    for (const q of ["a\u0000", "\u0000", "a\u0001b", "a\tb", "a\u009bb"]) {
      const detail = (await alerts.getMapperAlert(user, id, { q }))!;
      expect(detail, JSON.stringify(q)).toMatchObject({ matching: 0, maps: [], query: { q } });
      expect(detail.alert.mapCount).toBe(3);
    }
    expect((await alerts.getMapperAlert(user, id, { q: "" }))!.maps).toHaveLength(3);
  });

  it("is validated again by the domain function", async () => {
    const user = await createUser();
    const { id } = await alerts.createMapperAlert(user, { mapper: "name", displayName: "SmallMapperSam" });
    await expect(alerts.getMapperAlert(user, id, { sort: "fastest" as never })).rejects.toMatchObject({ name: "ZodError" });
    await expect(alerts.getMapperAlert(user, id, { page: 0 })).rejects.toMatchObject({ name: "ZodError" });
  });
});

describe("a 150-map alert", () => {
  let user: Awaited<ReturnType<typeof createUser>>;
  let alertId: string;
  const bea = () => sandbox().wellKnown.bigMapper;
  const plainNameOf = (uid: string) => stripFormatting(sandbox().world.map(uid)!.name) || uid;

  beforeAll(async () => {
    user = await createUser();
    alertId = (await alerts.createMapperAlert(user, { mapper: "name", displayName: "BigMapperBea" })).id;
  });

  it("pages through every map once, 50 at a time, with counts", async () => {
    const { first, maps } = await allPages(user, alertId, { sort: "uploaded" });
    expect(first).toMatchObject({ pages: 3, matching: 150, page: 1 });
    expect(first.alert.mapCount).toBe(150);
    expect(maps).toHaveLength(150);
    expect(new Set(maps.map((m) => m.uid))).toEqual(new Set(bea().mapUids));
    // Newest uploads first, as the page used to list them.
    const uploaded = maps.map((m) => m.uploadedAt?.getTime() ?? 0);
    expect(uploaded).toEqual([...uploaded].sort((a, b) => b - a));
    // A page past the end shows the last one.
    expect((await alerts.getMapperAlert(user, alertId, { sort: "uploaded", page: 99 }))!).toMatchObject({ page: 3, query: { page: 3 } });
  });

  it("sorts by name across pages, by the name shown (formatting codes stripped)", async () => {
    const { maps } = await allPages(user, alertId, { sort: "name" });
    expect(maps.map((m) => m.name)).toEqual(bea().mapUids.map(plainNameOf).sort(byPlainName));
    expect(maps.some((m) => m.name.includes("$"))).toBe(false);
  });

  it("filters by part of the name, in any case, ignoring formatting codes", async () => {
    const raw = bea().mapUids.map((uid) => sandbox().world.map(uid)!.name);
    // The sandbox colours some names: a word right after a colour code still matches.
    const coloured = raw.find((name) => /^\$[0-9a-f]{3}/i.test(name))!;
    const word = stripFormatting(coloured).split(" ")[0]!;
    for (const q of [word.toLowerCase(), word.toUpperCase(), ` ${word} `]) {
      const expected = bea().mapUids.filter((uid) => plainNameOf(uid).toLowerCase().includes(q.trim().toLowerCase()));
      expect(expected.length).toBeGreaterThan(0);
      const { first, maps } = await allPages(user, alertId, { q, sort: "name" });
      expect(first.matching).toBe(expected.length);
      expect(maps.map((m) => m.uid).sort()).toEqual(expected.sort());
    }
    const none = (await alerts.getMapperAlert(user, alertId, { q: "no map is called this" }))!;
    expect(none).toMatchObject({ matching: 0, maps: [], page: 1, pages: 1 });
    expect(none.alert.mapCount).toBe(150);
    // LIKE's wildcards are plain characters to the filter.
    expect((await alerts.getMapperAlert(user, alertId, { q: "%" }))!.matching).toBe(bea().mapUids.filter((uid) => plainNameOf(uid).includes("%")).length);
  });

  it("sorts by latest activity and by world-record date from what the checks stored", async () => {
    await alerts.setAlertMode(user, { alertId, mode: "ACCURATE" });
    const db = await getDb();
    await markReported(db, (await collectMapperAlertReports(user.id, runNow())).marks);

    const records = await db.mapRecord.findMany({ where: { mapUid: { in: bea().mapUids } } });
    const latest = new Map<string, number>();
    const leader = new Map<string, (typeof records)[number]>();
    for (const record of records) {
      const at = (record.drivenAt ?? record.observedAt).getTime();
      if (at > 0) latest.set(record.mapUid, Math.max(latest.get(record.mapUid) ?? 0, at));
      const best = leader.get(record.mapUid);
      if (!best || record.score < best.score) leader.set(record.mapUid, record);
    }
    expect(latest.size).toBeGreaterThan(100);

    const activity = (await allPages(user, alertId, { sort: "activity" })).maps;
    expect(activity.map((m) => m.lastRecordAt?.getTime() ?? null)).toEqual(activity.map((m) => latest.get(m.uid) ?? null));
    const withActivity = activity.filter((m) => m.lastRecordAt);
    expect(withActivity.map((m) => m.lastRecordAt!.getTime())).toEqual([...latest.values()].sort((a, b) => b - a));
    // Maps without any record come last.
    expect(activity.slice(withActivity.length).every((m) => m.lastRecordAt === null)).toBe(true);

    const wr = (await allPages(user, alertId, { sort: "wr" })).maps;
    const wrDates = wr.map((m) => (m.worldRecord.known && m.worldRecord.record?.drivenAt?.getTime()) || null);
    const dated = wrDates.filter((at): at is number => at !== null);
    expect(dated).toEqual([...dated].sort((a, b) => b - a));
    expect(wrDates.slice(dated.length).every((at) => at === null)).toBe(true);
    for (const map of wr) {
      const best = leader.get(map.uid);
      expect(map.worldRecord).toMatchObject({ known: true, source: "check", record: best ? { score: best.score } : null });
    }
  });

  it("shows only maps with news since the last digest: what the next digest reports", async () => {
    const db = await getDb();
    // Everything observed so far went out with a digest.
    expect((await alerts.getMapperAlert(user, alertId, { news: true }))!).toMatchObject({ matching: 0, withNews: 0 });

    sandbox().advance(2 * DAY);
    const run = runNow();
    /** The digest's own answer (collecting again in the same run changes nothing): maps with records to report. */
    const digestNews = async () => {
      const { reports } = await collectMapperAlertReports(user.id, run);
      return reports[0]!.maps.filter((m) => m.records.length > 0).map((m) => m.uid).sort();
    };
    const reported = await digestNews();
    expect(reported.length).toBeGreaterThan(3);

    const { first, maps } = await allPages(user, alertId, { news: true });
    expect(maps.map((m) => m.uid).sort()).toEqual(reported);
    expect(first).toMatchObject({ matching: reported.length, withNews: reported.length });
    expect(maps.every((m) => m.hasNews)).toBe(true);
    // The flag rides along on the unfiltered list too.
    expect((await allPages(user, alertId)).maps.filter((m) => m.hasNews).map((m) => m.uid).sort()).toEqual(reported);

    // Filters combine: news and a name.
    const name = maps[0]!.name;
    const both = (await alerts.getMapperAlert(user, alertId, { news: true, q: name }))!;
    expect(both.maps.map((m) => m.uid)).toContain(maps[0]!.uid);
    expect(both.maps.every((m) => m.hasNews && m.name.toLowerCase().includes(name.toLowerCase()))).toBe(true);

    // World records only: the maps whose report would carry a world record.
    await alerts.updateAlertFilter(user, { alertId, recordFilter: "WORLD_RECORD", topN: 5 });
    expect((await allPages(user, alertId, { news: true })).maps.map((m) => m.uid).sort()).toEqual(await digestNews());
    await alerts.updateAlertFilter(user, { alertId, recordFilter: "TOP_N", topN: 3 });
    expect((await allPages(user, alertId, { news: true })).maps.map((m) => m.uid).sort()).toEqual(await digestNews());
    await alerts.updateAlertFilter(user, { alertId, recordFilter: "ALL", topN: 5 });

    // A muted map's records are never reported, not even after unmuting (its watch restarts then).
    const muted = reported[0]!;
    await alerts.setAlertMapMuted(user, { alertId, mapUid: muted, muted: true });
    expect((await allPages(user, alertId, { news: true })).maps.map((m) => m.uid)).not.toContain(muted);
    await alerts.setAlertMapMuted(user, { alertId, mapUid: muted, muted: false });
    expect(await digestNews()).not.toContain(muted);
    expect((await allPages(user, alertId, { news: true })).maps.map((m) => m.uid).sort()).toEqual(await digestNews());

    // Once the digest carrying them is stored, they are no longer news.
    await markReported(db, (await collectMapperAlertReports(user.id, run)).marks);
    expect((await alerts.getMapperAlert(user, alertId, { news: true }))!).toMatchObject({ matching: 0, withNews: 0, maps: [] });
  });
});

describe("names with formatting codes", () => {
  it("are filtered and sorted by exactly the name stripFormatting shows", async () => {
    const user = await createUser();
    const { id } = await alerts.createMapperAlert(user, { mapper: "name", displayName: "SmallMapperSam" });
    const db = await getDb();
    const names = [
      "$o$fffZebra Run",
      "$$Dollar Drift",
      "$l[https://example.com]Linked$l Map",
      "$h[tm://x]Held$z map",
      "$i$W$n$Scaps$Z$g",
      "  $tSpaced   ",
      "$a$l[x]bc tail",
      "Colour$f00ed$z Lagoon",
      "$",
      "$$$",
      "Émile’s 100% café",
      "$0f0A$1$12$123b",
    ];
    const uids = names.map((_, index) => `CraftedMap${String(index).padStart(2, "0")}${"x".repeat(15)}`);
    await db.map.createMany({
      data: names.map((name, index) => ({ uid: uids[index]!, name, authorAccountId: "crafted", authorTime: 30_000, goldTime: 32_000, silverTime: 36_000, bronzeTime: 45_000 })),
    });
    await db.mapperAlertMap.createMany({ data: uids.map((mapUid) => ({ alertId: id, mapUid })) });

    const shown = (await alerts.getMapperAlert(user, id, { sort: "name" }))!.maps.filter((m) => m.uid.startsWith("Crafted"));
    const expected = names.map((name, index) => ({ uid: uids[index]!, name: stripFormatting(name) || uids[index]! }));
    // The empty name shows the uid, but sorts as empty: first.
    const sortKey = (entry: { uid: string; name: string }) => (entry.name === entry.uid ? "" : entry.name);
    expect(shown.map((m) => m.name)).toEqual(
      [...expected].sort((a, b) => byPlainName(sortKey(a), sortKey(b)) || (a.uid < b.uid ? -1 : 1)).map((entry) => entry.name),
    );
    for (const { uid, name } of expected) {
      if (name === uid) continue;
      for (const q of [name, name.slice(1, -1), name.toUpperCase()].filter((text) => text.trim())) {
        const found = (await alerts.getMapperAlert(user, id, { q }))!.maps.map((m) => m.uid);
        expect(found, `"${q}" finds ${JSON.stringify(name)}`).toContain(uid);
      }
    }
    // Codes are not part of the name: searching for one finds nothing it only appears in.
    expect((await alerts.getMapperAlert(user, id, { q: "$o" }))!.matching).toBe(0);
    expect((await alerts.getMapperAlert(user, id, { q: "fff" }))!.matching).toBe(0);
  });
});
