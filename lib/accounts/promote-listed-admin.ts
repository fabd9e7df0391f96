import "server-only";
import { getConfig } from "@/lib/config";
import { getDb } from "@/lib/db";
import { refreshUserState } from "@/lib/sessions";

/**
 * ADMIN_EMAILS grants the role to a *confirmed* address only: whoever signs up first with the
 * operator's address must not own the site before proving the mailbox is theirs. Called when an
 * address is confirmed (its link, or a password reset link) and at every sign-in, so an account
 * confirmed before its address was listed is promoted at its next sign-in. Never demotes: taking the
 * role back is `npm run admin:grant -- <email> --revoke`. Answers whether the account is now an admin.
 */
export async function promoteListedAdmin(userId: string): Promise<boolean> {
  const listed = getConfig().ADMIN_EMAILS;
  if (listed.length === 0) return false;
  const db = await getDb();
  // One conditional statement: an unconfirmed, disabled or unlisted account is left as it is.
  const { count } = await db.user.updateMany({
    where: { id: userId, role: "USER", emailVerifiedAt: { not: null }, disabledAt: null, email: { in: listed } },
    data: { role: "ADMIN" },
  });
  if (count === 0) return false;
  // Open sessions see the new role on their next request.
  await refreshUserState(userId);
  return true;
}
