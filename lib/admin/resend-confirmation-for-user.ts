import "server-only";
import { sendVerificationEmail } from "@/lib/accounts/send-verification-email";
import { assertAdmin } from "@/lib/actor";
import type { ActingUser } from "@/lib/actor";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { MailError } from "@/lib/mail";
import { consumeRateLimits } from "@/lib/ratelimit";
import { userIdSchema } from "./schemas";

/**
 * Sends a user a fresh confirmation link on an admin's request (a user who lost the first one).
 * Counted against the same per-account limit as the user's own resends, so nobody's inbox is flooded.
 */
export async function resendConfirmationForUser(actor: ActingUser, input: { userId: unknown }): Promise<{ email: string }> {
  assertAdmin(actor);
  const userId = userIdSchema.parse(input.userId);
  const db = await getDb();
  const user = await db.user.findUnique({ where: { id: userId }, select: { email: true, emailVerifiedAt: true } });
  if (!user) throw new AppError("not_found:user", "There is no such account.");
  if (user.emailVerifiedAt) throw new AppError("conflict:email-verified", "This email is already confirmed.");
  await consumeRateLimits([{ name: "verificationResendByUser", identifier: userId }]);
  try {
    await sendVerificationEmail(userId);
  } catch (error) {
    if (error instanceof MailError) {
      console.error("[resend-confirmation-for-user]", { userId, error });
      throw new AppError("unavailable:mail", "The email could not be sent just now. Try again in a few minutes.");
    }
    throw error;
  }
  return { email: user.email };
}
