import "server-only";
import { getAppConfig } from "@/lib/app-config";
import type { ActingUser } from "@/lib/actor";
import { trackmaniaNow } from "@/lib/checks";
import { getDb } from "@/lib/db";
import { AppError, isUniqueViolation } from "@/lib/errors";
import { consumeRateLimits } from "@/lib/ratelimit";
import { getTrackmania, stripFormatting, withTrackmaniaPriority } from "@/lib/trackmania";
import { requireDriverAccount } from "./driver-account";
import { assertBelowWatchLimit, lockedWatchCount } from "./limits";
import { readPositionAnswers } from "./position-answers";
import { readPreview } from "./preview-driver-watch";
import { createDriverWatchSchema, type CreateDriverWatchInput } from "./schemas";

/**
 * Starts watching the acting user's time on one map. It starts from the preview (the one just shown,
 * or a fresh read): the stored time, position and driven-at are Trackmania's answer, and whatever was
 * already on the leaderboard counts as told (`reportedUntil`). Refused when the user has no time
 * there, already watches the map, or is at the admin's limit.
 */
export async function createDriverWatch(actor: ActingUser, input: CreateDriverWatchInput) {
  const data = createDriverWatchSchema.parse(input);
  const account = await requireDriverAccount(actor);
  const db = await getDb();
  const { maxDriverWatches: limit, accurateDepth } = await getAppConfig();
  // Cheap refusals first, before any call to Trackmania; both are checked again when writing.
  const duplicate = await db.driverWatch.findUnique({
    where: { userId_mapUid: { userId: actor.id, mapUid: data.mapUid } },
    select: { map: { select: { name: true } } },
  });
  if (duplicate) throw duplicateError(duplicate.map.name);
  assertBelowWatchLimit(await db.driverWatch.count({ where: { userId: actor.id } }), limit);

  await consumeRateLimits([{ name: "watchLookupsByUser", identifier: actor.id }]);
  const preview = await readPreview(account, data.mapUid, { reuse: true });
  // The person who pressed "watch" waits for this answer.
  const answers = await withTrackmaniaPriority("interactive", () =>
    readPositionAnswers(getTrackmania(), [{ mapUid: data.mapUid, score: preview.score, position: preview.position }], accurateDepth),
  );

  return db.$transaction(async (tx) => {
    assertBelowWatchLimit(await lockedWatchCount(tx, actor), limit);
    try {
      const watch = await tx.driverWatch.create({
        data: {
          userId: actor.id,
          mapUid: data.mapUid,
          accountId: account.accountId,
          condition: data.condition,
          topN: data.condition === "LEFT_TOP_N" ? data.topN! : null,
          lastScore: preview.score,
          lastPosition: preview.position,
          lastDrivenAt: preview.drivenAt,
          positionAnswer: answers.get(data.mapUid) ?? null,
          lastCheckedAt: preview.readAt,
          // What the leaderboard held before the watch existed is not news for it.
          reportedUntil: trackmaniaNow(),
        },
        select: { id: true, mapUid: true, condition: true, topN: true },
      });
      return { ...watch, mapName: preview.map.name };
    } catch (error) {
      if (isUniqueViolation(error)) throw duplicateError(preview.map.name);
      throw error;
    }
  });
}

function duplicateError(mapName: string): AppError {
  return new AppError("conflict:driver_watch", `You already watch ${stripFormatting(mapName) || mapName}.`);
}
