import "server-only";
import { getDb } from "@/lib/db";
import { consumeAuthToken } from "./auth-tokens";
import { promoteListedAdmin } from "./promote-listed-admin";

/**
 * Confirms the address the link was sent to. Throws `bad_request:token` (invalid, used or expired
 * link). Confirming an address twice keeps the first date. A confirmed address listed in ADMIN_EMAILS
 * becomes an admin.
 */
export async function verifyEmail({ token }: { token: unknown }): Promise<{ email: string }> {
  const db = await getDb();
  const user = await db.$transaction(async (tx) => {
    const { userId } = await consumeAuthToken({ token, kind: "VERIFY_EMAIL" }, tx);
    await tx.user.updateMany({ where: { id: userId, emailVerifiedAt: null }, data: { emailVerifiedAt: new Date() } });
    return tx.user.findUniqueOrThrow({ where: { id: userId }, select: { id: true, email: true } });
  });
  // The address is proven now: an address listed in ADMIN_EMAILS gets its role here, not at sign-up.
  await promoteListedAdmin(user.id);
  return { email: user.email };
}
