import "server-only";
import { z } from "zod";
import type { ActingUser } from "@/lib/actor";
import { hashPassword, passwordSchema, verifyPassword } from "@/lib/accounts/password";
import { refreshUserState } from "@/lib/sessions";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { consumeRateLimits, refundRateLimits } from "@/lib/ratelimit";
import { bumpSessionVersion } from "./revoke-sessions";
import { currentPasswordSchema } from "./schemas";

export const changePasswordSchema = z
  .object({ currentPassword: currentPasswordSchema, newPassword: passwordSchema })
  .refine((value) => value.currentPassword !== value.newPassword, {
    path: ["newPassword"],
    message: "Choose a password different from the current one.",
  });
export type ChangePasswordInput = z.input<typeof changePasswordSchema>;

/**
 * Replaces the acting user's password after checking the current one, and ends every session of the
 * account (the caller signs the current browser in again). Returns the new session version.
 * Throws ZodError, `unauthorized:current-password` or `rate_limited:*`: a wrong current password
 * counts as a failed sign-in of the account, so a borrowed session cannot guess it at leisure.
 */
export async function changePassword(actor: ActingUser, input: unknown): Promise<{ sessionVersion: number }> {
  const { currentPassword, newPassword } = changePasswordSchema.parse(input);
  const db = await getDb();
  const user = await db.user.findUnique({ where: { id: actor.id }, select: { email: true, passwordHash: true } });
  if (!user) throw new AppError("not_found:user");
  const tickets = await consumeRateLimits([{ name: "signInByEmail", identifier: user.email }]);
  if (!(await verifyPassword(currentPassword, user.passwordHash))) {
    throw new AppError("unauthorized:current-password", "Your current password is not right.");
  }
  await refundRateLimits(tickets);
  const passwordHash = await hashPassword(newPassword);
  const sessionVersion = await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: actor.id }, data: { passwordHash } });
    return bumpSessionVersion(actor.id, tx);
  });
  await refreshUserState(actor.id);
  return { sessionVersion };
}
