import "server-only";
import { verifyPassword } from "@/lib/auth/password";
import type { ActingUser } from "@/lib/auth/session";
import { refreshUserState } from "@/lib/auth/user-state";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { deleteAccountSchema, type DeleteAccountInput } from "./schemas";

/**
 * Deletes the acting user and everything of theirs, once they confirm by typing their email address or
 * their password. Alerts, watches, digests, notifications, searches and tokens go with the user row
 * (cascades); feedback would only be detached, so it is deleted explicitly. Their sessions on every
 * device end at their next request: the session check finds no user.
 */
export async function deleteAccount(actor: ActingUser, input: DeleteAccountInput): Promise<void> {
  const { confirmation } = deleteAccountSchema.parse(input);
  const db = await getDb();
  const user = await db.user.findUnique({ where: { id: actor.id }, select: { email: true, passwordHash: true } });
  if (!user) throw new AppError("not_found:user", "This account no longer exists.");
  const typedEmail = confirmation.trim().toLowerCase() === user.email;
  if (!typedEmail && !(await verifyPassword(confirmation, user.passwordHash))) {
    throw new AppError("bad_request:confirmation", "That is neither your email address nor your password.");
  }
  await db.$transaction([db.feedback.deleteMany({ where: { userId: actor.id } }), db.user.delete({ where: { id: actor.id } })]);
  await refreshUserState(actor.id);
}
