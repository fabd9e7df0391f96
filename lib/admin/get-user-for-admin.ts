import "server-only";
import { assertAdmin } from "@/lib/actor";
import type { ActingUser } from "@/lib/actor";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { countDevices } from "@/lib/sessions";
import { userIdSchema } from "./schemas";

const RECENT_DIGESTS = 10;

/** One account as the admin's user page shows it: profile, alerts, watches and last digests — admins only. */
export async function getUserForAdmin(actor: ActingUser, userId: string) {
  assertAdmin(actor);
  const id = userIdSchema.safeParse(userId);
  if (!id.success) throw new AppError("not_found:user", "There is no such account.");
  const db = await getDb();
  const user = await db.user.findUnique({
    where: { id: id.data },
    select: {
      id: true,
      email: true,
      name: true,
      role: true,
      emailVerifiedAt: true,
      disabledAt: true,
      tmAccountId: true,
      tmDisplayName: true,
      tmVerified: true,
      timezone: true,
      digestHour: true,
      emailNotifications: true,
      createdAt: true,
      lastSignInAt: true,
      mapperAlerts: {
        orderBy: { createdAt: "asc" },
        select: { id: true, mapperDisplayName: true, mode: true, modeChosenByUser: true, createdAt: true, _count: { select: { maps: true } } },
      },
      driverWatches: {
        orderBy: { createdAt: "desc" },
        select: { id: true, status: true, condition: true, topN: true, lastScore: true, lastPosition: true, map: { select: { uid: true, name: true } } },
      },
      digests: {
        orderBy: { day: "desc" },
        take: RECENT_DIGESTS,
        select: { id: true, day: true, status: true, subject: true, recordCount: true, sentAt: true, error: true, sendAttempts: true },
      },
    },
  });
  if (!user) throw new AppError("not_found:user", "There is no such account.");
  return { ...user, deviceCount: await countDevices(user.id) };
}

export type UserForAdmin = Awaited<ReturnType<typeof getUserForAdmin>>;
