import "server-only";
import { createElement } from "react";
import { z } from "zod";
import { appUrl } from "@/lib/config";
import { getDb } from "@/lib/db";
import { sendEmail } from "@/lib/mail";
import { consumeRateLimits } from "@/lib/ratelimit";
import ResetPassword, { subject } from "@/emails/reset-password";
import { issueAuthToken } from "./auth-tokens";
import { emailSchema } from "./schemas";

export const RESET_PASSWORD_TTL_MINUTES = 60;

export const requestPasswordResetSchema = z.object({ email: emailSchema });

/** The one answer, whether or not the address has an account. */
export const PASSWORD_RESET_REQUESTED =
  "If an account exists for this email, we sent it a link to choose a new password. It works once, within an hour.";

export type RequestPasswordResetOptions = {
  /** The caller's address, for the limit per network. */
  ip: string;
  /**
   * Runs the lookup and the email. Server actions pass Next's `after`, so the response goes out before
   * any of it happens and takes as long whether or not the account exists. Default: run it now.
   */
  deliver?: (work: () => Promise<void>) => void | Promise<void>;
};

/**
 * Emails a single-use, one-hour reset link if the address belongs to an active account, and never
 * says whether it does. Throws ZodError for a malformed email and `rate_limited:*` (3 an hour per
 * address, 10 an hour per network) — the same for known and unknown addresses.
 */
export async function requestPasswordReset(input: unknown, { ip, deliver = (work) => work() }: RequestPasswordResetOptions) {
  const { email } = requestPasswordResetSchema.parse(input);
  await consumeRateLimits([
    { name: "passwordResetByIp", identifier: ip },
    { name: "passwordResetByEmail", identifier: email },
  ]);
  await deliver(() => sendPasswordResetEmail(email));
  return { message: PASSWORD_RESET_REQUESTED };
}

async function sendPasswordResetEmail(email: string): Promise<void> {
  try {
    const db = await getDb();
    const user = await db.user.findUnique({ where: { email }, select: { id: true, email: true, disabledAt: true } });
    // A disabled account could reset its password but still not sign in: say nothing, send nothing.
    if (!user || user.disabledAt) return;
    const { token, id } = await issueAuthToken({ userId: user.id, kind: "RESET_PASSWORD", ttlMs: RESET_PASSWORD_TTL_MINUTES * 60_000 });
    const resetUrl = appUrl(`/reset-password?token=${token}`).toString();
    await sendEmail({
      to: user.email,
      subject,
      react: createElement(ResetPassword, { resetUrl, expiresInMinutes: RESET_PASSWORD_TTL_MINUTES }),
      tags: [{ name: "category", value: "reset-password" }],
      idempotencyKey: `reset-password/${id}`,
    });
  } catch (error) {
    // Never surfaces: an error here would tell the caller the account exists. The user can ask again.
    console.error("[request-password-reset] reset email not sent", error);
  }
}
