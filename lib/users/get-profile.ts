import "server-only";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { ActingUser } from "@/lib/actor";

/** The acting user's own profile and counts for the dashboard. */
export async function getProfile(actor: ActingUser) {
  const db = await getDb();
  const user = await db.user.findUnique({
    where: { id: actor.id },
    select: {
      id: true,
      name: true,
      email: true,
      emailVerifiedAt: true,
      tmAccountId: true,
      tmDisplayName: true,
      tmVerified: true,
      timezone: true,
      digestHour: true,
      emailNotifications: true,
      _count: { select: { mapperAlerts: true, driverWatches: true } },
      digests: { orderBy: { day: "desc" }, take: 1, select: { day: true, status: true, subject: true } },
    },
  });
  if (!user) throw new AppError("not_found:user");
  return user;
}
