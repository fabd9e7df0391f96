import "server-only";
import { z } from "zod";
import { getDb } from "@/lib/db";
import { getKv } from "@/lib/kv";
import { getTrackmania } from "@/lib/trackmania";

export type WorldRecordPreview = { score: number; accountId: string; displayName: string } | null;

const PREVIEW_TTL_SECONDS = 6 * 3600;
const uidSchema = z.string().trim().min(1).max(64);

/**
 * The current world record of a map no run has checked yet (one leaderboard entry, cached in KV for
 * a few hours): the alert page can show it without waiting for the daily run and without spending a
 * call per view. It is never written to `MapRecord`, which only full checks may change.
 */
export async function previewWorldRecord(mapUid: string): Promise<WorldRecordPreview> {
  const uid = uidSchema.parse(mapUid);
  const kv = getKv();
  const key = `alerts:wr-preview:${uid}`;
  const cached = await kv.get<{ wr: WorldRecordPreview }>(key);
  if (cached) return cached.wr;
  const trackmania = getTrackmania();
  const [leader] = await trackmania.getLeaderboardPage(uid, { offset: 0, length: 1 });
  let wr: WorldRecordPreview = null;
  if (leader && leader.score !== null) {
    const names = await trackmania.getDisplayNames([leader.accountId]);
    wr = { score: leader.score, accountId: leader.accountId, displayName: names.get(leader.accountId) ?? leader.accountId };
  }
  await kv.set(key, { wr }, { ttlSeconds: PREVIEW_TTL_SECONDS });
  await rememberShownWorldRecord(uid, wr);
  return wr;
}

/** Kept on the map until its first check, which compares with it ("improved from", "WR taken from"). */
async function rememberShownWorldRecord(uid: string, wr: WorldRecordPreview): Promise<void> {
  const db = await getDb();
  await db.map.updateMany({
    where: { uid, checkedAt: null },
    data: { shownWorldRecordScore: wr?.score ?? null, shownWorldRecordAccountId: wr?.accountId ?? null },
  });
}
