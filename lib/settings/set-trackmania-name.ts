import "server-only";
import type { ActingUser } from "@/lib/actor";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { getTrackmania, isTrackmaniaError } from "@/lib/trackmania";
import { trackmaniaNameSchema, type TrackmaniaNameInput } from "./schemas";

/**
 * Until they link their account through Trackmania, users may type their display name: it is resolved
 * to an account id and stored as unverified (anyone can type any name, so nothing is granted by it).
 * A name whose account another user has verified is refused: that account has a proven owner.
 */
export async function setTrackmaniaName(actor: ActingUser, input: TrackmaniaNameInput) {
  const { displayName } = trackmaniaNameSchema.parse(input);
  const db = await getDb();
  const current = await db.user.findUnique({ where: { id: actor.id }, select: { tmVerified: true } });
  if (!current) throw new AppError("not_found:user", "This account no longer exists.");
  if (current.tmVerified) {
    throw new AppError("conflict:displayName", "Your Trackmania account is linked and verified. Unlink it first to type a name instead.");
  }

  const accountId = await resolveDisplayName(displayName);
  const owner = await db.user.findFirst({
    where: { tmAccountId: accountId, tmVerified: true, NOT: { id: actor.id } },
    select: { id: true },
  });
  if (owner) {
    throw new AppError("conflict:displayName", `The Trackmania account ${displayName} is already linked, verified, to another Trackwatch account.`);
  }
  return db.user.update({
    where: { id: actor.id },
    data: { tmAccountId: accountId, tmDisplayName: displayName, tmVerified: false },
    select: { tmAccountId: true, tmDisplayName: true, tmVerified: true },
  });
}

async function resolveDisplayName(displayName: string): Promise<string> {
  try {
    const accountId = await getTrackmania().getAccountId(displayName);
    if (!accountId) {
      throw new AppError("not_found:displayName", `No Trackmania player is called "${displayName}". Check the spelling: it is the name shown in game.`);
    }
    return accountId;
  } catch (error) {
    if (isTrackmaniaError(error)) {
      throw new AppError("unavailable:trackmania", "Trackmania's services did not answer. Try again in a minute.", { cause: error });
    }
    throw error;
  }
}
