import "server-only";
import { assertAdmin } from "@/lib/actor";
import type { ActingUser } from "@/lib/actor";
import { refreshUserState } from "@/lib/sessions";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { assertAnotherAdminRemains } from "./last-admin";
import { setUserRoleSchema, type SetUserRoleInput } from "./schemas";

/**
 * Grants or takes back the admin role. The user's open sessions see the new role on their next
 * request (the role is read from the user's state, not from the cookie). The last enabled admin
 * cannot be demoted.
 */
export async function setUserRole(actor: ActingUser, input: SetUserRoleInput) {
  assertAdmin(actor);
  const { userId, role } = setUserRoleSchema.parse(input);
  const db = await getDb();
  const updated = await db.$transaction(async (tx) => {
    if (role === "USER") await assertAnotherAdminRemains(tx, userId, "demote");
    const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true } });
    if (!user) throw new AppError("not_found:user", "There is no such account.");
    return tx.user.update({ where: { id: userId }, data: { role }, select: { id: true, email: true, role: true } });
  });
  await refreshUserState(userId);
  return updated;
}
