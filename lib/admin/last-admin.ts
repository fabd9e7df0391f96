import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import { AppError } from "@/lib/errors";

/**
 * Refuses a change that would leave the site without an enabled admin. Taken under one lock, so two
 * admins demoting each other at the same moment cannot both succeed.
 */
export async function assertAnotherAdminRemains(tx: Prisma.TransactionClient, userId: string, change: "demote" | "disable"): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('admin-roles'))`;
  const target = await tx.user.findUnique({ where: { id: userId }, select: { role: true, disabledAt: true } });
  if (!target) throw new AppError("not_found:user", "There is no such account.");
  if (target.role !== "ADMIN" || target.disabledAt !== null) return;
  const others = await tx.user.count({ where: { role: "ADMIN", disabledAt: null, id: { not: userId } } });
  if (others === 0) {
    throw new AppError(
      "conflict:last-admin",
      change === "demote" ? "This is the last admin: make someone else an admin first." : "This is the last admin: it cannot be disabled.",
    );
  }
}
