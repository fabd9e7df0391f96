import "server-only";
import { z } from "zod";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { verifyPassword } from "@/lib/accounts/password";
import { consumeRateLimits, refundRateLimits } from "@/lib/ratelimit";
import { promoteListedAdmin } from "./promote-listed-admin";
import { currentPasswordSchema, emailSchema } from "./schemas";

export const passwordSignInSchema = z.object({ email: emailSchema, password: currentPasswordSchema });

export type AuthenticatedUser = {
  id: string;
  email: string;
  name: string | null;
  role: "USER" | "ADMIN";
  sessionVersion: number;
};

/** Said for an unknown email and a wrong password alike, so the answer never tells which it was. */
export const INVALID_CREDENTIALS = "Email or password is incorrect.";

/**
 * The password check behind every sign-in (the Auth.js Credentials provider calls it). Throws
 * `unauthorized:credentials`, `forbidden:account-disabled` or `rate_limited:*`; ZodError for input that
 * is not an email and a password.
 *
 * Attempts count against the network and the account before the password is checked, so parallel
 * guesses cannot slip past the limit; a successful sign-in gives its attempt back, so people signing in
 * on several devices, or many people behind one network, are never locked out by their own successes.
 */
export async function authenticateWithPassword(input: { email: unknown; password: unknown; ip: string }): Promise<AuthenticatedUser> {
  const { email, password } = passwordSignInSchema.parse({ email: input.email, password: input.password });
  const tickets = await consumeRateLimits([
    { name: "signInByIp", identifier: input.ip },
    { name: "signInByEmail", identifier: email },
  ]);
  const db = await getDb();
  const user = await db.user.findUnique({ where: { email } });
  // Unknown emails are compared against a dummy hash: the answer takes as long either way.
  const valid = await verifyPassword(password, user?.passwordHash);
  if (!user || !valid) throw new AppError("unauthorized:credentials", INVALID_CREDENTIALS);
  if (user.disabledAt) throw new AppError("forbidden:account-disabled", "This account has been disabled. Contact the site admin.");
  await refundRateLimits(tickets);

  await promoteListedAdmin(user.id);
  const updated = await db.user.update({
    where: { id: user.id },
    data: { lastSignInAt: new Date() },
    select: { id: true, email: true, name: true, role: true, sessionVersion: true },
  });
  return updated;
}
