import "server-only";
import { verifyPassword } from "@/lib/accounts/password";
import type { ActingUser } from "@/lib/actor";
import { refreshUserState } from "@/lib/sessions";
import { getDb, type PrismaClient } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { deleteAccountSchema, type DeleteAccountInput } from "./schemas";

/**
 * Deletes the acting user and everything of theirs, once they confirm by typing their email address or
 * their password. Alerts, watches, digests, notifications, searches and tokens go with the user row
 * (cascades); feedback would only be detached, so it is deleted explicitly. The local outbox has no link
 * to users, so the mail sent to them is found by address. Their sessions on every device end at their
 * next request: the session check finds no user.
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
  await db.$transaction([
    db.feedback.deleteMany({ where: { userId: actor.id } }),
    ...forgetOutboxRecipient(db, user.email),
    db.user.delete({ where: { id: actor.id } }),
  ]);
  await refreshUserState(actor.id);
}

/**
 * Outbox mail addressed to `email` (compared case-insensitively: senders keep the case they were given)
 * and to no one else is deleted; mail that also went to others loses only this address, so their copy
 * stays. Two statements, in this order, for the caller's transaction. Raw SQL because Prisma's `has`
 * on a list compares case-sensitively.
 */
function forgetOutboxRecipient(db: PrismaClient, email: string) {
  const address = email.toLowerCase();
  return [
    db.$executeRaw`
      DELETE FROM "OutboxEmail"
      WHERE EXISTS (SELECT 1 FROM unnest("to") AS recipient WHERE lower(recipient) = ${address})
        AND NOT EXISTS (SELECT 1 FROM unnest("to") AS recipient WHERE lower(recipient) <> ${address})`,
    db.$executeRaw`
      UPDATE "OutboxEmail"
      SET "to" = ARRAY(
        SELECT recipient FROM unnest("to") WITH ORDINALITY AS kept(recipient, position)
        WHERE lower(recipient) <> ${address} ORDER BY position
      )
      WHERE EXISTS (SELECT 1 FROM unnest("to") AS recipient WHERE lower(recipient) = ${address})`,
  ];
}
