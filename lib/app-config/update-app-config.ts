import "server-only";
import { assertAdmin } from "@/lib/auth/roles";
import type { ActingUser } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import type { AppConfig } from "@/lib/generated/prisma/client";
import { appConfigSchema, type AppConfigInput } from "./schemas";

/**
 * Saves the site's limits — admins only. Nothing already created is touched: a lower alert limit
 * refuses new alerts but leaves users above it with theirs, and depth, threshold and mail length
 * take effect from the next check. Every reader calls `getAppConfig`, which reads the row each time,
 * so there is no cached copy to invalidate here (pages showing the values are revalidated by the action).
 */
export async function updateAppConfig(actor: ActingUser, input: AppConfigInput): Promise<AppConfig> {
  assertAdmin(actor);
  const data = appConfigSchema.parse(input);
  const db = await getDb();
  const saved = { ...data, updatedById: actor.id };
  // Race-free even on a fresh database: a flat upsert with a non-empty update is one INSERT … ON CONFLICT DO UPDATE.
  return db.appConfig.upsert({ where: { id: 1 }, create: { id: 1, ...saved }, update: saved });
}
