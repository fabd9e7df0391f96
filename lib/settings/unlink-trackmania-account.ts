import "server-only";
import type { ActingUser } from "@/lib/actor";
import { getDb } from "@/lib/db";

/** Forgets the acting user's Trackmania account (linked or typed); "Sign in with Trackmania" stops working for them. */
export async function unlinkTrackmaniaAccount(actor: ActingUser) {
  const db = await getDb();
  await db.user.update({
    where: { id: actor.id },
    data: { tmAccountId: null, tmDisplayName: null, tmVerified: false },
  });
}
