import "server-only";
import type { ActingUser } from "@/lib/actor";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";

export type AccountSettings = {
  email: string;
  name: string | null;
  emailVerified: boolean;
  /** False for accounts without a password (none today; kept so delete can ask for the email instead). */
  hasPassword: boolean;
  trackmania: { accountId: string; displayName: string | null; verified: boolean } | null;
  emailNotifications: boolean;
  /** Driver watches also tell the user's own improvements on watched maps. */
  reportOwnImprovements: boolean;
  digestHour: number;
  timezone: string;
};

/** What the settings page shows the acting user about their own account. */
export async function getSettings(actor: ActingUser): Promise<AccountSettings> {
  const db = await getDb();
  const user = await db.user.findUnique({
    where: { id: actor.id },
    select: {
      email: true,
      name: true,
      emailVerifiedAt: true,
      passwordHash: true,
      tmAccountId: true,
      tmDisplayName: true,
      tmVerified: true,
      emailNotifications: true,
      reportOwnImprovements: true,
      digestHour: true,
      timezone: true,
    },
  });
  if (!user) throw new AppError("not_found:user", "This account no longer exists.");
  return {
    email: user.email,
    name: user.name,
    emailVerified: user.emailVerifiedAt !== null,
    hasPassword: user.passwordHash !== null,
    trackmania: user.tmAccountId ? { accountId: user.tmAccountId, displayName: user.tmDisplayName, verified: user.tmVerified } : null,
    emailNotifications: user.emailNotifications,
    reportOwnImprovements: user.reportOwnImprovements,
    digestHour: user.digestHour,
    timezone: user.timezone,
  };
}
