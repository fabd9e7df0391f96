import "server-only";
import { previewWorldRecords } from "@/lib/alerts";
import { getAppConfig } from "@/lib/app-config";
import type { ActingUser } from "@/lib/actor";
import { trackmaniaNow } from "@/lib/checks";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { formatRaceTime } from "@/lib/format/race-time";
import { consumeRateLimits } from "@/lib/ratelimit";
import { getTrackmania, stripFormatting, type TrackmaniaClient } from "@/lib/trackmania";
import { readPositionAnswers } from "./position-answers";
import { requireDriverAccount, type DriverAccount } from "./driver-account";
import { asTrackmaniaUnavailable, assertBelowWatchLimit, lockedWatchCount } from "./limits";
import { readDriverTime, type DriverTimeReading } from "./read-driver-time";
import { saveMaps, type WatchedMap } from "./save-maps";
import { importDriverWatchesSchema, type ImportDriverWatchesInput, type WatchImportSource } from "./schemas";

/** One step of an import: `done` of `total` maps dealt with, and what happened to the last one. */
export type WatchImportProgress = { done: number; total: number; message: string };

export type WatchImportResult = {
  source: WatchImportSource;
  /** "Winter 2027", "Tracks of the Day, December 2026". */
  sourceName: string;
  maps: number;
  added: number;
  /** Maps where the user has no time. */
  skippedNoTime: number;
  /** Maps whose secret threshold hides times. */
  skippedHidden: number;
  alreadyWatched: number;
  /** Maps not read or not added because the limit was reached. */
  leftAtLimit: number;
  /** Maps Trackmania did not answer about (after its retries). */
  unreadable: number;
  used: number;
  limit: number;
  /** The outcome in one or two sentences, for the page. */
  message: string;
};

export type ImportDriverWatchesOptions = {
  onProgress?: (progress: WatchImportProgress) => void;
};

/** Two maps in flight: one's Core read overlaps the other's Live read (each service has its own lane). */
const READERS = 2;
const WORLD_RECORD_WAIT_MS = 30_000;

/**
 * Adds a watch on every map of the current official campaign, or of this month's Tracks of the Day,
 * where the acting user has a time. Maps without a time are skipped and counted, maps already watched
 * are left alone, and reading stops once the admin's limit is reached (said in the result). Each map
 * costs two Trackmania requests, so `onProgress` reports every one as it is done.
 */
export async function importDriverWatches(
  actor: ActingUser,
  input: ImportDriverWatchesInput,
  options: ImportDriverWatchesOptions = {},
): Promise<WatchImportResult> {
  const { source } = importDriverWatchesSchema.parse(input);
  const account = await requireDriverAccount(actor);
  const db = await getDb();
  const { maxDriverWatches: limit, accurateDepth } = await getAppConfig();
  const usedBefore = await db.driverWatch.count({ where: { userId: actor.id } });
  assertBelowWatchLimit(usedBefore, limit);
  await consumeRateLimits([{ name: "watchImportsByUser", identifier: actor.id }]);
  const trackmania = getTrackmania();
  const report = options.onProgress ?? (() => {});

  try {
    const { name: sourceName, mapUids } = await loadSource(trackmania, source);
    const total = mapUids.length;
    const watched = new Set(
      (await db.driverWatch.findMany({ where: { userId: actor.id, mapUid: { in: mapUids } }, select: { mapUid: true } })).map((w) => w.mapUid),
    );
    const toRead = mapUids.filter((uid) => !watched.has(uid));
    let done = watched.size;
    report({ done, total, message: `${sourceName}: ${total} maps${watched.size > 0 ? `, ${watched.size} already watched` : ""}. Reading your times…` });

    const maps = await saveMaps(toRead, trackmania);
    const reads = await readTimes(trackmania, account, toRead, maps, limit - usedBefore, (uid, outcome) => {
      done += 1;
      const name = maps.has(uid) ? stripFormatting(maps.get(uid)!.name) || uid : uid;
      report({ done, total, message: `${name}: ${outcome}` });
    });

    const found = reads.flatMap((read) => (read.reading?.kind === "time" ? [{ uid: read.uid, reading: read.reading }] : []));
    if (found.length > 0) {
      report({ done, total, message: "Reading the world records…" });
      // Warms the cache the list reads, so the page shows every gap at once; never fails the import.
      await previewWorldRecords(found.map((f) => f.uid), { waitMs: WORLD_RECORD_WAIT_MS }).catch(() => undefined);
    }

    const answers = await readPositionAnswers(
      trackmania,
      found.map(({ uid, reading }) => ({ mapUid: uid, score: reading.score, position: reading.position })),
      accurateDepth,
    );
    const { added, racedAway, usedAfter } = await saveWatches(actor, account, found, limit, answers);
    const counts = {
      added,
      skippedNoTime: reads.filter((read) => read.reading?.kind === "none").length,
      skippedHidden: reads.filter((read) => read.reading?.kind === "hidden").length,
      alreadyWatched: watched.size + racedAway.duplicates,
      leftAtLimit: reads.filter((read) => read.outcome === "limit").length + racedAway.overLimit,
      unreadable: reads.filter((read) => read.outcome === "failed").length,
    };
    return { source, sourceName, maps: total, ...counts, used: usedAfter, limit, message: describe(counts, limit) };
  } catch (error) {
    throw asTrackmaniaUnavailable(error);
  }
}

async function loadSource(trackmania: TrackmaniaClient, source: WatchImportSource): Promise<{ name: string; mapUids: string[] }> {
  if (source === "campaign") {
    const campaign = await trackmania.getCurrentOfficialCampaign();
    if (!campaign || campaign.mapUids.length === 0) throw new AppError("not_found:campaign", "No official campaign is running right now.");
    return { name: campaign.name, mapUids: [...new Set(campaign.mapUids)] };
  }
  const month = await trackmania.getTracksOfTheDay(0);
  const label = new Intl.DateTimeFormat("en-GB", { month: "long", year: "numeric", timeZone: "UTC" }).format(Date.UTC(month.year, month.month - 1, 15));
  if (month.days.length === 0) throw new AppError("not_found:totd", `No Track of the Day has been released in ${label} yet.`);
  return { name: `Tracks of the Day, ${label}`, mapUids: [...new Set(month.days.map((day) => day.mapUid))] };
}

type Read = { uid: string; reading: DriverTimeReading | null; outcome: "read" | "limit" | "failed" };

/**
 * Reads the user's time on each map, in order, until `slots` maps with a time are found; the rest are
 * left unread. A map Trackmania does not answer about is counted, not fatal: importing again later
 * picks it up (watched maps are skipped then).
 */
async function readTimes(
  trackmania: TrackmaniaClient,
  account: DriverAccount,
  uids: string[],
  maps: ReadonlyMap<string, WatchedMap>,
  slots: number,
  onRead: (uid: string, outcome: string) => void,
): Promise<Read[]> {
  const reads: Read[] = new Array(uids.length);
  let next = 0;
  let withTime = 0;
  const reader = async () => {
    for (let index = next++; index < uids.length; index = next++) {
      const uid = uids[index]!;
      const map = maps.get(uid);
      if (withTime >= slots) {
        reads[index] = { uid, reading: null, outcome: "limit" };
        onRead(uid, "not read: your watch limit is reached");
        continue;
      }
      if (!map) {
        reads[index] = { uid, reading: null, outcome: "failed" };
        onRead(uid, "Trackmania does not know this map");
        continue;
      }
      let reading: DriverTimeReading;
      try {
        reading = await readDriverTime(trackmania, account.accountId, map);
      } catch (error) {
        console.warn(`[watches] import could not read ${uid}:`, (error as Error).message);
        reads[index] = { uid, reading: null, outcome: "failed" };
        onRead(uid, "Trackmania did not answer");
        continue;
      }
      if (reading.kind === "time") withTime += 1;
      reads[index] = { uid, reading, outcome: "read" };
      onRead(uid, describeReading(reading));
    }
  };
  await Promise.all(Array.from({ length: READERS }, reader));
  return reads;
}

function describeReading(reading: DriverTimeReading): string {
  if (reading.kind === "none") return "no time yet, skipped";
  if (reading.kind === "hidden") return "times hidden by the map, skipped";
  return `${formatRaceTime(reading.score)}${reading.position !== null ? ` (#${reading.position.toLocaleString("en-US")})` : ""}`;
}

/**
 * Creates the watches in playlist order under the per-user lock: places taken meanwhile (another add,
 * another import) are re-counted, and maps watched meanwhile are skipped by the unique key.
 */
async function saveWatches(
  actor: ActingUser,
  account: DriverAccount,
  found: { uid: string; reading: Extract<DriverTimeReading, { kind: "time" }> }[],
  limit: number,
  positionAnswers: ReadonlyMap<string, number>,
) {
  const db = await getDb();
  const readAt = trackmaniaNow();
  return db.$transaction(async (tx) => {
    const used = await lockedWatchCount(tx, actor);
    const fits = found.slice(0, Math.max(0, limit - used));
    const { count } = await tx.driverWatch.createMany({
      data: fits.map(({ uid, reading }) => ({
        userId: actor.id,
        mapUid: uid,
        accountId: account.accountId,
        condition: "PASSED" as const,
        lastScore: reading.score,
        lastPosition: reading.position,
        lastDrivenAt: reading.drivenAt,
        positionAnswer: positionAnswers.get(uid) ?? null,
        lastCheckedAt: readAt,
        reportedUntil: readAt,
      })),
      skipDuplicates: true,
    });
    return { added: count, racedAway: { duplicates: fits.length - count, overLimit: found.length - fits.length }, usedAfter: used + count };
  });
}

type Counts = Omit<WatchImportResult, "source" | "sourceName" | "maps" | "used" | "limit" | "message">;

/** "Added 18 watches; 7 maps where you have no time were skipped." and so on. */
function describe(counts: Counts, limit: number): string {
  const maps = (n: number) => `${n} ${n === 1 ? "map" : "maps"}`;
  const were = (n: number) => (n === 1 ? "was" : "were");
  const parts = [counts.added === 0 ? "No watch added" : `Added ${counts.added} ${counts.added === 1 ? "watch" : "watches"}`];
  if (counts.skippedNoTime > 0) parts.push(`${maps(counts.skippedNoTime)} where you have no time ${were(counts.skippedNoTime)} skipped`);
  if (counts.skippedHidden > 0) parts.push(`${maps(counts.skippedHidden)} with hidden times ${were(counts.skippedHidden)} skipped`);
  if (counts.alreadyWatched > 0) parts.push(`${maps(counts.alreadyWatched)} you already watch ${were(counts.alreadyWatched)} left as ${counts.alreadyWatched === 1 ? "it is" : "they are"}`);
  if (counts.unreadable > 0) parts.push(`${maps(counts.unreadable)} could not be read — import again later to add ${counts.unreadable === 1 ? "it" : "them"}`);
  let message = `${parts.join("; ")}.`;
  if (counts.leftAtLimit > 0) message += ` Stopped at your limit of ${limit} watches: ${maps(counts.leftAtLimit)} ${were(counts.leftAtLimit)} not added.`;
  return message;
}
