import "server-only";
import type { ActingUser } from "@/lib/actor";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { describeProgress, type MapSearchProgress } from "./progress";
import type { SearchResult } from "./result";
import { mapSearchIdSchema, type SearchPeriod } from "./schemas";
import { expireStalledSearches } from "./stalled";

export type MapSearchView = {
  id: string;
  mapperName: string;
  mapperDisplayName: string | null;
  period: SearchPeriod;
  createdAt: Date;
  finishedAt: Date | null;
  /** The acting user started it (others see it through its shared link). */
  mine: boolean;
  progress: MapSearchProgress;
  result: SearchResult | null;
  /** The viewer's time zone, for dates on the page. */
  timeZone: string;
};

/**
 * A search by its id, for any signed-in user: a finished search's URL is meant to be shared, and what
 * it shows (public leaderboards) is nobody's secret. Who started it is not shown.
 */
export async function getMapSearch(actor: ActingUser, searchId: string): Promise<MapSearchView> {
  const job = await findSearch(actor, searchId, true);
  const db = await getDb();
  const viewer = await db.user.findUnique({ where: { id: actor.id }, select: { timezone: true } });
  return {
    id: job.id,
    mapperName: job.mapperName,
    mapperDisplayName: job.mapperDisplayName,
    period: job.period as SearchPeriod,
    createdAt: job.createdAt,
    finishedAt: job.finishedAt,
    mine: job.userId === actor.id,
    progress: describeProgress(job),
    result: job.status === "DONE" ? (job.result as unknown as SearchResult) : null,
    timeZone: viewer?.timezone ?? "UTC",
  };
}

/** Just where a search stands: what its page polls. */
export async function getMapSearchProgress(actor: ActingUser, searchId: string): Promise<MapSearchProgress> {
  return describeProgress(await findSearch(actor, searchId, false));
}

async function findSearch(actor: ActingUser, searchId: string, withResult: boolean) {
  const parsed = mapSearchIdSchema.safeParse(searchId);
  if (!parsed.success) throw notFound();
  const db = await getDb();
  const owner = await db.mapSearchJob.findUnique({ where: { id: parsed.data }, select: { userId: true } });
  if (!owner) throw notFound();
  await expireStalledSearches(owner.userId);
  const job = await db.mapSearchJob.findUnique({
    where: { id: parsed.data },
    omit: withResult ? undefined : { result: true, mapUids: true },
  });
  if (!job) throw notFound();
  return { result: null, mapUids: [], ...job };
}

const notFound = () => new AppError("not_found:map_search", "No such search. It may have been deleted with its account.");
