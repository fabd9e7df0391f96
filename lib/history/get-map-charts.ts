import "server-only";
import type { ActingUser } from "@/lib/actor";
import { rankedTop } from "@/lib/checks";
import { getDb } from "@/lib/db";
import { knownDisplayNames } from "@/lib/player-names";
import { stripFormatting } from "@/lib/trackmania";
import { assertHistoryReader } from "./assert-history-reader";
import { recordPointsSql, type RecordPoint } from "./record-points";
import { mapUidSchema } from "@/lib/watches";
import { worldRecordProgression } from "./world-record-progression";

const TOP_TIMES = 10;

export type NamedWorldRecordStep = { score: number; accountId: string; displayName: string; at: Date };
export type TopTime = { position: number; score: number; accountId: string; displayName: string; drivenAt: Date | null };

/**
 * A map's page data: the map (plain name, medals, author's display name), its world-record
 * progression from every time Trackwatch knows (see `recordPointsSql`), and its current top 10 as
 * last read. Null for a uid that is malformed or names no map Trackwatch has stored.
 */
export async function getMapCharts(actor: ActingUser, uid: string) {
  const { timeZone } = await assertHistoryReader(actor);
  const parsed = mapUidSchema.safeParse(uid);
  if (!parsed.success) return null;
  const db = await getDb();
  const map = await db.map.findUnique({ where: { uid: parsed.data } });
  if (!map) return null;

  const [points, board] = await Promise.all([
    db.$queryRaw<RecordPoint[]>(recordPointsSql([map.uid])),
    db.mapRecord.findMany({
      where: { mapUid: map.uid },
      orderBy: [{ score: "asc" }, { drivenAt: { sort: "asc", nulls: "last" } }, { accountId: "asc" }],
      select: { accountId: true, score: true, position: true, drivenAt: true },
    }),
  ]);
  const steps = worldRecordProgression(points);
  const dated = new Set(points.map((point) => `${point.accountId}|${point.score}`));
  // Stored positions are those at observation: rank the board as last read.
  const top = rankedTop(board, TOP_TIMES);
  const names = await knownDisplayNames([map.authorAccountId, ...steps.map((step) => step.accountId), ...top.map((row) => row.accountId)]);
  const nameOf = (accountId: string) => names.get(accountId) ?? accountId;

  return {
    map: {
      uid: map.uid,
      name: stripFormatting(map.name) || map.uid,
      thumbnailUrl: map.thumbnailUrl,
      tmxId: map.tmxId,
      authorAccountId: map.authorAccountId,
      authorDisplayName: nameOf(map.authorAccountId),
      authorTime: map.authorTime,
      goldTime: map.goldTime,
      silverTime: map.silverTime,
      bronzeTime: map.bronzeTime,
      /** When Trackwatch last read its leaderboard; null when it never has. */
      checkedAt: map.checkedAt,
    },
    timeZone,
    worldRecords: steps.map((step): NamedWorldRecordStep => ({ ...step, displayName: nameOf(step.accountId) })),
    topTimes: top.map((row): TopTime => ({ ...row, displayName: nameOf(row.accountId) })),
    /** Records on the board with no known date (read on the map's first look): in the table, not on a time line. */
    undatedRecords: board.filter((row) => !dated.has(`${row.accountId}|${row.score}`)).length,
  };
}

export type MapCharts = NonNullable<Awaited<ReturnType<typeof getMapCharts>>>;
