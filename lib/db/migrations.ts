import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

/**
 * Applies the SQL migrations in `prisma/migrations` (Prisma's layout) and records them in
 * `_prisma_migrations` exactly as Prisma's engine does, with the same checksum, so that
 * `prisma migrate deploy` accepts a database migrated here wherever Prisma's engine is available.
 * The project applies them itself because Prisma's CLI needs a native engine it downloads on demand.
 */

export type Migration = { name: string; sql: string; checksum: string };

/** The minimal SQL surface the migrator needs; PGlite and node-postgres both provide it. */
export interface SqlSession {
  exec(sql: string): Promise<void>;
  query<Row>(sql: string, params?: unknown[]): Promise<Row[]>;
}

// Prisma's own table definition (schema-engine/connectors/sql-schema-connector, postgres flavour).
const MIGRATIONS_TABLE_SQL = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
);`;

// The advisory lock id Prisma's engine takes, so our migrator and `prisma migrate deploy` exclude each other.
const ADVISORY_LOCK_ID = 72707369;

export const defaultMigrationsDir = () => path.join(process.cwd(), "prisma", "migrations");

/** Prisma's migration checksum: lowercase hex SHA-256 of the file's bytes. */
export function migrationChecksum(sql: string): string {
  return createHash("sha256").update(sql, "utf8").digest("hex");
}

export async function listMigrations(dir = defaultMigrationsDir()): Promise<Migration[]> {
  // Traced explicitly instead (next.config.ts outputFileTracingIncludes): the path is a parameter.
  const entries = await readdir(/*turbopackIgnore: true*/ dir, { withFileTypes: true });
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(/*turbopackIgnore: true*/ path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: migrationChecksum(sql) };
    }),
  );
}

export type MigrationReport = { applied: string[]; alreadyApplied: string[] };

/**
 * Applies every migration not yet recorded, each in its own transaction. Refuses to continue when a
 * recorded migration's file has changed or a previous attempt failed half-way, as Prisma does.
 */
export async function applyMigrations(
  session: SqlSession,
  options: { dir?: string; useAdvisoryLock?: boolean } = {},
): Promise<MigrationReport> {
  const migrations = await listMigrations(options.dir);
  if (options.useAdvisoryLock) await session.query(`SELECT pg_advisory_lock(${ADVISORY_LOCK_ID})`);
  try {
    await session.exec(MIGRATIONS_TABLE_SQL);
    const recorded = await session.query<{
      migration_name: string;
      checksum: string;
      finished_at: Date | null;
      rolled_back_at: Date | null;
    }>(`SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"`);

    const report: MigrationReport = { applied: [], alreadyApplied: [] };
    for (const migration of migrations) {
      const rows = recorded.filter((row) => row.migration_name === migration.name && row.rolled_back_at === null);
      const finished = rows.find((row) => row.finished_at !== null);
      if (finished) {
        if (finished.checksum !== migration.checksum) {
          throw new Error(
            `Migration ${migration.name} was edited after it was applied (checksum mismatch). Create a new migration instead.`,
          );
        }
        report.alreadyApplied.push(migration.name);
        continue;
      }
      if (rows.length > 0) {
        throw new Error(
          `Migration ${migration.name} failed earlier and was left half-applied. Fix the database, then mark it rolled back.`,
        );
      }
      await applyOne(session, migration);
      report.applied.push(migration.name);
    }
    return report;
  } finally {
    if (options.useAdvisoryLock) await session.query(`SELECT pg_advisory_unlock(${ADVISORY_LOCK_ID})`);
  }
}

async function applyOne(session: SqlSession, migration: Migration) {
  const id = randomUUID();
  await session.exec("BEGIN");
  try {
    await session.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES ($1, $2, $3, now(), 0)`,
      [id, migration.checksum, migration.name],
    );
    await session.exec(migration.sql);
    await session.query(
      `UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`,
      [id],
    );
    await session.exec("COMMIT");
  } catch (error) {
    await session.exec("ROLLBACK");
    throw new Error(`Migration ${migration.name} failed: ${(error as Error).message}`, { cause: error });
  }
}
