import "server-only";
import { assertAdmin } from "@/lib/auth/roles";
import type { ActingUser } from "@/lib/auth/session";
import { refreshUserState } from "@/lib/auth/user-state";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";

/**
 * Disables (or re-enables) an account. A disabled account cannot sign in, gets no digests, and its
 * open sessions end at once: the jwt callback refuses sessions of a disabled user on their next
 * request, and the version bump keeps them ended even after the account is enabled again.
 */
export async function setUserDisabled(actor: ActingUser, input: { userId: string; disabled: boolean }) {
  assertAdmin(actor);
  if (input.userId === actor.id && input.disabled) throw new AppError("bad_request:user", "You cannot disable your own account.");
  const db = await getDb();
  const user = await db.user.findUnique({ where: { id: input.userId }, select: { id: true } });
  if (!user) throw new AppError("not_found:user", "There is no such account.");
  const updated = await db.user.update({
    where: { id: input.userId },
    data: input.disabled
      ? { disabledAt: new Date(), sessionVersion: { increment: 1 } }
      : { disabledAt: null },
    select: { id: true, email: true, disabledAt: true },
  });
  await refreshUserState(input.userId);
  return updated;
}
