import { readFile } from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { afterAll, describe, expect, it } from "vitest";
import { applyMigrations, listMigrations, migrationChecksum, type SqlSession } from "@/lib/db/migrations";
import { diffDatabaseToSchema, diffMigrationsToSchema, schemaPath } from "@/lib/db/schema-engine";
import { openDatabase } from "@/lib/db/connect";
import { dropSchema } from "../../support/database";

// The drift test: the committed migrations, applied by our own migrator to an empty database, must
// produce exactly what schema.prisma declares. Prisma's schema engine (wasm) introspects the result
// and diffs it against the schema: any missing model, field, type, nullability, default, unique,
// index or foreign key shows up as SQL.

const modelNames = async () =>
  [...(await readFile(schemaPath(), "utf8")).matchAll(/^model (\w+) \{/gm)].map((match) => match[1]!);

describe("migrations", () => {
  it("generate exactly schema.prisma (no migration is missing)", async () => {
    const { inSync, sql } = await diffMigrationsToSchema();
    expect(sql).toBe("-- This is an empty migration.");
    expect(inSync).toBe(true);
  });

  it("are recorded with Prisma's checksum, once", async () => {
    const client = await PGlite.create();
    const session: SqlSession = {
      exec: async (sql) => void (await client.exec(sql)),
      query: async <Row,>(sql: string, params?: unknown[]) => (await client.query<Row>(sql, params)).rows,
    };
    const first = await applyMigrations(session);
    const second = await applyMigrations(session);
    const migrations = await listMigrations();
    expect(first.applied).toEqual(migrations.map((m) => m.name));
    expect(second.applied).toEqual([]);
    const rows = await session.query<{ migration_name: string; checksum: string; applied_steps_count: number }>(
      `SELECT migration_name, checksum, applied_steps_count FROM "_prisma_migrations" WHERE finished_at IS NOT NULL ORDER BY migration_name`,
    );
    expect(rows).toEqual(
      migrations.map((m) => ({ migration_name: m.name, checksum: migrationChecksum(m.sql), applied_steps_count: 1 })),
    );
    expect(rows[0]!.checksum).toMatch(/^[0-9a-f]{64}$/);
    await client.close();
  });

  it("applied to an empty PGlite database match schema.prisma", async () => {
    const client = await PGlite.create();
    const session: SqlSession = {
      exec: async (sql) => void (await client.exec(sql)),
      query: async <Row,>(sql: string, params?: unknown[]) => (await client.query<Row>(sql, params)).rows,
    };
    await applyMigrations(session);
    const tables = (await session.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`,
    )).map((row) => row.table_name);
    expect(tables.sort()).toEqual([...(await modelNames()), "_prisma_migrations"].sort());

    expect(await diffDatabaseToSchema(new PrismaPGlite(client))).toEqual({
      inSync: true,
      sql: "-- This is an empty migration.",
    });

    // The check has teeth: a dropped column and index are reported.
    await client.exec(`ALTER TABLE "Digest" DROP COLUMN "providerMessageId"; DROP INDEX "Digest_status_idx";`);
    const drift = await diffDatabaseToSchema(new PrismaPGlite(client));
    expect(drift.inSync).toBe(false);
    expect(drift.sql).toContain(`ADD COLUMN     "providerMessageId" TEXT`);
    expect(drift.sql).toContain(`CREATE INDEX "Digest_status_idx"`);
    await client.close();
  });

  const url = process.env.DATABASE_URL;
  describe.runIf(url)("on the PostgreSQL server named by DATABASE_URL", () => {
    const schema = `drift_${process.pid}`;
    afterAll(() => dropSchema(url!, schema));

    // The wasm engine cannot introspect through adapter-pg (it chokes on catalog "char" columns), so
    // the server's catalog is compared with PGlite's, which the engine has just proven matches the schema.
    it("applied to an empty schema give the same tables, columns, indexes, constraints and enums as PGlite", async () => {
      const server = await openDatabase({ driver: "postgres", url: url!, schema, migrate: true });
      const embedded = await openDatabase({ driver: "pglite", dataDir: "memory://", migrate: true });
      try {
        const onServer = await describeSchema(server.sql, schema);
        const onEmbedded = await describeSchema(embedded.sql, "public");
        expect(onServer.columns.length).toBeGreaterThan(100);
        expect(onServer).toEqual(onEmbedded);
      } finally {
        await server.close();
        await embedded.close();
      }
    });
  });
});

/** The structure of one schema as the catalog reports it, with the schema name taken out. */
async function describeSchema(sql: SqlSession, schema: string) {
  const strip = (text: string | null) => (text ?? "").replaceAll(`"${schema}".`, "").replaceAll(`${schema}.`, "");
  const columns = await sql.query<Record<string, string>>(
    `SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default, character_maximum_length::text AS len
       FROM information_schema.columns WHERE table_schema = $1 ORDER BY table_name, column_name`,
    [schema],
  );
  const indexes = await sql.query<{ indexname: string; indexdef: string }>(
    `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = $1 ORDER BY indexname`,
    [schema],
  );
  // PostgreSQL 18 (PGlite) also lists NOT NULL as constraints ('n'); nullability is compared through columns.
  const constraints = await sql.query<{ conname: string; def: string }>(
    `SELECT c.conname, pg_get_constraintdef(c.oid) AS def FROM pg_constraint c
       JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = $1 AND c.contype <> 'n' ORDER BY c.conname`,
    [schema],
  );
  const enums = await sql.query<{ typname: string; labels: string }>(
    `SELECT t.typname, string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) AS labels FROM pg_type t
       JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE n.nspname = $1 GROUP BY t.typname ORDER BY t.typname`,
    [schema],
  );
  return {
    columns: columns.map((c) => ({ ...c, column_default: strip(c.column_default ?? null) })),
    indexes: indexes.map((i) => ({ name: i.indexname, def: strip(i.indexdef) })),
    constraints: constraints.map((c) => ({ name: c.conname, def: strip(c.def) })),
    enums,
  };
}
