import "server-only";
import type { ActingUser } from "@/lib/actor";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";

export const ACCOUNT_EXPORT_FORMAT = "trackwatch-account-export/1";

/**
 * Everything Trackwatch keeps about the acting user, as JSON they can download: profile, mapper alerts
 * with their maps, driver watches, digests, notifications, feedback and map searches. Fields are listed
 * one by one so a secret added to the schema later (password hash, token hashes, session version)
 * never leaks into an export by default.
 */
export async function exportAccountData(actor: ActingUser) {
  const db = await getDb();
  const user = await db.user.findUnique({
    where: { id: actor.id },
    select: {
      id: true,
      email: true,
      emailVerifiedAt: true,
      name: true,
      role: true,
      tmAccountId: true,
      tmDisplayName: true,
      tmVerified: true,
      timezone: true,
      digestHour: true,
      emailNotifications: true,
      reportOwnImprovements: true,
      createdAt: true,
      lastSignInAt: true,
      mapperAlerts: {
        orderBy: { createdAt: "asc" },
        select: {
          id: true,
          mapperAccountId: true,
          mapperDisplayName: true,
          recordFilter: true,
          topN: true,
          mode: true,
          createdAt: true,
          lastCheckedAt: true,
          maps: {
            orderBy: { addedAt: "asc" },
            select: {
              muted: true,
              addedAt: true,
              map: { select: { uid: true, name: true, authorAccountId: true, authorTime: true, goldTime: true, silverTime: true, bronzeTime: true } },
            },
          },
        },
      },
      driverWatches: {
        orderBy: { createdAt: "asc" },
        select: {
          id: true,
          mapUid: true,
          accountId: true,
          lastPosition: true,
          lastScore: true,
          status: true,
          lastCheckedAt: true,
          createdAt: true,
          map: { select: { name: true } },
        },
      },
      digests: {
        orderBy: { day: "asc" },
        select: { id: true, day: true, status: true, subject: true, text: true, content: true, recordCount: true, composedAt: true, sentAt: true },
      },
      notifications: {
        orderBy: { createdAt: "asc" },
        select: { id: true, digestId: true, kind: true, mapUid: true, payload: true, createdAt: true },
      },
      feedback: { orderBy: { createdAt: "asc" }, select: { id: true, kind: true, message: true, page: true, createdAt: true, reply: true, repliedAt: true } },
      mapSearchJobs: {
        orderBy: { createdAt: "asc" },
        select: { id: true, mapperName: true, period: true, status: true, createdAt: true, finishedAt: true },
      },
    },
  });
  if (!user) throw new AppError("not_found:user", "This account no longer exists.");
  const { mapperAlerts, driverWatches, digests, notifications, feedback, mapSearchJobs, ...profile } = user;
  return {
    format: ACCOUNT_EXPORT_FORMAT,
    exportedAt: new Date().toISOString(),
    profile,
    mapperAlerts: mapperAlerts.map(({ maps, ...alert }) => ({
      ...alert,
      maps: maps.map(({ map, ...watched }) => ({ ...map, ...watched })),
    })),
    driverWatches: driverWatches.map(({ map, ...watch }) => ({ ...watch, mapName: map.name })),
    digests,
    notifications,
    feedback,
    mapSearches: mapSearchJobs,
  };
}

export type AccountExport = Awaited<ReturnType<typeof exportAccountData>>;
