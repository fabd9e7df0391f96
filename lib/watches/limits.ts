import "server-only";
import type { ActingUser } from "@/lib/actor";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { isTrackmaniaError } from "@/lib/trackmania";

/**
 * The one count every way of adding watches respects (AppConfig.maxDriverWatches). Inside a
 * transaction the count is taken under a per-user advisory lock, so two adds racing past a cheap
 * early check cannot both take the last place.
 */
export async function lockedWatchCount(tx: Prisma.TransactionClient, actor: ActingUser): Promise<number> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`driver-watches:${actor.id}`}::text))`;
  return tx.driverWatch.count({ where: { userId: actor.id } });
}

export function limitReachedError(count: number, limit: number): AppError {
  return new AppError(
    "limit_reached:driver_watches",
    `You already use ${count} of ${limit} driver watches. Remove one to watch another map.`,
  );
}

export function assertBelowWatchLimit(count: number, limit: number): void {
  if (count >= limit) throw limitReachedError(count, limit);
}

/**
 * Trackmania failing is not the user's fault, and its technical message (endpoint, status) is not
 * for them: one plain sentence instead, the cause kept for the logs.
 */
export function asTrackmaniaUnavailable(error: unknown): unknown {
  if (!isTrackmaniaError(error) || error.type === "bad_request") return error;
  console.warn("[watches] Trackmania call failed:", error.message);
  return new AppError("unavailable:trackmania", "Trackmania's services did not answer in time. Try again in a minute.", {
    cause: error,
  });
}
