import "server-only";
import { trackmaniaNow } from "@/lib/checks";
import { getDb } from "@/lib/db";
import type { MapSearchJob } from "@/lib/generated/prisma/client";
import { getKv } from "@/lib/kv";
import type { SearchResult } from "./result";
import type { SearchPeriod } from "./schemas";

/**
 * A finished search answers the same search again for a while, without a Trackmania call. KV keeps
 * only the finished job's id (a result can outgrow a KV value); the result itself lives on the job.
 */
export const RESULT_CACHE_SECONDS = 15 * 60;

const keyOf = (name: string, period: SearchPeriod) => `search:result:v1:${period}:${name.trim().toLowerCase()}`;

/**
 * The recent finished search with the same name and period, if any. "Recent" is also measured on
 * Trackmania's clock, so moving the sandbox's time on does not serve an answer from another day.
 */
export async function recentFinishedSearch(name: string, period: SearchPeriod): Promise<MapSearchJob | null> {
  const id = await getKv().get<string>(keyOf(name, period));
  if (!id) return null;
  const db = await getDb();
  const job = await db.mapSearchJob.findUnique({ where: { id } });
  if (!job || job.status !== "DONE" || job.result === null) return null;
  const age = trackmaniaNow().getTime() - new Date((job.result as unknown as SearchResult).asOf).getTime();
  return age >= 0 && age <= RESULT_CACHE_SECONDS * 1000 ? job : null;
}

/** Remembered under the name as typed and as Trackmania spells it, so either finds it. */
export async function rememberFinishedSearch(names: readonly string[], period: SearchPeriod, searchId: string): Promise<void> {
  const kv = getKv();
  for (const name of new Set(names.map((n) => n.trim().toLowerCase()))) {
    await kv.set(keyOf(name, period), searchId, { ttlSeconds: RESULT_CACHE_SECONDS });
  }
}

/** What a new search copies from a recent identical one. */
export function copyOfFinished(source: MapSearchJob) {
  return {
    status: "DONE",
    step: "DONE",
    mapperAccountId: source.mapperAccountId,
    mapperDisplayName: source.mapperDisplayName,
    mapUids: source.mapUids,
    mapsFound: source.mapsFound,
    total: source.total,
    progress: source.total,
    result: source.result!,
    finishedAt: new Date(),
    leaseUntil: null,
  } as const;
}
