import "server-only";
import { getAppConfig } from "@/lib/app-config";
import { loadMapperCatalogue, readTops, trackmaniaNow } from "@/lib/checks";
import { dayLeaderboardKey } from "@/lib/daily-run";
import { getDb } from "@/lib/db";
import type { MapSearchJob, Prisma } from "@/lib/generated/prisma/client";
import { NonRetryableJobError, RetryLaterError } from "@/lib/queue";
import { getTrackmania, withTrackmaniaPriority, type TrackmaniaClient } from "@/lib/trackmania";
import { composeSearchResult } from "./compose-result";
import { describeSearchFailure } from "./failure";
import { copyOfFinished, recentFinishedSearch, rememberFinishedSearch } from "./result-cache";
import type { SearchPeriod } from "./schemas";

/**
 * One delivery of a search's message: it takes the search's lease (a duplicate delivery finds it
 * held, or the search finished, and does nothing), works from where the search stands — find the
 * player, list their maps, read each map's top through the daily run's per-day reads — and, past its
 * time budget, hands the rest to a follow-up message, so no delivery outlives a serverless function.
 */

export type MapSearchMessage = { searchId: string; slice: number };

export type RunMapSearchOptions = {
  /** Lists the mapper's maps through this client (tests put a faulty Trackmania Exchange in front). */
  trackmania?: TrackmaniaClient;
  /** How long one delivery reads before handing over; default 40 s. */
  budgetMs?: number;
  /** Queues the follow-up message. */
  continueWith: (message: MapSearchMessage) => Promise<void>;
};

export type SliceOutcome = "finished" | "continued" | "already-finished";

const LEASE_MS = 5 * 60_000;
const DEFAULT_BUDGET_MS = 40_000;

export function runMapSearchSlice(message: MapSearchMessage, options: RunMapSearchOptions): Promise<SliceOutcome> {
  // Someone watches the first slice's progress; later slices are a long search's tail and wait behind digests.
  return withTrackmaniaPriority(message.slice === 0 ? "interactive" : "background", () => runSlice(message, options));
}

async function runSlice(message: MapSearchMessage, options: RunMapSearchOptions): Promise<SliceOutcome> {
  const db = await getDb();
  const job = await claim(message.searchId);
  if (!job) return "already-finished";
  const trackmania = options.trackmania ?? getTrackmania();
  const deadline = Date.now() + (options.budgetMs ?? DEFAULT_BUDGET_MS);
  try {
    const period = job.period as SearchPeriod;
    if (job.step === "QUEUED" || job.step === "FINDING_PLAYER") {
      const cached = await finishFromCache(job, period);
      if (cached) return "finished";
      await update(job.id, { step: "FINDING_PLAYER" });
      const accountId = await trackmania.getAccountId(job.mapperName);
      if (!accountId) {
        await update(job.id, { status: "NO_PLAYER", step: "DONE", error: `No Trackmania player called “${job.mapperName}”.`, finishedAt: new Date(), leaseUntil: null });
        return "finished";
      }
      const displayName = (await trackmania.getDisplayNames([accountId])).get(accountId) ?? job.mapperName;
      Object.assign(job, await update(job.id, { mapperAccountId: accountId, mapperDisplayName: displayName, step: "FINDING_MAPS" }));
    }
    const mapper = { accountId: job.mapperAccountId!, displayName: job.mapperDisplayName ?? job.mapperName };
    if (job.step === "FINDING_MAPS") {
      const catalogue = await loadMapperCatalogue(mapper, { trackmania });
      const { maxSearchMaps } = await getAppConfig();
      const planned = catalogue.slice(0, maxSearchMaps);
      Object.assign(job, await update(job.id, { mapUids: planned, mapsFound: catalogue.length, total: planned.length, progress: 0, step: "READING_LEADERBOARDS" }));
    }

    const { accurateDepth } = await getAppConfig();
    const now = trackmaniaNow();
    // The daily run's key for today: a map it (or another search) read today is not read again.
    const run = { key: `search:${job.id}`, leaderboardKey: dayLeaderboardKey(now), now };
    let done = job.progress;
    for (const uid of job.mapUids.slice(done)) {
      if (Date.now() > deadline) {
        await update(job.id, { leaseUntil: null });
        await options.continueWith({ searchId: job.id, slice: message.slice + 1 });
        return "continued";
      }
      await readTops([uid], run, accurateDepth);
      done += 1;
      // Only forward: progress never moves back, whatever another delivery wrote.
      await db.mapSearchJob.updateMany({ where: { id: job.id, progress: { lt: done } }, data: { progress: done, leaseUntil: new Date(Date.now() + LEASE_MS) } });
    }

    const result = await composeSearchResult({ mapper, period, mapUids: job.mapUids, mapsFound: job.mapsFound ?? job.mapUids.length, topDepth: accurateDepth, now });
    await update(job.id, { status: "DONE", step: "DONE", progress: job.mapUids.length, result: result as unknown as Prisma.InputJsonValue, finishedAt: new Date(), leaseUntil: null });
    await rememberFinishedSearch([job.mapperName, mapper.displayName], period, job.id);
    return "finished";
  } catch (error) {
    await db.mapSearchJob.updateMany({ where: { id: job.id, status: "RUNNING" }, data: { leaseUntil: null } });
    throw error;
  }
}

/** Ends a search that cannot go on (its last retry failed), saying why. */
export async function failMapSearch(searchId: string, error: unknown): Promise<void> {
  const db = await getDb();
  await db.mapSearchJob.updateMany({
    where: { id: searchId, status: { in: ["QUEUED", "RUNNING"] } },
    data: { status: "FAILED", error: describeSearchFailure(error), finishedAt: new Date(), leaseUntil: null },
  });
}

/** The search, now held by this delivery; null when it has already ended. */
async function claim(searchId: string): Promise<MapSearchJob | null> {
  const db = await getDb();
  const now = new Date();
  const { count } = await db.mapSearchJob.updateMany({
    where: { id: searchId, OR: [{ status: "QUEUED" }, { status: "RUNNING", OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] }] },
    data: { status: "RUNNING", leaseUntil: new Date(now.getTime() + LEASE_MS), attempts: { increment: 1 } },
  });
  const job = await db.mapSearchJob.findUnique({ where: { id: searchId } });
  if (!job) throw new NonRetryableJobError(`map search ${searchId} no longer exists`);
  if (count === 0) {
    if (job.status !== "QUEUED" && job.status !== "RUNNING") return null;
    throw new RetryLaterError(`map search ${searchId} is being worked on by another delivery`);
  }
  if (!job.startedAt) await db.mapSearchJob.updateMany({ where: { id: searchId, startedAt: null }, data: { startedAt: now } });
  return job;
}

async function finishFromCache(job: MapSearchJob, period: SearchPeriod): Promise<boolean> {
  const source = await recentFinishedSearch(job.mapperName, period);
  if (!source || source.id === job.id) return false;
  await update(job.id, copyOfFinished(source));
  return true;
}

async function update(id: string, data: Prisma.MapSearchJobUpdateInput): Promise<MapSearchJob> {
  const db = await getDb();
  return db.mapSearchJob.update({ where: { id }, data });
}
