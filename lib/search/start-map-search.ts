import "server-only";
import type { ActingUser } from "@/lib/actor";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { mapSearchJob } from "@/lib/jobs/map-search";
import { consumeRateLimits, refundRateLimits } from "@/lib/ratelimit";
import { copyOfFinished, recentFinishedSearch } from "./result-cache";
import { startMapSearchSchema, type StartMapSearchInput } from "./schemas";
import { expireStalledSearches } from "./stalled";

/**
 * Starts a search of a mapper's maps for the acting user: answered at once from a recent identical
 * search, otherwise queued (one running search per user, a rate limit per user) and run in slices.
 */
export async function startMapSearch(actor: ActingUser, input: StartMapSearchInput): Promise<{ id: string; fromCache: boolean }> {
  const { name, period } = startMapSearchSchema.parse(input);
  const db = await getDb();

  const source = await recentFinishedSearch(name, period);
  if (source) {
    const copy = await db.mapSearchJob.create({
      data: { userId: actor.id, mapperName: name, period, startedAt: new Date(), ...copyOfFinished(source) },
      select: { id: true },
    });
    return { id: copy.id, fromCache: true };
  }

  await expireStalledSearches(actor.id);
  await assertNoRunningSearch(db, actor.id);
  const tickets = await consumeRateLimits([{ name: "mapSearchesByUser", identifier: actor.id }]);
  let id: string;
  try {
    id = await db.$transaction(async (tx) => {
      // Under a per-user lock, so two quick submits cannot both start a search.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`map-search:${actor.id}`}::text))`;
      await assertNoRunningSearch(tx, actor.id);
      const job = await tx.mapSearchJob.create({ data: { userId: actor.id, mapperName: name, period }, select: { id: true } });
      return job.id;
    });
  } catch (error) {
    await refundRateLimits(tickets);
    throw error;
  }
  try {
    await mapSearchJob.enqueue({ searchId: id, slice: 0 }, { deduplicationId: `map-search:${id}:0` });
  } catch (error) {
    console.error("[search] could not queue a map search:", error);
    await db.mapSearchJob.update({ where: { id }, data: { status: "FAILED", error: "The search could not be started. Try again in a minute.", finishedAt: new Date() } });
    throw new AppError("unavailable:map_search", "The search could not be started. Try again in a minute.", { cause: error });
  }
  return { id, fromCache: false };
}

async function assertNoRunningSearch(db: Prisma.TransactionClient, userId: string): Promise<void> {
  const running = await db.mapSearchJob.findFirst({ where: { userId, status: { in: ["QUEUED", "RUNNING"] } }, select: { mapperName: true } });
  if (running) {
    throw new AppError("conflict:map_search", `Your search for ${running.mapperName} is still running. Wait for it to finish, then search again.`);
  }
}
