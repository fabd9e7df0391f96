import "server-only";
import { getConfig, type Config } from "@/lib/config";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { openDatabase, type Database, type DatabaseOptions } from "./connect";

export type { PrismaClient };
export * from "@/lib/generated/prisma/enums";

/** Translates config into how to open the database: Postgres when DATABASE_URL is set, else PGlite. */
export function databaseOptionsFrom(config: Config): DatabaseOptions {
  if (config.DATABASE_URL) {
    return {
      driver: "postgres",
      url: config.DATABASE_URL,
      migrationUrl: config.DATABASE_URL_UNPOOLED,
      schema: config.DATABASE_SCHEMA,
      migrate: config.DATABASE_AUTO_MIGRATE,
    };
  }
  // The embedded database always migrates itself on first use: `npm run dev` needs no set-up step.
  return { driver: "pglite", dataDir: config.PGLITE_DATA_DIR, snapshot: config.PGLITE_SNAPSHOT, migrate: true };
}

// Cached on globalThis so Next's dev hot reload reuses one connection (and one PGlite instance,
// which must never be opened twice on the same directory).
const globalForDb = globalThis as unknown as { trackwatchDb?: Promise<Database> };

function database(): Promise<Database> {
  globalForDb.trackwatchDb ??= openDatabase(databaseOptionsFrom(getConfig())).catch((error) => {
    globalForDb.trackwatchDb = undefined;
    throw error;
  });
  return globalForDb.trackwatchDb;
}

/** The Prisma client, ready to use (migrated, for the embedded database). */
export async function getDb(): Promise<PrismaClient> {
  return (await database()).prisma;
}

export async function checkDbHealth(): Promise<{ driver: "postgres" | "pglite"; ok: boolean; error?: string }> {
  const driver = getConfig().drivers.db;
  try {
    const db = await database();
    await db.sql.query("SELECT 1");
    return { driver, ok: true };
  } catch (error) {
    return { driver, ok: false, error: (error as Error).message };
  }
}

/** Closes the process's database (scripts and tests). */
export async function closeDb(): Promise<void> {
  const pending = globalForDb.trackwatchDb;
  globalForDb.trackwatchDb = undefined;
  if (pending) await (await pending).close();
}
