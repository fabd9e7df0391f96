import { formatRaceTime } from "@/lib/format/race-time";

/** Words and numbers the charts share, so each chart, its summary and its table say the same. */

export const chartColors = {
  line: "#1475f5", // brand-600
  fill: "#52b6ff", // brand-400
  grid: "#e2e8f0", // slate-200
  axis: "#64748b", // slate-500
  label: "#334155", // slate-700
};

export const axisTick = { fill: chartColors.axis, fontSize: 11 };

export function formatDate(at: number | Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone }).format(at);
}

/** A short axis label: "3 Dec", with the year when the axis spans more than one. */
export function formatAxisDate(at: number, timeZone: string, withYear: boolean): string {
  return new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", ...(withYear ? { year: "2-digit" } : {}), timeZone }).format(at);
}

/** A `YYYY-MM-DD` UTC day (the activity series' buckets) as "3 Dec 2026". */
export function formatUtcDay(day: string): string {
  return formatDate(Date.parse(`${day}T00:00:00Z`), "UTC");
}

export function formatShortUtcDay(day: string): string {
  return formatAxisDate(Date.parse(`${day}T00:00:00Z`), "UTC", false);
}

export const plural = (count: number, one: string, many: string) => `${count.toLocaleString("en-GB")} ${count === 1 ? one : many}`;

/** About `count` evenly spaced instants from `min` to `max`, for a time axis (recharts picks round numbers, not dates). */
export function timeTicks(min: number, max: number, count: number): number[] {
  if (max <= min) return [min];
  return Array.from({ length: count }, (_, index) => Math.round(min + ((max - min) * index) / (count - 1)));
}

/** A y domain for race times with a little air above and below, so no point sits on the frame. */
export function timeDomain(scores: number[]): [number, number] {
  const low = Math.min(...scores);
  const high = Math.max(...scores);
  const pad = Math.max(50, Math.round((high - low) * 0.08));
  return [Math.max(0, low - pad), high + pad];
}

/** Race times as axis ticks: the game's format, without the milliseconds noise when ticks are round. */
export function formatTimeTick(ms: number): string {
  return formatRaceTime(ms);
}

export const truncate = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
