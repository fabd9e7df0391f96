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
  | { driver: "postgres"; url: string; schema?: string; migrate?: boolean }
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

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.driver === "postgres" ? openPostgres(options) : openPglite(options);
}

async function openPostgres(options: Extract<DatabaseOptions, { driver: "postgres" }>): Promise<Database> {
  const schema = options.schema ?? "public";
  if (options.migrate) await migratePostgres(options.url, schema);
  const pool = new pg.Pool({ connectionString: options.url, max: 10, options: `-c search_path="${schema}"` });
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
 * Applies pending migrations on one dedicated connection: the advisory lock and search_path are
 * per session, so a pool would not do.
 */
export async function migratePostgres(url: string, schema = "public"): Promise<MigrationReport> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const session = pgSession(client);
    await session.exec(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
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
