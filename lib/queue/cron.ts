// The cron subset the embedded scheduler understands: five fields (minute hour day-of-month month
// day-of-week), each `*`, a number, a range `a-b`, a step `*/n` or `a-b/n`, or a comma list of
// those; evaluated in UTC, as QStash does. Names (`MON`, `JAN`), `L`, `W`, `#`, `?` and `@daily`
// are refused when a schedule is declared, so an expression QStash would read differently never
// gets silently misread here.

export interface CronExpression {
  readonly source: string;
  readonly minutes: ReadonlySet<number>;
  readonly hours: ReadonlySet<number>;
  readonly daysOfMonth: ReadonlySet<number>;
  readonly months: ReadonlySet<number>;
  /** 0 = Sunday; a 7 in the source is folded into 0. */
  readonly daysOfWeek: ReadonlySet<number>;
  // Classic cron: when both day fields are restricted, a day matches if either matches.
  readonly daysOfMonthRestricted: boolean;
  readonly daysOfWeekRestricted: boolean;
}

export class CronSyntaxError extends Error {
  constructor(source: string, detail: string) {
    super(`Unsupported cron expression "${source}": ${detail}`);
    this.name = "CronSyntaxError";
  }
}

const FIELDS = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day of month", min: 1, max: 31 },
  { name: "month", min: 1, max: 12 },
  { name: "day of week", min: 0, max: 7 },
] as const;

export function parseCron(source: string): CronExpression {
  const parts = source.trim().split(/\s+/);
  if (parts.length !== 5) throw new CronSyntaxError(source, `expected 5 fields, got ${parts.length}`);
  const [minutes, hours, daysOfMonth, months, daysOfWeek] = parts.map((part, index) =>
    parseField(source, part, FIELDS[index]!),
  ) as [Set<number>, Set<number>, Set<number>, Set<number>, Set<number>];
  if (daysOfWeek.delete(7)) daysOfWeek.add(0);
  return {
    source,
    minutes,
    hours,
    daysOfMonth,
    months,
    daysOfWeek,
    daysOfMonthRestricted: parts[2] !== "*",
    daysOfWeekRestricted: parts[4] !== "*",
  };
}

function parseField(source: string, field: string, spec: (typeof FIELDS)[number]): Set<number> {
  const values = new Set<number>();
  for (const item of field.split(",")) {
    const match = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(item);
    if (!match) throw new CronSyntaxError(source, `cannot read "${item}" in the ${spec.name} field`);
    const [, whole, from, to, step] = match;
    let low: number = spec.min;
    let high: number = spec.max;
    if (whole !== "*") {
      low = Number(from);
      // A bare number with a step (`5/15`) means "from 5 to the end", as in Vixie cron.
      high = to !== undefined ? Number(to) : step !== undefined ? spec.max : low;
    }
    const stride = step === undefined ? 1 : Number(step);
    if (low < spec.min || high > spec.max || low > high) {
      throw new CronSyntaxError(source, `"${item}" is outside ${spec.min}-${spec.max} for the ${spec.name} field`);
    }
    if (stride < 1) throw new CronSyntaxError(source, `step must be at least 1 in "${item}"`);
    for (let value = low; value <= high; value += stride) values.add(value);
  }
  return values;
}

/** True when `date`'s UTC minute is one the expression fires on (seconds are ignored). */
export function cronMatches(cron: CronExpression, date: Date): boolean {
  if (!cron.minutes.has(date.getUTCMinutes())) return false;
  if (!cron.hours.has(date.getUTCHours())) return false;
  if (!cron.months.has(date.getUTCMonth() + 1)) return false;
  const dom = cron.daysOfMonth.has(date.getUTCDate());
  const dow = cron.daysOfWeek.has(date.getUTCDay());
  if (cron.daysOfMonthRestricted && cron.daysOfWeekRestricted) return dom || dow;
  return dom && dow;
}
