import "server-only";
import { z } from "zod";
import { previewWorldRecords } from "@/lib/alerts";
import type { ActingUser } from "@/lib/actor";
import { medalFor, trackmaniaNow, type Medal } from "@/lib/checks";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { getKv } from "@/lib/kv";
import { consumeRateLimits } from "@/lib/ratelimit";
import { getTrackmania, stripFormatting, withTrackmaniaPriority } from "@/lib/trackmania";
import { requireDriverAccount, type DriverAccount } from "./driver-account";
import { asTrackmaniaUnavailable } from "./limits";
import { readDriverTime } from "./read-driver-time";
import { saveMaps, type WatchedMap } from "./save-maps";
import { previewDriverWatchSchema, type PreviewDriverWatchInput } from "./schemas";

/** What adding a watch on a map would start from: the driver's time there and how it stands. */
export type DriverWatchPreview = {
  map: {
    uid: string;
    /** Without Trackmania's formatting codes. */
    name: string;
    thumbnailUrl: string | null;
    tmxId: number | null;
    authorTime: number;
    goldTime: number;
    silverTime: number;
    bronzeTime: number;
  };
  account: DriverAccount;
  /** ms */
  score: number;
  drivenAt: Date | null;
  /** World position; null when Trackmania did not say. */
  position: number | null;
  medal: Medal;
  /** The map's world record; null when Trackmania did not answer in time. */
  worldRecord: { score: number; accountId: string; displayName: string } | null;
  /** ms behind the world record (0 when the driver holds it); null when the record is not known. */
  gapToWorldRecord: number | null;
  holdsWorldRecord: boolean;
  /** When Trackmania was asked (its clock: the sandbox's simulated one in embedded mode). */
  readAt: Date;
  /** The user's watch on this map, when they have one already. */
  existingWatchId: string | null;
};

/** A preview is reused this long: confirming right after previewing costs Trackmania nothing. */
const PREVIEW_TTL_SECONDS = 10 * 60;
/** How long the preview waits for the world record before showing the rest without it. */
const WORLD_RECORD_WAIT_MS = 20_000;

const storedSchema = z.object({
  map: z.object({
    uid: z.string(),
    name: z.string(),
    thumbnailUrl: z.string().nullable(),
    tmxId: z.number().int().nullable(),
    authorTime: z.number().int(),
    goldTime: z.number().int(),
    silverTime: z.number().int(),
    bronzeTime: z.number().int(),
  }),
  score: z.number().int(),
  drivenAt: z.iso.datetime().nullable(),
  position: z.number().int().nullable(),
  worldRecord: z.object({ score: z.number().int(), accountId: z.string(), displayName: z.string() }).nullable(),
  readAt: z.iso.datetime(),
});
type Stored = z.infer<typeof storedSchema>;

const keyOf = (accountId: string, mapUid: string) => `watches:preview:v1:${accountId}:${mapUid}`;

/**
 * Reads the acting user's time on a map before they watch it: time, world position, medal and gap
 * to the world record. Refused, with the reason, when their profile has no Trackmania account, the
 * map is unknown, or they have no time on it. Counts against the user's look-up budget.
 */
export async function previewDriverWatch(actor: ActingUser, input: PreviewDriverWatchInput): Promise<DriverWatchPreview> {
  const { mapUid } = previewDriverWatchSchema.parse(input);
  const account = await requireDriverAccount(actor);
  await consumeRateLimits([{ name: "watchLookupsByUser", identifier: actor.id }]);
  const preview = await readPreview(account, mapUid, { reuse: true });
  const db = await getDb();
  const existing = await db.driverWatch.findUnique({ where: { userId_mapUid: { userId: actor.id, mapUid } }, select: { id: true } });
  return { ...preview, existingWatchId: existing?.id ?? null };
}

/**
 * The preview of `mapUid` for `account`: the one kept from a moment ago when `reuse` allows, else
 * read afresh from Trackmania (and kept). No rate limit here: callers count their own.
 */
export async function readPreview(
  account: DriverAccount,
  mapUid: string,
  { reuse }: { reuse: boolean },
): Promise<Omit<DriverWatchPreview, "existingWatchId">> {
  const kv = getKv();
  if (reuse) {
    // A lost or unreadable cache entry only costs a fresh read.
    const stored = storedSchema.safeParse(await kv.get(keyOf(account.accountId, mapUid)).catch(() => null));
    if (stored.success) return fromStored(stored.data, account);
  }
  // A person waits on the page for it: first in the Trackmania budget's queue.
  const fresh = await withTrackmaniaPriority("interactive", () => readFresh(account, mapUid)).catch((error: unknown) => {
    throw asTrackmaniaUnavailable(error);
  });
  await kv.set(keyOf(account.accountId, mapUid), toStored(fresh), { ttlSeconds: PREVIEW_TTL_SECONDS }).catch(() => false);
  return fresh;
}

async function readFresh(account: DriverAccount, mapUid: string): Promise<Omit<DriverWatchPreview, "existingWatchId">> {
  const trackmania = getTrackmania();
  const map = (await saveMaps([mapUid], trackmania)).get(mapUid);
  if (!map) throw new AppError("not_found:map", `Trackmania knows no map with the uid ${mapUid}.`);
  const name = stripFormatting(map.name) || map.uid;
  const readAt = trackmaniaNow();
  const [reading, worldRecords] = await Promise.all([
    readDriverTime(trackmania, account.accountId, map),
    // The record is a nicety: without it the preview still stands.
    previewWorldRecords([mapUid], { waitMs: WORLD_RECORD_WAIT_MS }).catch(() => new Map<string, never>()),
  ]);
  if (reading.kind === "none") {
    throw new AppError("not_found:driver_time", `You have no time on ${name} yet — drive it first.`);
  }
  if (reading.kind === "hidden") {
    throw new AppError("bad_request:hidden_time", `Trackmania hides the times on ${name} (a secret threshold): there is nothing to watch.`);
  }
  const wr = worldRecords.get(mapUid);
  return build(
    {
      map: mapSummary(map, name),
      score: reading.score,
      drivenAt: reading.drivenAt,
      position: reading.position,
      worldRecord: wr ? { score: wr.score, accountId: wr.accountId, displayName: wr.displayName } : null,
      readAt,
    },
    account,
  );
}

function mapSummary(map: WatchedMap, name: string): DriverWatchPreview["map"] {
  return {
    uid: map.uid,
    name,
    thumbnailUrl: map.thumbnailUrl,
    tmxId: map.tmxId,
    authorTime: map.authorTime,
    goldTime: map.goldTime,
    silverTime: map.silverTime,
    bronzeTime: map.bronzeTime,
  };
}

type Core = Pick<DriverWatchPreview, "map" | "score" | "drivenAt" | "position" | "worldRecord" | "readAt">;

/** Medal and gap follow from the time; the driver holds the record when nobody is faster (or they are it). */
function build(core: Core, account: DriverAccount): Omit<DriverWatchPreview, "existingWatchId"> {
  const wr = core.worldRecord;
  // Read a moment apart, the driver's time can already beat the record read: then it is theirs.
  const holdsWorldRecord = core.position === 1 || (wr !== null && (wr.accountId === account.accountId || core.score <= wr.score));
  return {
    ...core,
    account,
    medal: medalFor(core.score, core.map),
    gapToWorldRecord: holdsWorldRecord ? 0 : wr ? core.score - wr.score : null,
    holdsWorldRecord,
  };
}

function toStored(preview: Omit<DriverWatchPreview, "existingWatchId">): Stored {
  return {
    map: preview.map,
    score: preview.score,
    drivenAt: preview.drivenAt?.toISOString() ?? null,
    position: preview.position,
    worldRecord: preview.worldRecord,
    readAt: preview.readAt.toISOString(),
  };
}

function fromStored(stored: Stored, account: DriverAccount): Omit<DriverWatchPreview, "existingWatchId"> {
  return build(
    { ...stored, drivenAt: stored.drivenAt ? new Date(stored.drivenAt) : null, readAt: new Date(stored.readAt) },
    account,
  );
}
