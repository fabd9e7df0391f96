import "server-only";
import type { ActingUser } from "@/lib/actor";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";

/**
 * Record history is public leaderboard data: any signed-in, enabled account may read it. Checked here
 * rather than trusted from the session, so a disabled account stops reading at once. Returns the
 * reader's time zone, which dates on the charts are shown in.
 */
export async function assertHistoryReader(actor: ActingUser): Promise<{ timeZone: string }> {
  const db = await getDb();
  const user = await db.user.findUnique({ where: { id: actor.id }, select: { disabledAt: true, timezone: true } });
  if (!user || user.disabledAt) throw new AppError("forbidden:history", "Sign in with an active account to read record history.");
  return { timeZone: user.timezone };
}
