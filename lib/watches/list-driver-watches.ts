import "server-only";
import { previewWorldRecords, type PreviewWorldRecordsOptions, type WorldRecord } from "@/lib/alerts";
import { getAppConfig } from "@/lib/app-config";
import type { ActingUser } from "@/lib/actor";
import { medalFor, type Medal } from "@/lib/checks";
import { getDb } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { knownDisplayNames } from "@/lib/player-names";
import { stripFormatting } from "@/lib/trackmania";
import { findDriverAccount } from "./driver-account";
import type { WatchConditionValue } from "./schemas";

export type ListDriverWatchesOptions = {
  /** How long to wait for world records no check has read yet (see `previewWorldRecords`). */
  previews?: PreviewWorldRecordsOptions;
};

/** A watched map's world record: known (from the map's last check, or previewed), or still being asked. */
export type WatchWorldRecord = { known: true; record: WorldRecord | null } | { known: false };

/**
 * The acting user's watches, oldest first, each with its map, the stored time and position, medal,
 * the world record and the gap to it; with the count against the admin's limit, the Trackmania
 * account the watches follow, and the depth past which news can come a day late.
 */
export async function listDriverWatches(actor: ActingUser, options: ListDriverWatchesOptions = {}) {
  const db = await getDb();
  const [watches, limits, user, account] = await Promise.all([
    db.driverWatch.findMany({
      where: { userId: actor.id },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      include: {
        map: {
          select: { name: true, thumbnailUrl: true, tmxId: true, authorTime: true, goldTime: true, silverTime: true, bronzeTime: true, checkedAt: true },
        },
      },
    }),
    getAppConfig(),
    db.user.findUnique({ where: { id: actor.id }, select: { timezone: true } }),
    findDriverAccount(actor),
  ]);

  const uids = watches.map((watch) => watch.mapUid);
  const checked = watches.filter((watch) => watch.map.checkedAt !== null).map((watch) => watch.mapUid);
  const fromChecks = await worldRecordsFromChecks(checked);
  // Maps no check has read (or whose check kept no record) are previewed, in one batch, KV first.
  const unchecked = uids.filter((uid) => !fromChecks.has(uid));
  const previews = await previewWorldRecords(unchecked, options.previews).catch((error: unknown) => {
    console.warn("[watches] world-record previews failed:", (error as Error).message);
    return new Map<string, WorldRecord | null>();
  });
  const worldRecordOf = (uid: string): WatchWorldRecord =>
    fromChecks.has(uid) ? { known: true, record: fromChecks.get(uid)! } : previews.has(uid) ? { known: true, record: previews.get(uid)! } : { known: false };

  return {
    watches: watches.map((watch) => {
      const worldRecord = worldRecordOf(watch.mapUid);
      const wr = worldRecord.known ? worldRecord.record : null;
      const score = watch.lastScore;
      const holdsWorldRecord = score !== null && (watch.lastPosition === 1 || (wr !== null && (wr.accountId === watch.accountId || score <= wr.score)));
      return {
        id: watch.id,
        mapUid: watch.mapUid,
        mapName: stripFormatting(watch.map.name) || watch.mapUid,
        thumbnailUrl: watch.map.thumbnailUrl,
        tmxId: watch.map.tmxId,
        accountId: watch.accountId,
        condition: watch.condition as WatchConditionValue,
        topN: watch.topN,
        paused: watch.status === "INACTIVE",
        score,
        position: watch.lastPosition,
        drivenAt: watch.lastDrivenAt,
        medal: score === null ? null : medalFor(score, watch.map),
        worldRecord,
        holdsWorldRecord,
        /** ms behind the world record; null while either is unknown. */
        gapToWorldRecord: score === null ? null : holdsWorldRecord ? 0 : wr ? score - wr.score : null,
        /** Past the depth daily runs read, news comes from the lagging position endpoint. */
        beyondAccurateDepth: watch.lastPosition !== null && watch.lastPosition > limits.accurateDepth,
        lastCheckedAt: watch.lastCheckedAt,
        createdAt: watch.createdAt,
      };
    }),
    used: watches.length,
    limit: limits.maxDriverWatches,
    accurateDepth: limits.accurateDepth,
    account,
    timezone: user?.timezone ?? "UTC",
  };
}

export type DriverWatchList = Awaited<ReturnType<typeof listDriverWatches>>;
export type DriverWatchSummary = DriverWatchList["watches"][number];

/** The best record each checked map's last check kept, with its holder's current name. */
async function worldRecordsFromChecks(uids: string[]): Promise<Map<string, WorldRecord>> {
  if (uids.length === 0) return new Map();
  const db = await getDb();
  const rows = await db.$queryRaw<{ mapUid: string; score: number; accountId: string; drivenAt: Date | null }[]>`
    SELECT DISTINCT ON (r."mapUid") r."mapUid", r."score", r."accountId", r."drivenAt"
    FROM "MapRecord" AS r
    WHERE r."mapUid" IN (${Prisma.join(uids)})
    ORDER BY r."mapUid", r."score" ASC, r."drivenAt" ASC NULLS LAST, r."accountId" ASC`;
  if (rows.length === 0) return new Map();
  const names = await knownDisplayNames(rows.map((row) => row.accountId));
  return new Map(
    rows.map((row) => [
      row.mapUid,
      { score: row.score, accountId: row.accountId, displayName: names.get(row.accountId) ?? row.accountId, drivenAt: row.drivenAt },
    ]),
  );
}
