import "server-only";
import type { ActingUser } from "@/lib/actor";
import { getDb } from "@/lib/db";
import { getSandbox } from "@/lib/trackmania";
import { describeProgress, type MapSearchProgress } from "./progress";
import { type SearchPeriod } from "./schemas";
import { expireStalledSearches } from "./stalled";

export type MapSearchSummary = {
  id: string;
  mapperName: string;
  mapperDisplayName: string | null;
  period: SearchPeriod;
  createdAt: Date;
  progress: MapSearchProgress;
  mapCount: number;
};

/** The acting user's recent searches, newest first. */
export async function listMapSearches(actor: ActingUser, { take = 20 }: { take?: number } = {}): Promise<MapSearchSummary[]> {
  await expireStalledSearches(actor.id);
  const db = await getDb();
  const jobs = await db.mapSearchJob.findMany({
    where: { userId: actor.id },
    orderBy: { createdAt: "desc" },
    take,
    omit: { result: true, mapUids: true },
  });
  return jobs.map((job) => ({
    id: job.id,
    mapperName: job.mapperName,
    mapperDisplayName: job.mapperDisplayName,
    period: job.period as SearchPeriod,
    createdAt: job.createdAt,
    progress: describeProgress(job),
    mapCount: job.total,
  }));
}

/**
 * Names to suggest in the search box: the user's own recent searches first, then mappers Trackwatch
 * already follows for someone (public names, no user is revealed), then the sandbox's well-known ones.
 */
export async function mapperNameSuggestions(actor: ActingUser): Promise<string[]> {
  const db = await getDb();
  const [searches, alerts] = await Promise.all([
    db.mapSearchJob.findMany({
      where: { userId: actor.id, status: "DONE" },
      orderBy: { createdAt: "desc" },
      take: 50,
      select: { mapperName: true, mapperDisplayName: true },
    }),
    db.mapperAlert.findMany({ distinct: ["mapperAccountId"], orderBy: { createdAt: "desc" }, take: 50, select: { mapperDisplayName: true } }),
  ]);
  const sandbox = getSandbox()?.wellKnown;
  const names = [
    ...searches.map((search) => search.mapperDisplayName ?? search.mapperName),
    ...alerts.map((alert) => alert.mapperDisplayName),
    ...(sandbox ? [sandbox.smallMapper.displayName, sandbox.bigMapper.displayName] : []),
  ];
  const seen = new Set<string>();
  return names.filter((name) => {
    const key = name.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
