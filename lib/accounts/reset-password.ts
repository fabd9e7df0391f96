import "server-only";
import { z } from "zod";
import { hashPassword, passwordSchema } from "@/lib/accounts/password";
import { refreshUserState } from "@/lib/sessions";
import { getDb } from "@/lib/db";
import { checkAuthToken, consumeAuthToken } from "./auth-tokens";
import { promoteListedAdmin } from "./promote-listed-admin";
import { bumpSessionVersion } from "./revoke-sessions";

export const resetPasswordSchema = z.object({ token: z.unknown(), password: passwordSchema });

/**
 * Sets a new password from a reset link. The link works once; every session of the account ends
 * (whoever knew the old password is signed out), and the address counts as confirmed, since only
 * its owner could open the link. Throws `bad_request:token` or ZodError.
 */
export async function resetPassword(input: unknown): Promise<{ email: string }> {
  const { token, password } = resetPasswordSchema.parse(input);
  // Checked before hashing, so a flood of made-up tokens costs a lookup each, not a bcrypt round.
  await checkAuthToken({ token, kind: "RESET_PASSWORD" });
  const passwordHash = await hashPassword(password);
  const db = await getDb();
  const user = await db.$transaction(async (tx) => {
    const { userId } = await consumeAuthToken({ token, kind: "RESET_PASSWORD" }, tx);
    await bumpSessionVersion(userId, tx);
    const now = new Date();
    const current = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { emailVerifiedAt: true } });
    return tx.user.update({
      where: { id: userId },
      data: { passwordHash, emailVerifiedAt: current.emailVerifiedAt ?? now },
      select: { id: true, email: true },
    });
  });
  await refreshUserState(user.id);
  // A reset link proves the mailbox as a confirmation link does.
  await promoteListedAdmin(user.id);
  return { email: user.email };
}
