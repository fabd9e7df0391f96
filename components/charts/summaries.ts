import { formatRaceTime } from "@/lib/format/race-time";
import { formatDate, formatUtcDay, plural } from "./chart-format";

/** The one-sentence summaries the charts give screen readers (and everyone), from the charts' own data. */

export type WorldRecordPoint = { score: number; displayName: string; at: Date };
export type TopTimePoint = { position: number; score: number; displayName: string; drivenAt: Date | null };

export function worldRecordSummary(steps: readonly WorldRecordPoint[], timeZone: string): string {
  const first = steps[0];
  const last = steps.at(-1);
  if (!first || !last) return "No world record known yet.";
  if (steps.length === 1) return `World record ${formatRaceTime(last.score)} by ${last.displayName}, driven ${formatDate(last.at, timeZone)}; no earlier record is known.`;
  const improvements = steps.length - 1;
  return `World record went from ${formatRaceTime(first.score)} to ${formatRaceTime(last.score)} over ${plural(improvements, "improvement", "improvements")} between ${formatDate(first.at, timeZone)} and ${formatDate(last.at, timeZone)}; current holder ${last.displayName}.`;
}

export function topTimesSummary(times: readonly TopTimePoint[], timeZone: string): string {
  const best = times[0];
  const slowest = times.at(-1);
  if (!best || !slowest) return "No times on this map yet.";
  const dated = times.filter((time): time is TopTimePoint & { drivenAt: Date } => time.drivenAt !== null);
  const spread = times.length === 1 ? `Only one time: ${formatRaceTime(best.score)} by ${best.displayName}` : `The top ${times.length} spans ${formatRaceTime(best.score)} (#${best.position} ${best.displayName}) to ${formatRaceTime(slowest.score)} (#${slowest.position} ${slowest.displayName})`;
  if (dated.length === 0) return `${spread}; when they were driven is not known.`;
  const oldest = dated.reduce((a, b) => (b.drivenAt < a.drivenAt ? b : a));
  const newest = dated.reduce((a, b) => (b.drivenAt > a.drivenAt ? b : a));
  if (dated.length === 1) return `${spread}, driven ${formatDate(newest.drivenAt, timeZone)}.`;
  return `${spread}. The oldest is #${oldest.position} ${oldest.displayName}'s from ${formatDate(oldest.drivenAt, timeZone)}, the newest #${newest.position} ${newest.displayName}'s from ${formatDate(newest.drivenAt, timeZone)}.`;
}

export function recordsPerDaySummary(days: readonly { day: string; records: number }[], periodLabel: string): string {
  const total = days.reduce((sum, entry) => sum + entry.records, 0);
  if (total === 0) return `No new records ${periodLabel}.`;
  const busiest = days.reduce((a, b) => (b.records > a.records ? b : a));
  const active = days.filter((entry) => entry.records > 0).length;
  return `${plural(total, "new record", "new records")} ${periodLabel}, on ${plural(active, "day", "days")} of ${days.length}; busiest day ${formatUtcDay(busiest.day)} with ${plural(busiest.records, "record", "records")}.`;
}

export function driversPerWeekSummary(weeks: readonly { week: string; drivers: number }[], totalDrivers: number): string {
  if (weeks.every((entry) => entry.drivers === 0)) return "No drivers set a record in these weeks.";
  const busiest = weeks.reduce((a, b) => (b.drivers > a.drivers ? b : a));
  const least = Math.min(...weeks.map((entry) => entry.drivers));
  return `Between ${least.toLocaleString("en-GB")} and ${busiest.drivers.toLocaleString("en-GB")} different drivers a week (most in the week of ${formatUtcDay(busiest.week)}); ${plural(totalDrivers, "driver", "drivers")} in all.`;
}

export function mostActiveMapsSummary(maps: readonly { name: string; records: number }[], periodLabel: string): string {
  const top = maps[0];
  if (!top) return `No map has records ${periodLabel}.`;
  const rest = maps.slice(1, 3).map((map) => `${map.name} (${map.records.toLocaleString("en-GB")})`);
  return `Busiest map ${periodLabel}: ${top.name} with ${plural(top.records, "record", "records")}${rest.length > 0 ? `, then ${rest.join(" and ")}` : ""}.`;
}
