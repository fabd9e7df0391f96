/** UTC calendar arithmetic for the activity series: days as `YYYY-MM-DD`, weeks as ISO weeks (Monday start). */

const DAY_MS = 86_400_000;

export function startOfUtcDay(date: Date): Date {
  return new Date(Math.floor(date.getTime() / DAY_MS) * DAY_MS);
}

/** The Monday (UTC) of the ISO week holding `date`. */
export function startOfIsoWeek(date: Date): Date {
  const day = startOfUtcDay(date);
  return addDays(day, -((day.getUTCDay() + 6) % 7));
}

export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * DAY_MS);
}

export const dayKey = (date: Date) => date.toISOString().slice(0, 10);

/** Every day from `from` to `to` (both UTC day starts), inclusive. */
export function daysBetween(from: Date, to: Date): string[] {
  const days: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(dayKey(day));
  return days;
}

/** The Monday of every ISO week from `from`'s week to `to`'s, inclusive. */
export function weeksBetween(from: Date, to: Date): string[] {
  const weeks: string[] = [];
  for (let week = startOfIsoWeek(from); week <= to; week = addDays(week, 7)) weeks.push(dayKey(week));
  return weeks;
}
