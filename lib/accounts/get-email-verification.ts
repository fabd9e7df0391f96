import "server-only";
import type { ActingUser } from "@/lib/actor";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";

/** Whether the acting user's address is confirmed; digests go only to confirmed addresses. */
export async function getEmailVerification(actor: ActingUser): Promise<{ email: string; verifiedAt: Date | null }> {
  const db = await getDb();
  const user = await db.user.findUnique({ where: { id: actor.id }, select: { email: true, emailVerifiedAt: true } });
  if (!user) throw new AppError("not_found:user");
  return { email: user.email, verifiedAt: user.emailVerifiedAt };
}
