/**
 * The official calendar of the sandbox, as Nadeo runs it since the game's launch on 1 July 2020:
 * a seasonal campaign of 25 maps per quarter (Winter = January–March, Spring, Summer, Fall), opening
 * at 17:00 Paris time on the quarter's first day, and one Track of the Day per day at 19:00 Paris time
 * (the hours and the 25 maps are those of the documented responses). Everything here is a pure
 * function of time; `world.ts` turns each released slot into a map, and `routes/live.ts` answers
 * `/api/campaign/official` and `/api/token/campaign/month` from it.
 */

export const SEASON_MAP_COUNT = 25;

/** Unix seconds and calendar dates. Months are 1–12 as the month endpoint numbers them. */
const LAUNCH = { year: 2020, month: 7, day: 1 };
const LAUNCH_DAY_MS = Date.UTC(LAUNCH.year, LAUNCH.month - 1, LAUNCH.day);
/** Summer 2020, the first season, counted in quarters since year 0. */
const FIRST_QUARTER = LAUNCH.year * 4 + 2;
const DAY_SECONDS = 86_400;
const seasonNames = ["Winter", "Spring", "Summer", "Fall"] as const;

export type Season = {
  /** 0 = Summer 2020. */
  readonly index: number;
  readonly year: number;
  /** 0 = Winter … 3 = Fall. */
  readonly quarter: number;
  /** "Winter 2027". */
  readonly name: string;
  /** Unix seconds; a season ends when the next one starts. */
  readonly startsAt: number;
  readonly endsAt: number;
};

export type TotdDay = {
  /** Days since 1 July 2020 (day 0). */
  readonly index: number;
  readonly year: number;
  readonly month: number;
  readonly monthDay: number;
  /** What the month endpoint calls `day`: the weekday, Monday = 0 (1 Dec 2021, a Wednesday, is 2). */
  readonly weekday: number;
  /** Unix seconds; a day ends when the next Track of the Day starts. */
  readonly startsAt: number;
  readonly endsAt: number;
};

export type OfficialSlot =
  | { readonly kind: "season"; readonly season: Season; /** 0–24, the playlist position. */ readonly position: number }
  | { readonly kind: "totd"; readonly day: TotdDay };

// ─── Paris time ────────────────────────────────────────────────────────────────────────────────

/** Day of month of the last Sunday of a month (month 1–12). */
function lastSunday(year: number, month: number): number {
  const last = new Date(Date.UTC(year, month, 0));
  return last.getUTCDate() - last.getUTCDay();
}

/** Whether Paris keeps summer time (UTC+2) at an instant: EU rules switch at 01:00 UTC on the last Sundays of March and October. */
export function isParisSummerTime(unixSeconds: number): boolean {
  const year = new Date(unixSeconds * 1000).getUTCFullYear();
  const begins = Date.UTC(year, 2, lastSunday(year, 3), 1) / 1000;
  const ends = Date.UTC(year, 9, lastSunday(year, 10), 1) / 1000;
  return unixSeconds >= begins && unixSeconds < ends;
}

/** A Paris wall-clock hour (afternoon hours only: no switch happens near them) as Unix seconds. */
function parisAfternoon(year: number, month: number, day: number, hour: number): number {
  const asUtc = Date.UTC(year, month - 1, day, hour) / 1000;
  return asUtc - (isParisSummerTime(asUtc - 3600) ? 2 : 1) * 3600;
}

/** The Paris calendar date at an instant. */
export function parisDate(unixSeconds: number): { year: number; month: number; day: number } {
  const local = new Date((unixSeconds + (isParisSummerTime(unixSeconds) ? 2 : 1) * 3600) * 1000);
  return { year: local.getUTCFullYear(), month: local.getUTCMonth() + 1, day: local.getUTCDate() };
}

// ─── Seasons ───────────────────────────────────────────────────────────────────────────────────

function seasonStart(index: number): number {
  const quarter = FIRST_QUARTER + index;
  return parisAfternoon(Math.floor(quarter / 4), (quarter % 4) * 3 + 1, 1, 17);
}

export function season(index: number): Season {
  const quarter = FIRST_QUARTER + index;
  const year = Math.floor(quarter / 4);
  const q = quarter % 4;
  return { index, year, quarter: q, name: `${seasonNames[q]} ${year}`, startsAt: seasonStart(index), endsAt: seasonStart(index + 1) };
}

/** The season running at an instant (the latest one started), or null before the first. */
export function seasonAt(unixSeconds: number): Season | null {
  const date = new Date(unixSeconds * 1000);
  let index = date.getUTCFullYear() * 4 + Math.floor(date.getUTCMonth() / 3) - FIRST_QUARTER;
  while (index >= 0 && seasonStart(index) > unixSeconds) index--;
  while (seasonStart(index + 1) <= unixSeconds) index++;
  return index < 0 ? null : season(index);
}

// ─── Tracks of the Day ─────────────────────────────────────────────────────────────────────────

function dayDate(index: number): { year: number; month: number; monthDay: number; weekday: number } {
  const date = new Date(LAUNCH_DAY_MS + index * DAY_SECONDS * 1000);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, monthDay: date.getUTCDate(), weekday: (date.getUTCDay() + 6) % 7 };
}

function totdStart(index: number): number {
  const { year, month, monthDay } = dayDate(index);
  return parisAfternoon(year, month, monthDay, 19);
}

export function totdDay(index: number): TotdDay {
  return { index, ...dayDate(index), startsAt: totdStart(index), endsAt: totdStart(index + 1) };
}

/** Day index of a calendar date (may be negative before the launch). */
export function dayIndexOf(year: number, month: number, monthDay: number): number {
  return Math.round((Date.UTC(year, month - 1, monthDay) - LAUNCH_DAY_MS) / (DAY_SECONDS * 1000));
}

/** The Track of the Day at an instant (the latest one started), or null before the first. */
export function totdDayAt(unixSeconds: number): TotdDay | null {
  let index = Math.floor((unixSeconds * 1000 - LAUNCH_DAY_MS) / (DAY_SECONDS * 1000));
  while (index >= 0 && totdStart(index) > unixSeconds) index--;
  while (totdStart(index + 1) <= unixSeconds) index++;
  return index < 0 ? null : totdDay(index);
}

export type TotdMonth = { year: number; month: number; lastDay: number; days: TotdDay[] };

/**
 * Months of Tracks of the Day, newest first, as the month endpoint pages them: offset 0 is the Paris
 * month of `nowSeconds` (possibly with no day started yet), and the list ends with July 2020.
 */
export function totdMonths(nowSeconds: number, offset: number, length: number): { months: TotdMonth[]; itemCount: number } {
  const today = parisDate(nowSeconds);
  const current = today.year * 12 + (today.month - 1);
  const first = LAUNCH.year * 12 + (LAUNCH.month - 1);
  const itemCount = Math.max(0, current - first + 1);
  const months: TotdMonth[] = [];
  for (let i = offset; i < offset + length && i < itemCount; i++) {
    const absolute = current - i;
    const year = Math.floor(absolute / 12);
    const month = (absolute % 12) + 1;
    const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
    const firstIndex = dayIndexOf(year, month, 1);
    const days = Array.from({ length: lastDay }, (_, d) => totdDay(firstIndex + d)).filter((day) => day.index >= 0);
    months.push({ year, month, lastDay, days });
  }
  return { months, itemCount };
}

// ─── Releases ──────────────────────────────────────────────────────────────────────────────────

/** Slot keys name a map's place in the calendar: `season:2026-1:07` (Spring 2026, map 7), `totd:2026-05-31`. */
export function slotKey(slot: OfficialSlot): string {
  if (slot.kind === "season") return `season:${slot.season.year}-${slot.season.quarter}:${String(slot.position + 1).padStart(2, "0")}`;
  const { year, month, monthDay } = slot.day;
  return `totd:${year}-${String(month).padStart(2, "0")}-${String(monthDay).padStart(2, "0")}`;
}

export function releaseOf(slot: OfficialSlot): number {
  return slot.kind === "season" ? slot.season.startsAt : slot.day.startsAt;
}

/** Every slot released in (afterSeconds, untilSeconds], in release order (a season's maps in playlist order). */
export function releasesBetween(afterSeconds: number, untilSeconds: number): OfficialSlot[] {
  const out: OfficialSlot[] = [];
  if (untilSeconds <= afterSeconds) return out;
  let seasonIndex = Math.max(0, (seasonAt(afterSeconds)?.index ?? -1) + 1);
  let dayIndex = Math.max(0, (totdDayAt(afterSeconds)?.index ?? -1) + 1);
  for (;;) {
    const nextSeason = seasonStart(seasonIndex);
    const nextDay = totdStart(dayIndex);
    const next = Math.min(nextSeason, nextDay);
    if (next > untilSeconds) return out;
    if (nextSeason <= nextDay) {
      const s = season(seasonIndex++);
      for (let position = 0; position < SEASON_MAP_COUNT; position++) out.push({ kind: "season", season: s, position });
    } else {
      out.push({ kind: "totd", day: totdDay(dayIndex++) });
    }
  }
}
