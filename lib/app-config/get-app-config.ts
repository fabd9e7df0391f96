import "server-only";
import { getDb } from "@/lib/db";
import type { AppConfig } from "@/lib/generated/prisma/client";

export type { AppConfig };

/** The admin-editable limits (one row, created with its defaults on first read). */
export async function getAppConfig(): Promise<AppConfig> {
  const db = await getDb();
  return db.appConfig.upsert({ where: { id: 1 }, create: { id: 1 }, update: {} });
}
