import "server-only";
import { bumpSessionVersion } from "@/lib/accounts/revoke-sessions";
import { assertAdmin } from "@/lib/actor";
import type { ActingUser } from "@/lib/actor";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { endAllSessions } from "@/lib/sessions";
import { userIdSchema } from "./schemas";

/**
 * Signs a user out of every device (a stolen account, a shared computer). Their browsers are told an
 * admin did it; the version bump also ends any session the store has lost track of.
 */
export async function endUserSessions(actor: ActingUser, input: { userId: unknown }) {
  assertAdmin(actor);
  const userId = userIdSchema.parse(input.userId);
  if (userId === actor.id) throw new AppError("bad_request:user", "Use Settings → Devices to sign yourself out.");
  const db = await getDb();
  const user = await db.user.findUnique({ where: { id: userId }, select: { id: true, email: true } });
  if (!user) throw new AppError("not_found:user", "There is no such account.");
  const devices = await endAllSessions(userId, "ended-by-admin");
  await bumpSessionVersion(userId);
  return { userId: user.id, email: user.email, devices };
}
