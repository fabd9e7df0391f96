/** Words the alert pages use for an alert's settings, kept in one place so every view says the same. */

export type RecordFilterValue = "ALL" | "TOP_N" | "WORLD_RECORD";
export type CheckModeValue = "ACCURATE" | "POSITION";

export function describeFilter(recordFilter: RecordFilterValue, topN: number): string {
  switch (recordFilter) {
    case "ALL":
      return "Every new record";
    case "TOP_N":
      return `Records entering the top ${topN}`;
    case "WORLD_RECORD":
      return "New world records only";
  }
}

export function describeMode(mode: CheckModeValue): string {
  return mode === "ACCURATE" ? "Accurate" : "Position";
}

/** The position endpoint can lag by hours on non-official maps (trackmania-api.md). */
/** What position mode cannot do, for the depth accurate mode would read (AppConfig.accurateDepth). */
export function positionModeCaveat(depth: number): string {
  return `Position mode is cheap for big catalogues but may be up to a day late, and it sees new times entering the top ${depth} rather than improvements inside it.`;
}

export function formatInstant(date: Date | null, timeZone: string): string {
  if (!date) return "not yet";
  return new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone }).format(date);
}

/** A calendar day in the user's time zone, e.g. "3 Dec 2026". */
export function formatDay(date: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone }).format(date);
}
