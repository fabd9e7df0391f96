import "server-only";
import { assertAdmin } from "@/lib/actor";
import type { ActingUser } from "@/lib/actor";
import { getDb } from "@/lib/db";

/** How many feedback messages no admin has read yet (the admin navigation shows it) — admins only. */
export async function countUnreadFeedback(actor: ActingUser): Promise<number> {
  assertAdmin(actor);
  const db = await getDb();
  return db.feedback.count({ where: { readAt: null } });
}
