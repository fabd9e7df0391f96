import { z } from "zod";
import { formatGap, formatRaceTime } from "@/lib/format/race-time";

/**
 * What a digest reports, as stored in `Digest.content` and rendered by emails/digest.tsx and the
 * history page. Versioned: stored JSON outlives the code that wrote it, so readers parse it with
 * this schema and show a plain "cannot display" message for anything they do not understand.
 * Free of `server-only` so the email template can import its types.
 */

export const medalSchema = z.enum(["author", "gold", "silver", "bronze"]).nullable();
export type DigestMedal = z.infer<typeof medalSchema>;

export const recordArrivalSchema = z.enum(["improved", "first-time", "entered-top", "unknown"]);
export type RecordArrival = z.infer<typeof recordArrivalSchema>;

export const digestRecordSchema = z.object({
  accountId: z.string(),
  displayName: z.string(),
  /** ms */
  score: z.number().int(),
  position: z.number().int(),
  /** The driver's previous time on the map when this is an improvement; null when not known. */
  previousScore: z.number().int().nullable(),
  /** What is known of the driver's time before; absent in digests written before it was kept. */
  arrival: recordArrivalSchema.optional(),
  /** The world record this record took from another driver. */
  beatenWorldRecord: z.object({ accountId: z.string(), displayName: z.string(), score: z.number().int() }).nullable().optional(),
  /** ISO instant the record was driven, when the service says. */
  drivenAt: z.string().nullable(),
  worldRecordScore: z.number().int(),
  gapToWorldRecord: z.number().int(),
  isWorldRecord: z.boolean(),
  medal: medalSchema,
});
export type DigestRecord = z.infer<typeof digestRecordSchema>;

export const digestMapSchema = z.object({
  uid: z.string(),
  /** Without Trackmania's formatting codes. */
  name: z.string(),
  thumbnailUrl: z.string().nullable(),
  authorTime: z.number().int(),
  /** Trackmania Exchange's id, when Trackwatch knows it. */
  tmxId: z.number().int().nullable(),
  /** First seen in this check (a map the mapper published since the last one). */
  isNew: z.boolean(),
  records: z.array(digestRecordSchema),
});
export type DigestMap = z.infer<typeof digestMapSchema>;

export const digestSectionSchema = z.object({
  alertId: z.string(),
  mapperDisplayName: z.string(),
  mode: z.enum(["ACCURATE", "POSITION"]),
  mapsChecked: z.number().int(),
  /** How deep Trackwatch read each board: "new in the top 100". */
  topDepth: z.number().int().positive().optional(),
  maps: z.array(digestMapSchema),
});
export type DigestSection = z.infer<typeof digestSectionSchema>;

export const watchTriggerSchema = z.enum(["passed", "left-top-n", "lost-world-record", "improved"]);

/** One driver watch that spoke up: who passed the reader on a map, or how they improved. */
export const digestWatchSchema = z.object({
  watchId: z.string(),
  mapUid: z.string(),
  name: z.string(),
  thumbnailUrl: z.string().nullable(),
  tmxId: z.number().int().nullable(),
  condition: z.enum(["PASSED", "LEFT_TOP_N", "LOST_WORLD_RECORD"]),
  topN: z.number().int().nullable(),
  triggers: z.array(watchTriggerSchema).min(1),
  /** The reader's time now (ms) and before, when they improved. */
  score: z.number().int(),
  previousScore: z.number().int().nullable(),
  position: z.number().int(),
  previousPosition: z.number().int().nullable(),
  medal: medalSchema,
  worldRecordScore: z.number().int().nullable(),
  passedCount: z.number().int().nonnegative(),
  passers: z.array(z.object({ accountId: z.string(), displayName: z.string(), score: z.number().int(), position: z.number().int() })),
  /** Followed through the lagging position endpoint (beyond the read depth). */
  beyondTop: z.boolean(),
  topDepth: z.number().int().positive(),
});
export type DigestWatch = z.infer<typeof digestWatchSchema>;

export const digestContentSchema = z.object({
  version: z.literal(1),
  /** The reader's local day the digest covers, "2026-11-25". */
  day: z.string(),
  timeZone: z.string(),
  /** ISO instant of the check. */
  checkedAt: z.string(),
  mapsChecked: z.number().int(),
  recordCount: z.number().int(),
  /** Maps with at least one new record. */
  mapsWithRecords: z.number().int(),
  newMapCount: z.number().int(),
  /** Most records listed per map in the email (AppConfig.maxRecordsPerMapInMail); history shows them all. */
  maxRecordsPerMapInMail: z.number().int().positive(),
  sections: z.array(digestSectionSchema),
  /** "Your times": the reader's driver watches that spoke up; absent in digests written before watches. */
  watches: z.array(digestWatchSchema).optional(),
  /** Kept so every send of this digest carries the same List-Unsubscribe headers (idempotent resends). */
  unsubscribeUrl: z.string().nullable(),
});
export type DigestContent = z.infer<typeof digestContentSchema>;

/** The content, or null when it was written by a version this code does not read. */
export function parseDigestContent(value: unknown): DigestContent | null {
  const parsed = digestContentSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

export function trackmaniaIoUrl(mapUid: string): string {
  return `https://trackmania.io/#/leaderboard/${encodeURIComponent(mapUid)}`;
}

/** The driver's page on trackmania.io. */
export function trackmaniaIoPlayerUrl(accountId: string): string {
  return `https://trackmania.io/#/player/${encodeURIComponent(accountId)}`;
}

/** The map's page on Trackmania Exchange, or its search by uid when its TMX id is unknown. */
export function exchangeUrl(map: { uid: string; tmxId: number | null }): string {
  return map.tmxId !== null
    ? `https://trackmania.exchange/mapshow/${map.tmxId}`
    : `https://trackmania.exchange/maps?uid=${encodeURIComponent(map.uid)}`;
}

export const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/** "A", "A and B": up to two mappers are named; more are "maps you watch". */
function mappersPhrase(mappers: string[]): string | null {
  if (mappers.length === 1) return mappers[0]!;
  if (mappers.length === 2) return `${mappers[0]} and ${mappers[1]}`;
  return null;
}

/**
 * The "Your times" half of a summary: "2 drivers passed you", "you lost the WR on Alpine Run", "you
 * left the top 10 on 2 maps", "you improved on 3 maps".
 */
export function watchSummary(watches: readonly DigestWatch[]): string[] {
  const parts: string[] = [];
  const lostWr = watches.filter((watch) => watch.triggers.includes("lost-world-record"));
  const leftTop = watches.filter((watch) => watch.triggers.includes("left-top-n"));
  const passed = watches.filter((watch) => watch.triggers.includes("passed"));
  const improved = watches.filter((watch) => watch.triggers.includes("improved"));
  if (lostWr.length === 1) parts.push(`you lost the WR on ${lostWr[0]!.name}`);
  else if (lostWr.length > 1) parts.push(`you lost ${lostWr.length} world records`);
  if (leftTop.length === 1) parts.push(`you left the top ${(leftTop[0]!.topN ?? 0).toLocaleString("en-GB")} on ${leftTop[0]!.name}`);
  else if (leftTop.length > 1) parts.push(`you left your top N on ${leftTop.length} maps`);
  const passers = passed.reduce((sum, watch) => sum + watch.passedCount, 0);
  if (passers > 0) parts.push(`${plural(passers, "driver", "drivers")} passed you${passed.length > 1 ? ` on ${passed.length} maps` : ""}`);
  if (improved.length === 1) parts.push(`you improved to #${improved[0]!.position.toLocaleString("en-GB")} on ${improved[0]!.name}`);
  else if (improved.length > 1) parts.push(`you improved on ${improved.length} maps`);
  return parts;
}

/**
 * "5 new records on 3 maps by SmallMapperSam", "12 new records on 7 maps you watch", "2 new maps to
 * watch", or both; "Your times" news comes first ("2 drivers passed you · 5 new records on …"). The
 * maps are named by their mappers, never "yours": an alert can follow anyone.
 */
export function digestSummary(content: Pick<DigestContent, "recordCount" | "mapsWithRecords" | "newMapCount" | "sections" | "watches">): string {
  const times = watchSummary(content.watches ?? []);
  const mapper = mapperSummary(content);
  if (times.length === 0) return mapper ?? "No new records";
  const first = times.join(", ");
  const sentence = first.charAt(0).toUpperCase() + first.slice(1);
  return mapper ? `${sentence} · ${mapper}` : sentence;
}

function mapperSummary(content: Pick<DigestContent, "recordCount" | "mapsWithRecords" | "newMapCount" | "sections">): string | null {
  const parts: string[] = [];
  if (content.recordCount > 0) {
    const mappers = [
      ...new Set(content.sections.filter((section) => section.maps.some((map) => map.records.length > 0)).map((section) => section.mapperDisplayName)),
    ].sort((a, b) => a.localeCompare(b));
    const byWhom = mappersPhrase(mappers);
    const maps = plural(content.mapsWithRecords, "map", "maps");
    parts.push(`${plural(content.recordCount, "new record", "new records")} on ${byWhom ? `${maps} by ${byWhom}` : `${maps} you watch`}`);
  }
  if (content.newMapCount > 0) {
    parts.push(content.recordCount > 0 ? plural(content.newMapCount, "new map", "new maps") : `${plural(content.newMapCount, "new map", "new maps")} to watch`);
  }
  return parts.length > 0 ? parts.join(", ") : null;
}

/** "now #5,213 (was #5,210)" — positions as the game's leaderboard shows them. */
export function positionChangeLabel(watch: Pick<DigestWatch, "position" | "previousPosition">): string {
  const now = `#${watch.position.toLocaleString("en-GB")}`;
  if (watch.previousPosition === null || watch.previousPosition === watch.position) return `now ${now}`;
  return `now ${now} (was #${watch.previousPosition.toLocaleString("en-GB")})`;
}

/**
 * The headline of one watch: "3 drivers passed you: now #5,213 (was #5,210)", "You lost the world
 * record", "You left the top 10: now #11", "You improved to #12, 0:41.900 (-0.311)".
 */
export function watchHeadline(watch: DigestWatch): string {
  const lines: string[] = [];
  if (watch.triggers.includes("lost-world-record")) lines.push("You lost the world record");
  else if (watch.triggers.includes("left-top-n")) lines.push(`You left the top ${(watch.topN ?? 0).toLocaleString("en-GB")}`);
  else if (watch.triggers.includes("passed")) lines.push(`${plural(watch.passedCount, "driver", "drivers")} passed you`);
  if (watch.triggers.includes("improved") && watch.previousScore !== null) {
    lines.push(`${lines.length > 0 ? "you" : "You"} improved to #${watch.position.toLocaleString("en-GB")}, ${formatRaceTime(watch.score)} (${formatGap(watch.score - watch.previousScore)})`);
    return lines.join("; ");
  }
  return `${lines.join("; ")}: ${positionChangeLabel(watch)}`;
}

/** "X in 0:42.137 (+0.120)": a passer's time and how far the reader is behind them. */
export function passerLabel(passer: { displayName: string; score: number }, readerScore: number): string {
  return `${passer.displayName} in ${formatRaceTime(passer.score)} (${formatGap(readerScore - passer.score)})`;
}

/** Your time, medal and gap to the WR: "0:42.257 · gold medal · +0.270 to the WR". */
export function watchStandingLabel(watch: Pick<DigestWatch, "score" | "medal" | "worldRecordScore" | "position">): string {
  const gap = watch.worldRecordScore === null ? null : watch.position === 1 ? "world record" : `${formatGap(watch.score - watch.worldRecordScore)} to the WR`;
  return [`your time ${formatRaceTime(watch.score)}`, medalLabel(watch.medal), gap].filter(Boolean).join(" · ");
}

export const beyondTopNote = (topDepth: number) => `Beyond the top ${topDepth}, Trackmania's position service can lag: news can arrive a day late.`;

/**
 * What is known of the driver's previous time: "improved from 0:27.541 (-0.011)", "first time on
 * this map", "new in the top 100", or null where Trackwatch cannot know (a map's first check) —
 * never a guess. Digests stored before arrivals were kept show improvements only.
 */
export function recordArrivalNote(record: Pick<DigestRecord, "score" | "previousScore" | "arrival">, topDepth: number | undefined): string | null {
  if (record.previousScore !== null) {
    return `improved from ${formatRaceTime(record.previousScore)} (${formatGap(record.score - record.previousScore)})`;
  }
  switch (record.arrival) {
    case "first-time":
      return "first time on this map";
    case "entered-top":
      return topDepth ? `new in the top ${topDepth}` : "new in the top";
    default:
      return null;
  }
}

/** "WR taken from Mikovel, -0.058" when the record took the world record from another driver. */
export function worldRecordTakenNote(record: Pick<DigestRecord, "score" | "beatenWorldRecord">): string | null {
  const beaten = record.beatenWorldRecord;
  return beaten ? `WR taken from ${beaten.displayName}, ${formatGap(record.score - beaten.score)}` : null;
}

/** When the record was driven, in the reader's zone: "24 Nov, 19:12". */
export function drivenAtLabel(drivenAt: string | null, timeZone: string): string | null {
  if (!drivenAt) return null;
  const date = new Date(drivenAt);
  if (Number.isNaN(date.getTime())) return null;
  try {
    return new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone }).format(date);
  } catch {
    return null;
  }
}

/** The record's gap to the world record as shown next to it: "world record" or "+0.120". */
export function gapToWorldRecordLabel(record: Pick<DigestRecord, "isWorldRecord" | "gapToWorldRecord">): string {
  return record.isWorldRecord ? "world record" : formatGap(record.gapToWorldRecord);
}

export function medalLabel(medal: DigestMedal): string {
  return medal === null ? "no medal" : `${medal} medal`;
}

/** "Tuesday 25 November 2026" for "2026-11-25". */
export function formatDigestDay(day: string): string {
  const date = new Date(`${day}T12:00:00Z`);
  if (Number.isNaN(date.getTime())) return day;
  return new Intl.DateTimeFormat("en-GB", { weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(date);
}
