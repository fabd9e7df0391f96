/**
 * Clock arithmetic of the daily run: hour slots, run keys and each user's local day and hour.
 * Pure functions (no `server-only`) so the bench and tests can use them directly.
 */

import { worksWithIntl } from "@/lib/time-zones";

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-CA", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      hourCycle: "h23",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/**
 * The calendar day ("2026-11-25") and hour (0–23) at `at` in `timeZone`. An unknown zone counts as
 * UTC rather than failing the whole run: settings validate zones, but a runtime's zone database can lag.
 */
export function localDayAndHour(at: Date, timeZone: string): { day: string; hour: number } {
  const zone = worksWithIntl(timeZone) ? timeZone : "UTC";
  const parts = Object.fromEntries(formatterFor(zone).formatToParts(at).map((part) => [part.type, part.value]));
  return { day: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour) };
}

/** The hour a scheduled run covers, as its DailyRun slot: "2026-11-25T07Z". */
export function hourSlot(at: Date): string {
  return `${at.toISOString().slice(0, 13)}Z`;
}

/** The slot of a run started by hand, unique per start so it always runs: "manual-2026-11-25T07:12:03.000Z". */
export function manualSlot(at: Date): string {
  return `manual-${at.toISOString()}`;
}

/** The key a scheduled run's user checks share per-run work under (mapper catalogues): "2026-11-25T07". */
export function hourRunKey(at: Date): string {
  return at.toISOString().slice(0, 13);
}

/**
 * The key every scheduled run of one UTC day shares leaderboard reads under: "2026-11-25". Users are
 * due at their own local hour, so a map's watchers are spread over the day's hourly runs; sharing by
 * day keeps it at one top fetch a day (DESIGN.md §5, the call budget).
 */
export function dayLeaderboardKey(at: Date): string {
  return at.toISOString().slice(0, 10);
}
