import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { openDatabase } from "@/lib/db/connect";

/**
 * Once per `vitest run`: boot one migrated in-memory PGlite and dump it, so each test process starts
 * its embedded database from the snapshot (a cold PGlite boot plus migrations costs 4-12 s here).
 * With DATABASE_URL set, schemas that earlier runs left behind are dropped at the end.
 */
export default async function setup() {
  const dir = await mkdtemp(path.join(os.tmpdir(), "trackwatch-pglite-"));
  const db = await openDatabase({ driver: "pglite", dataDir: "memory://", migrate: true });
  const snapshot = await dumpOf(db);
  const file = path.join(dir, "snapshot.tar.gz");
  await writeFile(file, snapshot);
  await db.close();
  process.env.PGLITE_SNAPSHOT = file;

  return async () => {
    await rm(dir, { recursive: true, force: true });
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
