import "server-only";
import type { ActingUser } from "@/lib/actor";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";

/**
 * The Trackmania account a user's watches follow: the one on their profile, linked through
 * "Sign in with Trackmania" (verified) or typed as a display name (unverified).
 */
export type DriverAccount = { accountId: string; displayName: string; verified: boolean };

export const NO_DRIVER_ACCOUNT_MESSAGE =
  "Add your Trackmania account in Settings first: a watch follows your own time on a map.";

/** The acting user's driver account, or null when their profile has none. */
export async function findDriverAccount(actor: ActingUser): Promise<DriverAccount | null> {
  const db = await getDb();
  const user = await db.user.findUnique({
    where: { id: actor.id },
    select: { tmAccountId: true, tmDisplayName: true, tmVerified: true },
  });
  if (!user?.tmAccountId) return null;
  return { accountId: user.tmAccountId, displayName: user.tmDisplayName ?? user.tmAccountId, verified: user.tmVerified };
}

export async function requireDriverAccount(actor: ActingUser): Promise<DriverAccount> {
  const account = await findDriverAccount(actor);
  if (!account) throw new AppError("bad_request:tm_account", NO_DRIVER_ACCOUNT_MESSAGE);
  return account;
}
