import "server-only";
import { getDb } from "@/lib/db";
import { getTrackmania, withTrackmaniaPriority } from "@/lib/trackmania";
import { trackmaniaNow } from "./clock";

/** Maps read per pass: 10 Core requests, a sliver of the hourly budget. */
export const MAP_TYPES_PER_PASS = 1_000;

/**
 * Reads the type and clone flag of stored maps Core has not told yet (oldest rows first, 100 maps a
 * request, through the shared client and its rate). Until a row is read it counts as a race map
 * without clones, as before the columns existed. A map Core does not know is marked read too, so it
 * is not asked for every hour. Returns how many rows were read.
 */
export async function backfillMapTypes({ limit = MAP_TYPES_PER_PASS }: { limit?: number } = {}): Promise<number> {
  const db = await getDb();
  const rows = await db.map.findMany({ where: { typeReadAt: null }, select: { uid: true }, orderBy: { fetchedAt: "asc" }, take: limit });
  if (rows.length === 0) return 0;
  // A backfill nobody waits for: it takes only slots that interactive and deadline reads leave free.
  const read = await withTrackmaniaPriority("background", () => getTrackmania().getMapTypes(rows.map((row) => row.uid)));
  const types = new Map(read.map((type) => [type.uid, type]));
  const readAt = trackmaniaNow();
  await db.$transaction(
    rows.map(({ uid }) => {
      const type = types.get(uid);
      return db.map.update({
        where: { uid },
        data: type ? { mapType: type.mapType, hasClones: type.hasClones, mapId: type.mapId, typeReadAt: readAt } : { typeReadAt: readAt },
      });
    }),
  );
  return rows.length;
}
