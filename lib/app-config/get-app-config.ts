import "server-only";
import { getDb } from "@/lib/db";
import type { AppConfig } from "@/lib/generated/prisma/client";

export type { AppConfig };

/** The admin-editable limits (one row, created with its defaults on first read). */
export async function getAppConfig(): Promise<AppConfig> {
  const db = await getDb();
  const row = await db.appConfig.findUnique({ where: { id: 1 } });
  if (row) return row;
  // Not `upsert`: with an empty update Prisma runs SELECT-then-INSERT, and concurrent first reads on
  // Postgres failed on AppConfig_pkey. createMany + skipDuplicates is INSERT … ON CONFLICT DO NOTHING.
  await db.appConfig.createMany({ data: [{ id: 1 }], skipDuplicates: true });
  return db.appConfig.findUniqueOrThrow({ where: { id: 1 } });
}
