import "server-only";
import { assertAdmin } from "@/lib/actor";
import type { ActingUser } from "@/lib/actor";
import { getDb } from "@/lib/db";
import type { AppConfig } from "@/lib/generated/prisma/client";
import { getAppConfig } from "./get-app-config";
import { APP_CONFIG_FIELDS, appConfigSchema, type AppConfigInput } from "./schemas";

/**
 * Saves the site's limits — admins only — and logs each value that changed, with who changed it.
 * Nothing already created is touched: a lower alert limit refuses new alerts but leaves users above it
 * with theirs, and depth, threshold and mail length take effect from the next check. Every reader calls
 * `getAppConfig`, which reads the row each time, so there is no cached copy to invalidate here.
 */
export async function updateAppConfig(actor: ActingUser, input: AppConfigInput): Promise<AppConfig> {
  assertAdmin(actor);
  const data = appConfigSchema.parse(input);
  // The row exists before the transaction locks it (a fresh database has none yet).
  await getAppConfig();
  const db = await getDb();
  return db.$transaction(async (tx) => {
    // Locked so two admins saving at once each log the change from what the other saved.
    const [before] = await tx.$queryRaw<AppConfig[]>`SELECT * FROM "AppConfig" WHERE "id" = 1 FOR UPDATE`;
    const saved = await tx.appConfig.update({ where: { id: 1 }, data: { ...data, updatedById: actor.id } });
    const changes = APP_CONFIG_FIELDS.filter((field) => before && String(before[field]) !== String(saved[field])).map((field) => ({
      field,
      oldValue: String(before![field]),
      newValue: String(saved[field]),
      changedById: actor.id,
    }));
    if (changes.length > 0) await tx.appConfigChange.createMany({ data: changes });
    return saved;
  });
}
