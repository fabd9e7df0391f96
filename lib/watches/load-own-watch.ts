import "server-only";
import type { ActingUser } from "@/lib/actor";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { stripFormatting } from "@/lib/trackmania";

/** The acting user's watch with its map's plain name, or not_found — also for someone else's, whose existence is not revealed. */
export async function loadOwnWatch(actor: ActingUser, watchId: string) {
  const db = await getDb();
  const watch = await db.driverWatch.findFirst({
    where: { id: watchId, userId: actor.id },
    include: { map: { select: { name: true } } },
  });
  if (!watch) throw new AppError("not_found:watch", "This watch does not exist (or is not yours).");
  return { ...watch, mapName: stripFormatting(watch.map.name) || watch.mapUid };
}
