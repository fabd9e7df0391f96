import "server-only";
import type { ActingUser } from "@/lib/actor";
import { getDb } from "@/lib/db";
import { profileSettingsSchema, type ProfileSettingsInput } from "./schemas";

/** Changes the acting user's display name (what Trackwatch calls them in the app and in emails). */
export async function updateProfile(actor: ActingUser, input: ProfileSettingsInput) {
  const data = profileSettingsSchema.parse(input);
  const db = await getDb();
  return db.user.update({ where: { id: actor.id }, data: { name: data.name }, select: { name: true } });
}
