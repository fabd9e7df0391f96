import { describe, expect, it } from "vitest";
import { createSandbox, hours } from "@/lib/trackmania/sandbox";
import {
  dayIndexOf,
  isParisSummerTime,
  releasesBetween,
  season,
  seasonAt,
  slotKey,
  totdDay,
  totdDayAt,
  totdMonths,
} from "@/lib/trackmania/sandbox/campaigns";

// The sandbox's official calendar (lib/trackmania/sandbox/campaigns.ts) and the maps it releases.
// The default manual clock starts at 2026-06-01T00:00:00Z: Spring 2026 runs, May's TOTDs are all out.

const seconds = (iso: string) => Date.parse(iso) / 1000;
const startSeconds = seconds("2026-06-01T00:00:00Z");

describe("seasons", () => {
  it("are quarterly from Summer 2020, opening at 17:00 Paris time", () => {
    expect(season(0)).toMatchObject({ name: "Summer 2020", startsAt: seconds("2020-07-01T15:00:00Z"), endsAt: seconds("2020-10-01T15:00:00Z") });
    // The documented Fall 2024 campaign: 1727794800 → 1735747200 (17:00 CEST → 17:00 CET).
    const fall2024 = seasonAt(seconds("2024-11-15T12:00:00Z"))!;
    expect(fall2024).toMatchObject({ name: "Fall 2024", startsAt: 1727794800, endsAt: 1735747200 });
    expect(season(fall2024.index + 1)).toMatchObject({ name: "Winter 2025", startsAt: 1735747200 });
    expect(season(fall2024.index + 2).name).toBe("Spring 2025");
    expect(season(fall2024.index + 9).name).toBe("Winter 2027");
  });

  it("change at the opening instant, not at midnight", () => {
    const opening = seconds("2026-04-01T15:00:00Z");
    expect(seasonAt(opening - 1)!.name).toBe("Winter 2026");
    expect(seasonAt(opening)!.name).toBe("Spring 2026");
    expect(seasonAt(startSeconds)!.name).toBe("Spring 2026");
    expect(seasonAt(seconds("2020-06-30T00:00:00Z"))).toBeNull();
  });
});

describe("Tracks of the Day", () => {
  it("start at 19:00 Paris time, with the documented weekday numbering", () => {
    // The documented December 2021: the 1st (a Wednesday, `day` 2) 1638381600 → 1638468000, the 31st `day` 4.
    const first = totdDay(dayIndexOf(2021, 12, 1));
    expect(first).toMatchObject({ year: 2021, month: 12, monthDay: 1, weekday: 2, startsAt: 1638381600, endsAt: 1638468000 });
    expect(totdDay(dayIndexOf(2021, 12, 31))).toMatchObject({ weekday: 4, startsAt: 1640973600, endsAt: 1641060000 });
    // Summer time: 17:00 UTC.
    expect(totdDay(dayIndexOf(2026, 5, 31)).startsAt).toBe(seconds("2026-05-31T17:00:00Z"));
  });

  it("follow Paris summer time across its switches (a 23-hour and a 25-hour day)", () => {
    expect(isParisSummerTime(seconds("2026-03-29T00:59:59Z"))).toBe(false);
    expect(isParisSummerTime(seconds("2026-03-29T01:00:00Z"))).toBe(true);
    expect(isParisSummerTime(seconds("2026-10-25T01:00:00Z"))).toBe(false);
    const march = totdDay(dayIndexOf(2026, 3, 28));
    expect(march.endsAt - march.startsAt).toBe(23 * 3600);
    const october = totdDay(dayIndexOf(2026, 10, 24));
    expect(october.endsAt - october.startsAt).toBe(25 * 3600);
  });

  it("page by Paris month, newest first, back to July 2020", () => {
    const june = totdMonths(startSeconds, 0, 1);
    // July 2020 … June 2026.
    expect(june.itemCount).toBe(72);
    expect(june.months[0]).toMatchObject({ year: 2026, month: 6, lastDay: 30 });
    expect(june.months[0]!.days.filter((d) => d.startsAt <= startSeconds)).toEqual([]);
    const [may, april] = totdMonths(startSeconds, 1, 2).months;
    expect(may!.days.map((d) => d.monthDay)).toEqual(Array.from({ length: 31 }, (_, i) => i + 1));
    expect(april).toMatchObject({ year: 2026, month: 4, lastDay: 30 });
    expect(totdMonths(startSeconds, 71, 5).months.map((m) => `${m.year}-${m.month}`)).toEqual(["2020-7"]);
    expect(totdMonths(startSeconds, 72, 1).months).toEqual([]);
    expect(totdDayAt(startSeconds)).toMatchObject({ year: 2026, month: 5, monthDay: 31 });
  });
});

describe("releases", () => {
  it("release a season's 25 maps before that day's Track of the Day", () => {
    const opening = seconds("2026-04-01T15:00:00Z");
    const slots = releasesBetween(opening - 1, opening + 2 * 3600);
    expect(slots.map(slotKey)).toEqual([
      ...Array.from({ length: 25 }, (_, i) => `season:2026-1:${String(i + 1).padStart(2, "0")}`),
      "totd:2026-04-01",
    ]);
    expect(releasesBetween(opening, opening)).toEqual([]);
  });
});

describe("official maps in the world", () => {
  const sandbox = createSandbox({ seed: 7 });
  const official = sandbox.world.officialMaps();
  const { topDriver, midPackDriver, official: nadeo } = sandbox.wellKnown;

  it("are every slot released before the start, authored by the official account", () => {
    // 24 seasons (Summer 2020 … Spring 2026) and one map a day from 1 July 2020 to 31 May 2026.
    const days = dayIndexOf(2026, 5, 31) + 1;
    expect(official.filter((m) => m.official!.kind === "season")).toHaveLength(24 * 25);
    expect(official.filter((m) => m.official!.kind === "totd")).toHaveLength(days);
    expect(new Set(official.map((m) => m.uid)).size).toBe(official.length);
    expect(nadeo.displayName).toBe("Nadeo");
    expect(sandbox.world.maps(nadeo.accountId)).toHaveLength(official.length);
    expect(sandbox.world.mappers().some((m) => m.accountId === nadeo.accountId)).toBe(false);
    for (const map of official.slice(-30)) {
      expect(map.authorAccountId).toBe(nadeo.accountId);
      expect(map.official!.releasedAt * 1000).toBeLessThanOrEqual(sandbox.now().getTime());
      expect(map.tmx).not.toBeNull();
    }
    const spring = official.filter((m) => m.official!.key.startsWith("season:2026-1:"));
    expect(spring.map((m) => m.uid)).toEqual(midPackDriver.mapUids);
    expect(spring[6]!.name).toBe("Spring 2026 - 07");
  });

  it("are busy boards led by the top driver, and the busy map stays the busiest", () => {
    const busiest = Math.max(...official.map((m) => m.activity.eventsPerDay));
    expect(busiest).toBeLessThan(sandbox.world.map(sandbox.wellKnown.maps.busy)!.activity.eventsPerDay);
    for (const uid of [...midPackDriver.mapUids.slice(0, 3), official.at(-1)!.uid]) {
      const board = sandbox.world.leaderboard(uid)!;
      expect(board.length).toBeGreaterThan(2_200);
      expect(board[0]!.accountId).toBe(topDriver.accountId);
      // Records start at the release, not at the (earlier) upload.
      const releasedAt = sandbox.world.map(uid)!.official!.releasedAt;
      expect(Math.min(...board.map((e) => e.timestamp))).toBeGreaterThan(releasedAt);
    }
    expect(topDriver.mapUids).toHaveLength(6);
  });

  it("place MidPackMia at 1,200–2,100 on every campaign map, with a time of her own", () => {
    const seasonal = official.filter((m) => m.official!.kind === "season");
    // The current campaign and a sample of older ones (boards are built on first read).
    for (const map of [...seasonal.slice(-25), ...seasonal.filter((_, i) => i % 37 === 0)]) {
      const board = sandbox.world.leaderboard(map.uid)!;
      const index = board.findIndex((e) => e.accountId === midPackDriver.accountId);
      expect(index + 1).toBeGreaterThanOrEqual(1_200);
      expect(index + 1).toBeLessThanOrEqual(2_100);
      expect(board[index - 1]!.score).toBeLessThan(board[index]!.score);
      expect(board[index + 1]!.score).toBeGreaterThan(board[index]!.score);
    }
    const totd = official.filter((m) => m.official!.kind === "totd").at(-1)!;
    expect(sandbox.world.leaderboard(totd.uid)!.some((e) => e.accountId === midPackDriver.accountId)).toBe(false);
  });
});

describe("calendar determinism", () => {
  const identity = (s: ReturnType<typeof createSandbox>) => s.world.officialMaps().map((m) => [m.official!.key, m.uid, m.mapId]);
  const details = (s: ReturnType<typeof createSandbox>) => s.world.officialMaps().map((m) => [m.uid, m.name, m.authorTime, m.tmx!.mapId]);

  it("gives the same maps and boards for the same seed, and the same uids for any seed", () => {
    const a = createSandbox({ seed: 42 });
    const b = createSandbox({ seed: 42 });
    const c = createSandbox({ seed: 43 });
    expect(details(b)).toEqual(details(a));
    expect(identity(c)).toEqual(identity(a));
    expect(details(c)).not.toEqual(details(a));
    const uid = a.wellKnown.midPackDriver.mapUids[3]!;
    expect(b.world.leaderboard(uid)).toEqual(a.world.leaderboard(uid));
    expect(c.wellKnown).toEqual(a.wellKnown);
  });

  it("releases new slots as time passes, the same whenever they are released", () => {
    const early = createSandbox({ seed: 9 });
    const before = early.world.officialMaps().length;
    early.advance(hours(24 * 45));
    const added = early.world.officialMaps().slice(before);
    // 45 Tracks of the Day (1 June … 15 July) and Summer 2026 on 1 July.
    expect(added.filter((m) => m.official!.kind === "totd")).toHaveLength(45);
    expect(added.filter((m) => m.official!.kind === "season").map((m) => m.name)).toContain("Summer 2026 - 25");
    // Released after the start: empty at release, then records arrive.
    const summer = added.find((m) => m.official!.key === "season:2026-2:01")!;
    expect(summer.featuredDriverIndex).toBeNull();
    expect(early.world.leaderboard(summer.uid)!.length).toBeGreaterThan(100);
    expect(early.world.leaderboard(summer.uid)!.every((e) => e.timestamp >= summer.official!.releasedAt)).toBe(true);

    const late = createSandbox({ seed: 9, startTime: new Date("2026-07-16T00:00:00Z") });
    const pick = (m: { uid: string; mapId: string; name: string; authorTime: number; tmx: { mapId: number } | null }) => [m.uid, m.mapId, m.name, m.authorTime, m.tmx!.mapId];
    expect(added.map((m) => pick(late.world.map(m.uid)!))).toEqual(added.map(pick));
  });
});
