import "server-only";
import { assertAdmin } from "@/lib/actor";
import type { ActingUser } from "@/lib/actor";
import { refreshUserState } from "@/lib/sessions";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { assertAnotherAdminRemains } from "./last-admin";
import { setUserDisabledSchema, type SetUserDisabledInput } from "./schemas";

/**
 * Disables (or re-enables) an account. A disabled account cannot sign in, gets no digests, and its
 * open sessions end at once: the jwt callback refuses sessions of a disabled user on their next
 * request, and the version bump keeps them ended even after the account is enabled again.
 */
export async function setUserDisabled(actor: ActingUser, input: SetUserDisabledInput) {
  assertAdmin(actor);
  const { userId, disabled } = setUserDisabledSchema.parse(input);
  if (userId === actor.id && disabled) throw new AppError("bad_request:user", "You cannot disable your own account.");
  const db = await getDb();
  const updated = await db.$transaction(async (tx) => {
    if (disabled) await assertAnotherAdminRemains(tx, userId, "disable");
    const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true } });
    if (!user) throw new AppError("not_found:user", "There is no such account.");
    return tx.user.update({
      where: { id: userId },
      data: disabled ? { disabledAt: new Date(), sessionVersion: { increment: 1 } } : { disabledAt: null },
      select: { id: true, email: true, disabledAt: true },
    });
  });
  await refreshUserState(userId);
  return updated;
}
