import "server-only";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import type { ReportMark } from "./types";

/**
 * Moves alert maps' `reportedUntil` forward to the marks' instants, never back: a mark from an older
 * collection (a retried job) cannot re-open records a newer digest already carried. Marks sharing an
 * alert and an instant (the usual case: every map checked in the run) become one statement.
 */
export async function markReportedIn(tx: Prisma.TransactionClient | PrismaClient, marks: readonly ReportMark[]): Promise<void> {
  const groups = new Map<string, { alertId: string; until: Date; mapUids: string[] }>();
  for (const mark of marks) {
    const key = `${mark.alertId}\u0000${mark.until.getTime()}`;
    const group = groups.get(key) ?? { alertId: mark.alertId, until: mark.until, mapUids: [] };
    group.mapUids.push(mark.mapUid);
    groups.set(key, group);
  }
  for (const group of groups.values()) {
    await tx.mapperAlertMap.updateMany({
      where: {
        alertId: group.alertId,
        mapUid: { in: group.mapUids },
        OR: [{ reportedUntil: null }, { reportedUntil: { lt: group.until } }],
      },
      data: { reportedUntil: group.until },
    });
  }
}
