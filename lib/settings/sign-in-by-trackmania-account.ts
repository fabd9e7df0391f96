import "server-only";
import { getDb } from "@/lib/db";
import { promoteListedAdmin } from "@/lib/accounts/promote-listed-admin";
import { trackmaniaProfileSchema, type TrackmaniaProfile } from "./schemas";

export type TrackmaniaSignIn =
  | { status: "signed-in"; user: { id: string; email: string; name: string | null; role: "USER" | "ADMIN"; sessionVersion: number } }
  | { status: "not-linked" }
  | { status: "disabled" };

/**
 * "Sign in with Trackmania": the Trackwatch account that has verified this Trackmania account. A typed,
 * unverified name never signs anyone in. Notes the sign-in and picks up a Trackmania rename.
 */
export async function signInByTrackmaniaAccount(profile: TrackmaniaProfile): Promise<TrackmaniaSignIn> {
  const tm = trackmaniaProfileSchema.parse(profile);
  const db = await getDb();
  const user = await db.user.findFirst({
    where: { tmAccountId: tm.accountId, tmVerified: true },
    select: { id: true, email: true, name: true, role: true, sessionVersion: true, disabledAt: true },
  });
  if (!user) return { status: "not-linked" };
  if (user.disabledAt) return { status: "disabled" };
  await db.user.update({ where: { id: user.id }, data: { lastSignInAt: new Date(), tmDisplayName: tm.displayName } });
  // A confirmed address listed in ADMIN_EMAILS is promoted at any sign-in, this one too.
  const promoted = await promoteListedAdmin(user.id);
  const { disabledAt: _disabledAt, ...signedIn } = user;
  return { status: "signed-in", user: promoted ? { ...signedIn, role: "ADMIN" } : signedIn };
}
