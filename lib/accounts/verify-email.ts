import "server-only";
import { getDb } from "@/lib/db";
import { consumeAuthToken } from "./auth-tokens";

/**
 * Confirms the address the link was sent to. Throws `bad_request:token` (invalid, used or expired
 * link). Confirming an address twice keeps the first date.
 */
export async function verifyEmail({ token }: { token: unknown }): Promise<{ email: string }> {
  const db = await getDb();
  return db.$transaction(async (tx) => {
    const { userId } = await consumeAuthToken({ token, kind: "VERIFY_EMAIL" }, tx);
    await tx.user.updateMany({ where: { id: userId, emailVerifiedAt: null }, data: { emailVerifiedAt: new Date() } });
    return tx.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true } });
  });
}
