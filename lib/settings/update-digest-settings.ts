import "server-only";
import type { ActingUser } from "@/lib/actor";
import { getDb } from "@/lib/db";
import { digestSettingsSchema, type DigestSettingsInput } from "./schemas";

/**
 * Email on/off, when the daily digest is due (a local hour, 0–23, in an IANA time zone), and whether
 * driver watches tell the user's own improvements.
 */
export async function updateDigestSettings(actor: ActingUser, input: DigestSettingsInput) {
  const data = digestSettingsSchema.parse(input);
  const db = await getDb();
  return db.user.update({
    where: { id: actor.id },
    data: {
      emailNotifications: data.emailNotifications,
      digestHour: data.digestHour,
      timezone: data.timezone,
      reportOwnImprovements: data.reportOwnImprovements,
    },
    select: { emailNotifications: true, digestHour: true, timezone: true, reportOwnImprovements: true },
  });
}
