import "server-only";
import type { ActingUser } from "@/lib/actor";
import { getAppConfig } from "@/lib/app-config";
import { getDb } from "@/lib/db";

/** The acting user's mapper alerts with how many they may have, and their linked account for the form. */
export async function listMapperAlerts(actor: ActingUser) {
  const db = await getDb();
  const [alerts, limits, user] = await Promise.all([
    db.mapperAlert.findMany({
      where: { userId: actor.id },
      orderBy: { createdAt: "asc" },
      include: { maps: { select: { muted: true } } },
    }),
    getAppConfig(),
    db.user.findUnique({ where: { id: actor.id }, select: { tmAccountId: true, tmDisplayName: true, timezone: true } }),
  ]);
  return {
    alerts: alerts.map(({ maps, ...alert }) => ({
      id: alert.id,
      mapperAccountId: alert.mapperAccountId,
      mapperDisplayName: alert.mapperDisplayName,
      mode: alert.mode,
      modeChosenByUser: alert.modeChosenByUser,
      recordFilter: alert.recordFilter,
      topN: alert.topN,
      lastCheckedAt: alert.lastCheckedAt,
      createdAt: alert.createdAt,
      mapCount: maps.length,
      mutedCount: maps.filter((map) => map.muted).length,
    })),
    used: alerts.length,
    limit: limits.maxMapperAlerts,
    /** For showing instants in the user's own time zone. */
    timezone: user?.timezone ?? "UTC",
    linkedAccount: user?.tmAccountId ? { accountId: user.tmAccountId, displayName: user.tmDisplayName ?? user.tmAccountId } : null,
  };
}

export type MapperAlertList = Awaited<ReturnType<typeof listMapperAlerts>>;
export type MapperAlertSummary = MapperAlertList["alerts"][number];
