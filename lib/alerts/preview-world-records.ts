import "server-only";
import { z } from "zod";
import { trackmaniaNow } from "@/lib/checks";
import { getDb } from "@/lib/db";
import { getKv } from "@/lib/kv";
import { getTrackmania, withTrackmaniaPriority, type LeaderboardEntry } from "@/lib/trackmania";

export type WorldRecord = { score: number; accountId: string; displayName: string; drivenAt: Date | null };
/** A map's current world record, or null on an empty board. */
export type WorldRecordPreview = WorldRecord | null;

export type PreviewWorldRecordsOptions = {
  /** How long to wait for Trackmania before answering with what is known (default 4 s). */
  waitMs?: number;
};

const PREVIEW_TTL_SECONDS = 6 * 3600;
export const PREVIEW_WAIT_MS = 4_000;
const uidSchema = z.string().trim().min(1).max(64);
const storedSchema = z.object({
  wr: z.object({ score: z.number().int(), accountId: z.string(), displayName: z.string(), drivenAt: z.iso.datetime().nullable() }).nullable(),
  /** When it was read, on the Trackmania clock (the sandbox's can jump ahead of the KV entry's lifetime). */
  readAt: z.number().int().optional(),
});
type Stored = z.infer<typeof storedSchema>;

const keyOf = (uid: string) => `alerts:wr-preview:v2:${uid}`;

/** Leaders being asked for, by map: several page views wanting the same map share one request. */
const asking = new Map<string, Promise<LeaderboardEntry | null>>();

function askLeader(uid: string): Promise<LeaderboardEntry | null> {
  let pending = asking.get(uid);
  if (!pending) {
    // A page is waiting for it: first in the Trackmania budget's queue.
    pending = withTrackmaniaPriority("interactive", () => getTrackmania().getLeaderboardPage(uid, { offset: 0, length: 1 }))
      .then(([leader]) => leader ?? null)
      .finally(() => asking.delete(uid));
    asking.set(uid, pending);
  }
  return pending;
}

/**
 * The current world records of maps no run has checked yet, all at once: KV first (one read for the
 * lot, kept a few hours), then one leaderboard entry per missing map and one display-name request for
 * all their holders. Answers within `waitMs` with what is known by then — a map missing from the
 * result is not known yet — and keeps asking in the background for the rest, so a later view has
 * them. The alert page renders these into its first HTML: no cell depends on a streamed reveal.
 * Previews are never written to `MapRecord`, which only full checks may change; the map keeps the
 * one shown until its first check (see `rememberShownWorldRecords`).
 */
export async function previewWorldRecords(
  mapUids: readonly string[],
  options: PreviewWorldRecordsOptions = {},
): Promise<Map<string, WorldRecordPreview>> {
  const uids = [...new Set(mapUids.map((uid) => uidSchema.parse(uid)))];
  const known = new Map<string, WorldRecordPreview>();
  if (uids.length === 0) return known;

  // Without KV every map is simply asked for.
  const cached = await getKv()
    .mget<unknown>(uids.map(keyOf))
    .catch(() => uids.map(() => null));
  const missing: string[] = [];
  uids.forEach((uid, index) => {
    const stored = storedSchema.safeParse(cached[index]);
    if (stored.success && isFresh(stored.data)) known.set(uid, fromStored(stored.data));
    else missing.push(uid);
  });
  if (missing.length === 0) return known;

  const leaders = new Map<string, LeaderboardEntry | null>();
  // A failed request leaves its map unknown this time; the next view asks again.
  const all = Promise.allSettled(missing.map((uid) => askLeader(uid).then((leader) => void leaders.set(uid, leader))));
  let timer: ReturnType<typeof setTimeout> | undefined;
  const settled = await Promise.race([
    all.then(() => true),
    new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), options.waitMs ?? PREVIEW_WAIT_MS))),
  ]);
  clearTimeout(timer);

  const arrived = new Map(leaders);
  for (const [uid, preview] of await storePreviews(arrived)) known.set(uid, preview);
  if (!settled) {
    const late = missing.filter((uid) => !arrived.has(uid));
    void all
      .then(() => storePreviews(new Map(late.filter((uid) => leaders.has(uid)).map((uid) => [uid, leaders.get(uid)!]))))
      .catch((error: unknown) => console.warn("[alerts] world-record previews not stored:", (error as Error).message));
  }
  return known;
}

/** Names the leaders (one request) and keeps the previews in KV; leaders whose names failed stay unknown. */
async function storePreviews(leaders: ReadonlyMap<string, LeaderboardEntry | null>): Promise<Map<string, WorldRecordPreview>> {
  const previews = new Map<string, WorldRecordPreview>();
  // Secret-threshold boards hide scores (null): nothing to show, like an empty board.
  const holders = [...new Set([...leaders.values()].flatMap((leader) => (leader?.score != null ? [leader.accountId] : [])))];
  let names: Map<string, string> | undefined = new Map();
  if (holders.length > 0) {
    names = await withTrackmaniaPriority("interactive", () => getTrackmania().getDisplayNames(holders))
      .catch((error: unknown) => void console.warn("[alerts] names for world-record previews failed:", (error as Error).message));
  }
  for (const [uid, leader] of leaders) {
    if (!leader || leader.score === null) previews.set(uid, null);
    else if (names) {
      const displayName = names.get(leader.accountId) ?? leader.accountId;
      previews.set(uid, { score: leader.score, accountId: leader.accountId, displayName, drivenAt: leader.timestamp });
    }
  }
  const kv = getKv();
  await Promise.all([
    ...[...previews].map(([uid, wr]) =>
      // Losing the cache costs a request on a later view, never this answer.
      kv.set(keyOf(uid), toStored(wr), { ttlSeconds: PREVIEW_TTL_SECONDS }).catch(() => false),
    ),
    rememberShownWorldRecords(previews),
  ]);
  return previews;
}

/**
 * What the page showed is kept on each map until its first check, which compares with it: the holder
 * improving reads "improved from", someone faster reads "WR taken from" (lib/checks). Best effort.
 */
async function rememberShownWorldRecords(previews: ReadonlyMap<string, WorldRecordPreview>): Promise<void> {
  const db = await getDb();
  await Promise.all(
    [...previews].map(([uid, wr]) =>
      db.map
        .updateMany({
          where: { uid, checkedAt: null },
          data: { shownWorldRecordScore: wr?.score ?? null, shownWorldRecordAccountId: wr?.accountId ?? null },
        })
        .catch((error: unknown) => console.warn("[alerts] shown world record not kept:", (error as Error).message)),
    ),
  );
}

function toStored(wr: WorldRecordPreview): Stored {
  return { wr: wr && { ...wr, drivenAt: wr.drivenAt?.toISOString() ?? null }, readAt: trackmaniaNow().getTime() };
}

function isFresh(stored: Stored): boolean {
  return stored.readAt === undefined || trackmaniaNow().getTime() - stored.readAt < PREVIEW_TTL_SECONDS * 1000;
}

function fromStored(stored: Stored): WorldRecordPreview {
  return stored.wr && { ...stored.wr, drivenAt: stored.wr.drivenAt ? new Date(stored.wr.drivenAt) : null };
}
