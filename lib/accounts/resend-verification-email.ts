import "server-only";
import type { ActingUser } from "@/lib/actor";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { MailError } from "@/lib/mail";
import { consumeRateLimits } from "@/lib/ratelimit";
import { sendVerificationEmail } from "./send-verification-email";

export type ResendVerificationEmailOptions = { /** The caller's address, for the resend limit per network. */ ip: string };

/**
 * Sends the acting user a fresh confirmation link (older links keep working until they expire).
 * Throws `conflict:email-verified` when there is nothing to confirm, `rate_limited:*` after three
 * sends in an hour for the account or ten from the network, `unavailable:mail` when the mail could
 * not be handed over.
 */
export async function resendVerificationEmail(actor: ActingUser, { ip }: ResendVerificationEmailOptions): Promise<{ email: string }> {
  const db = await getDb();
  const user = await db.user.findUnique({ where: { id: actor.id }, select: { email: true, emailVerifiedAt: true } });
  if (!user) throw new AppError("not_found:user");
  if (user.emailVerifiedAt) throw new AppError("conflict:email-verified", "Your email is already confirmed.");
  await consumeRateLimits([
    { name: "verificationResendByUser", identifier: actor.id },
    { name: "verificationResendByIp", identifier: ip },
  ]);
  try {
    await sendVerificationEmail(actor.id);
  } catch (error) {
    if (error instanceof MailError) {
      console.error("[resend-verification-email]", { userId: actor.id, error });
      throw new AppError("unavailable:mail", "The email could not be sent just now. Try again in a few minutes.");
    }
    throw error;
  }
  return { email: user.email };
}
