import "server-only";
import { refreshUserState } from "@/lib/sessions";
import { getDb } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";

/**
 * Ends every session of the user: sessions carry the version they were issued with, and the Auth.js
 * jwt callback refuses any that no longer matches. Returns the new version. Inside a transaction,
 * call `refreshUserState(userId)` yourself once it commits; outside one this does it.
 */
export async function bumpSessionVersion(userId: string, client?: Prisma.TransactionClient): Promise<number> {
  const db = client ?? (await getDb());
  const { sessionVersion } = await db.user.update({
    where: { id: userId },
    data: { sessionVersion: { increment: 1 } },
    select: { sessionVersion: true },
  });
  // The cached state is dropped only after the write is visible, or a request in between could
  // cache the old version again for the cache's lifetime.
  if (!client) await refreshUserState(userId);
  return sessionVersion;
}
