import "server-only";
import { createElement } from "react";
import { appUrl } from "@/lib/config";
import { getDb } from "@/lib/db";
import { sendEmail } from "@/lib/mail";
import { greetingName } from "@/lib/users";
import VerifyEmail, { subject } from "@/emails/verify-email";
import { issueAuthToken } from "./auth-tokens";

export const VERIFY_EMAIL_TTL_HOURS = 24;

/**
 * Emails the user a link that confirms their address. Throws MailError when the mail could not be
 * handed over; callers decide whether that fails their request (resend) or not (sign-up).
 */
export async function sendVerificationEmail(userId: string): Promise<void> {
  const db = await getDb();
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, name: true, tmDisplayName: true } });
  const { token, id } = await issueAuthToken({ userId, kind: "VERIFY_EMAIL", ttlMs: VERIFY_EMAIL_TTL_HOURS * 3_600_000 });
  const verifyUrl = appUrl(`/verify-email?token=${token}`).toString();
  await sendEmail({
    to: user.email,
    subject,
    react: createElement(VerifyEmail, {
      name: greetingName(user),
      verifyUrl,
      expiresInHours: VERIFY_EMAIL_TTL_HOURS,
    }),
    tags: [{ name: "category", value: "verify-email" }],
    // A retried send of this very link delivers it once; a new request issues a new link.
    idempotencyKey: `verify-email/${id}`,
  });
}
