import "server-only";
import type { ActingUser } from "@/lib/actor";
import { getDb } from "@/lib/db";
import { alertIdSchema } from "./schemas";

/** The uids of every map of one of the acting user's alerts (for catalogue-wide charts); null when it is not theirs. */
export async function listAlertMapUids(actor: ActingUser, alertId: string): Promise<string[] | null> {
  const parsed = alertIdSchema.safeParse(alertId);
  if (!parsed.success) return null;
  const db = await getDb();
  const alert = await db.mapperAlert.findFirst({
    where: { id: parsed.data, userId: actor.id },
    select: { maps: { select: { mapUid: true }, orderBy: { mapUid: "asc" } } },
  });
  return alert ? alert.maps.map((map) => map.mapUid) : null;
}
