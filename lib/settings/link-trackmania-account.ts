import "server-only";
import type { ActingUser } from "@/lib/actor";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { trackmaniaProfileSchema, type TrackmaniaProfile } from "./schemas";

/**
 * Stores the Trackmania account the acting user just signed in to on Trackmania's side: ownership is
 * proven, so it is marked verified. One Trackmania account belongs to at most one Trackwatch account.
 */
export async function linkTrackmaniaAccount(actor: ActingUser, profile: TrackmaniaProfile) {
  const tm = trackmaniaProfileSchema.parse(profile);
  const db = await getDb();
  return db.$transaction(async (tx) => {
    // Two users approving the same Trackmania account at the same instant would both pass the check
    // below; the lock makes the second wait and then see the first. (The schema has no unique index
    // for it because unverified, typed names may repeat.)
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`trackmania-link:${tm.accountId}`}::text))`;
    const owner = await tx.user.findFirst({
      where: { tmAccountId: tm.accountId, tmVerified: true, NOT: { id: actor.id } },
      select: { id: true },
    });
    if (owner) {
      throw new AppError(
        "conflict:trackmania",
        `The Trackmania account ${tm.displayName} is already linked to another Trackwatch account. Unlink it there first.`,
      );
    }
    return tx.user.update({
      where: { id: actor.id },
      data: { tmAccountId: tm.accountId, tmDisplayName: tm.displayName, tmVerified: true },
      select: { tmAccountId: true, tmDisplayName: true, tmVerified: true },
    });
  });
}
