import { randomBytes } from "node:crypto";
import pg from "pg";
import { openDatabase, type Database } from "@/lib/db/connect";

/**
 * A fresh, migrated database for one test file: a private schema in the Postgres named by
 * DATABASE_URL when it is set (CI's second pass), otherwise an in-memory PGlite.
 */
export async function openTestDatabase(): Promise<Database & { schema?: string }> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const schema = `test_${process.pid}_${randomBytes(3).toString("hex")}`;
    const db = await openDatabase({ driver: "postgres", url, schema, migrate: true });
    return {
      ...db,
      schema,
      close: async () => {
        await db.close();
        await dropSchema(url, schema);
      },
    };
  }
  return openDatabase({ driver: "pglite", dataDir: "memory://", snapshot: process.env.PGLITE_SNAPSHOT, migrate: true });
}

export async function dropSchema(url: string, schema: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}
