import { formatRaceTime } from "@/lib/format/race-time";

/** Words and numbers the charts share, so each chart, its summary and its table say the same. */

export const chartColors = {
  line: "#1475f5", // brand-600
  fill: "#52b6ff", // brand-400
  grid: "#e2e8f0", // slate-200
  axis: "#64748b", // slate-500
  label: "#334155", // slate-700
};

/** The daily-runs chart's bars; its legend is HTML beside the drawing, so recharts' Legend is not shipped. */
export const DAILY_RUN_COLORS = { usersChecked: chartColors.fill, emailsSent: chartColors.line, emailsFailed: "#dc2626" } as const;

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

const TIME_STEPS = [10, 20, 50, 100, 200, 250, 500, 1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000];

/**
 * A y axis for race times: round ticks (every 0.5 s, 1 s, 5 s… so labels read like the game's times)
 * and a domain on those ticks with a little air, so no point sits on the frame.
 */
export function timeAxis(scores: number[], tickCount = 4): { domain: [number, number]; ticks: number[] } {
  const low = Math.min(...scores);
  const high = Math.max(...scores);
  const span = Math.max(high - low, 1);
  const step = TIME_STEPS.find((candidate) => span / candidate <= tickCount) ?? TIME_STEPS.at(-1)!;
  const from = Math.max(0, Math.floor((low - span * 0.05) / step) * step);
  const to = Math.ceil((high + span * 0.05) / step) * step;
  const ticks: number[] = [];
  for (let tick = from; tick <= to; tick += step) ticks.push(tick);
  return { domain: [from, to], ticks };
}

/** Race times as axis ticks: the game's format, without the milliseconds noise when ticks are round. */
export function formatTimeTick(ms: number): string {
  return formatRaceTime(ms);
}

export const truncate = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
