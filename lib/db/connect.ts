import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { mkdir, readFile } from "node:fs/promises";
import { PrismaPg } from "@prisma/adapter-pg";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import pg from "pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { applyMigrations, type MigrationReport, type SqlSession } from "./migrations";

/**
 * Opens the database a config asks for. Kept free of `server-only` so scripts (npm run db:migrate,
 * npm run daily) and tests can use it; the app goes through `lib/db/index.ts`.
 */

export type DatabaseOptions =
  | {
      driver: "postgres";
      /** What the app queries through; a pooled URL (Neon's PgBouncer) is fine. */
      url: string;
      /**
       * A direct (unpooled) URL for migrations, which need one session throughout (advisory lock,
       * search_path) and so cannot go through a transaction-mode pooler. Default: `url`.
       */
      migrationUrl?: string;
      /** Postgres schema; default `public`. Tests give each process its own. */
      schema?: string;
      migrate?: boolean;
    }
  | { driver: "pglite"; dataDir: string; snapshot?: string; migrate?: boolean };

export type Database = {
  driver: "postgres" | "pglite";
  prisma: PrismaClient;
  /** Raw SQL for the migrator and health checks. */
  sql: SqlSession;
  /** PGlite only: the data directory as a tarball (tests boot from it). */
  dumpDataDir?: () => Promise<Blob>;
  close(): Promise<void>;
};

const DEFAULT_SCHEMA = "public";

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.driver === "postgres" ? openPostgres(options) : openPglite(options);
}

async function openPostgres(options: Extract<DatabaseOptions, { driver: "postgres" }>): Promise<Database> {
  const schema = options.schema ?? DEFAULT_SCHEMA;
  if (options.migrate) await migratePostgres(options.migrationUrl ?? options.url, schema);
  const pool = new pg.Pool(postgresPoolConfig(options.url, schema));
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool, { schema }) });
  return {
    driver: "postgres",
    prisma,
    sql: {
      exec: async (sql) => {
        await pool.query(sql);
      },
      query: async <Row,>(sql: string, params?: unknown[]) => (await pool.query(sql, params)).rows as Row[],
    },
    close: async () => {
      await prisma.$disconnect();
      await pool.end().catch(() => undefined);
    },
  };
}

/**
 * How the app's pool connects. The `options` startup parameter (search_path) goes out only for a
 * non-default schema: PgBouncer, and so Neon's pooled URLs, refuse the connection with
 * "unsupported startup parameter: options", and the server's default search_path finds `public`.
 */
export function postgresPoolConfig(url: string, schema = DEFAULT_SCHEMA): pg.PoolConfig {
  return {
    connectionString: url,
    max: 10,
    ...(schema === DEFAULT_SCHEMA ? {} : { options: `-c search_path="${schema}"` }),
  };
}

/**
 * Applies pending migrations on one dedicated connection: the advisory lock and search_path are
 * per session, so neither a pool nor a transaction-mode pooler (Neon's pooled URL) will do; give it
 * the direct URL.
 */
export async function migratePostgres(url: string, schema = DEFAULT_SCHEMA): Promise<MigrationReport> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const session = pgSession(client);
    // Only for a schema of our own: `public` exists, and CREATE SCHEMA checks the CREATE privilege
    // on the database before it looks whether the schema exists.
    if (schema !== DEFAULT_SCHEMA) await session.exec(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    // Always, even for `public`: a schema named after the user would otherwise come first.
    await session.exec(`SET search_path TO "${schema}"`);
    return await applyMigrations(session, { useAdvisoryLock: true });
  } finally {
    await client.end();
  }
}

function pgSession(client: pg.Client): SqlSession {
  return {
    exec: async (sql) => {
      await client.query(sql);
    },
    query: async <Row,>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as Row[],
  };
}

async function openPglite(options: Extract<DatabaseOptions, { driver: "pglite" }>): Promise<Database> {
  const inMemory = options.dataDir === "memory://" || options.dataDir === "";
  let client: PGlite;
  let releaseLock = () => {};
  if (options.snapshot) {
    const snapshot = new Blob([await readFile(options.snapshot)]);
    client = await PGlite.create({ loadDataDir: snapshot });
  } else if (inMemory) {
    client = await PGlite.create();
  } else {
    await mkdir(options.dataDir, { recursive: true });
    releaseLock = claimDataDir(options.dataDir);
    client = await PGlite.create(options.dataDir);
  }
  const session: SqlSession = {
    exec: async (sql) => {
      await client.exec(sql);
    },
    query: async <Row,>(sql: string, params?: unknown[]) => (await client.query<Row>(sql, params)).rows,
  };
  if (options.migrate !== false) await applyMigrations(session);
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(client) });
  return {
    driver: "pglite",
    prisma,
    sql: session,
    dumpDataDir: async () => (await client.dumpDataDir("gzip")) as Blob,
    close: async () => {
      await prisma.$disconnect();
      await client.close();
      releaseLock();
    },
  };
}

/**
 * PGlite is single-process: two processes opening one directory corrupt it. A pid file refuses the
 * second opener (say `npm run admin:grant` while `npm run dev` runs) with a message instead.
 */
function claimDataDir(dataDir: string): () => void {
  const lockFile = `${dataDir.replace(/\/+$/, "")}.lock`;
  try {
    const holder = Number(readFileSync(lockFile, "utf8"));
    if (holder && holder !== process.pid && isAlive(holder)) {
      throw new Error(
        `The embedded database at ${dataDir} is in use by process ${holder} (is \`npm run dev\` running?). Stop it first, or point PGLITE_DATA_DIR elsewhere.`,
      );
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  writeFileSync(lockFile, String(process.pid));
  const release = () => rmSync(lockFile, { force: true });
  process.once("exit", release);
  return release;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
