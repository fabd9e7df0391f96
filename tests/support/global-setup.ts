import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { openDatabase } from "@/lib/db/connect";
import { ensureTestRedis, RedisMissingError } from "@/tests/support/test-redis";

/**
 * Once per `vitest run`:
 * - find the Redis the tests use, or start a private one for the run (tests/support/test-redis.ts);
 *   its URL reaches every test process as TEST_REDIS_URL. Without redis-server the run stops here,
 *   with one line saying what to install.
 * - boot one migrated in-memory PGlite and dump it, so each test process starts its embedded
 *   database from the snapshot (a cold PGlite boot plus migrations costs 4-12 s here).
 * With DATABASE_URL set, schemas that earlier runs left behind are dropped at the end.
 */
export default async function setup() {
  const redis = await ensureTestRedis().catch((error: unknown) => {
    if (!(error instanceof RedisMissingError)) throw error;
    console.error(error.message);
    process.exit(1);
  });
  process.env.TEST_REDIS_URL = redis.url;

  const dir = await mkdtemp(path.join(os.tmpdir(), "trackwatch-pglite-"));
  try {
    const db = await openDatabase({ driver: "pglite", dataDir: "memory://", migrate: true });
    const snapshot = await dumpOf(db);
    const file = path.join(dir, "snapshot.tar.gz");
    await writeFile(file, snapshot);
    await db.close();
    process.env.PGLITE_SNAPSHOT = file;
  } catch (error) {
    await Promise.all([redis.stop(), rm(dir, { recursive: true, force: true })]);
    throw error;
  }

  return async () => {
    await Promise.all([redis.stop(), rm(dir, { recursive: true, force: true })]);
    if (process.env.DATABASE_URL) await dropTestSchemas(process.env.DATABASE_URL);
  };
}

async function dumpOf(db: Awaited<ReturnType<typeof openDatabase>>): Promise<Buffer> {
  const blob = await db.dumpDataDir!();
  return Buffer.from(await blob.arrayBuffer());
}

async function dropTestSchemas(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ nspname: string }>(
      `SELECT nspname FROM pg_namespace WHERE nspname LIKE 'test\\_%' OR nspname LIKE 'drift\\_%'`,
    );
    for (const row of rows) await client.query(`DROP SCHEMA IF EXISTS "${row.nspname}" CASCADE`);
  } finally {
    await client.end();
  }
}
