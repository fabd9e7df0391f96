import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { listMigrations } from "./migrations";

/**
 * Prisma's schema engine compiled to WebAssembly, driven over an in-memory PGlite. Development
 * tooling only (generating migrations, drift checks): it produces the same SQL as `prisma migrate
 * diff`, without the native engine binary Prisma's CLI downloads on demand.
 */

type DiffTarget =
  | { tag: "empty" }
  | { tag: "schemaDatamodel"; files: { path: string; content: string }[] }
  | {
      tag: "migrations";
      baseDir: string;
      lockfile: { path: string; content: string | null };
      shadowDbInitScript: string;
      migrationDirectories: { path: string; migrationFile: { path: string; content: { tag: "ok"; value: string } } }[];
    };

type Engine = {
  diff(params: {
    from: DiffTarget;
    to: DiffTarget;
    script: boolean;
    exitCode: boolean | null;
    filters: { externalTables: string[]; externalEnums: string[] };
  }): Promise<{ exitCode: number; stdout: string | null }>;
  free(): void;
};

type EngineModule = {
  SchemaEngine: { new: (options: unknown, callback: (log: string) => void, adapter: object) => Promise<Engine> };
  __wbg_set_wasm(exports: unknown): void;
};

let engineModule: Promise<EngineModule> | undefined;

// Node 20 cannot import the package's `.wasm` ESM entry without a flag, so instantiate it by hand.
async function loadEngineModule(): Promise<EngineModule> {
  const require = createRequire(import.meta.url);
  const bindings = (await import("@prisma/schema-engine-wasm/schema_engine_bg")) as unknown as EngineModule;
  const wasmPath = path.join(path.dirname(require.resolve("@prisma/schema-engine-wasm/schema_engine_bg")), "schema_engine_bg.wasm");
  const { instance } = await WebAssembly.instantiate(await readFile(wasmPath), {
    "./schema_engine_bg.js": bindings as unknown as WebAssembly.ModuleImports,
  });
  bindings.__wbg_set_wasm(instance.exports);
  (instance.exports as { __wbindgen_start: () => void }).__wbindgen_start();
  return bindings;
}

export const schemaPath = () => path.join(process.cwd(), "prisma", "schema.prisma");
export const migrationsDir = () => path.join(process.cwd(), "prisma", "migrations");

async function withEngine<T>(
  adapter: SqlMigrationAwareDriverAdapterFactory,
  work: (engine: Engine, schema: { path: string; content: string }) => Promise<T>,
): Promise<T> {
  engineModule ??= loadEngineModule();
  const { SchemaEngine } = await engineModule;
  const schema = { path: schemaPath(), content: await readFile(schemaPath(), "utf8") };
  const engine = await SchemaEngine.new(
    { datamodels: [[schema.path, schema.content]] },
    () => undefined,
    bindMigrationAwareSqlAdapterFactory(adapter),
  );
  try {
    return await work(engine, schema);
  } finally {
    engine.free();
  }
}

async function migrationsTarget(): Promise<DiffTarget> {
  const dir = migrationsDir();
  const lockPath = path.join(dir, "migration_lock.toml");
  const lock = await readFile(lockPath, "utf8").catch(() => null);
  const migrations = await listMigrations(dir);
  return {
    tag: "migrations",
    baseDir: dir,
    lockfile: { path: lockPath, content: lock },
    shadowDbInitScript: "",
    migrationDirectories: migrations.map((migration) => ({
      path: migration.name,
      migrationFile: { path: "migration.sql", content: { tag: "ok", value: migration.sql } },
    })),
  };
}

const noFilters = { externalTables: [], externalEnums: [] };

/**
 * SQL that takes a database from the committed migrations to the current schema.prisma.
 * Empty when they agree. Prisma prints "-- This is an empty migration." in that case.
 */
export async function diffMigrationsToSchema(): Promise<{ inSync: boolean; sql: string }> {
  const shadow = await PGlite.create();
  try {
    return await withEngine(new PrismaPGlite(shadow), async (engine, schema) => {
      const from = (await listMigrations(migrationsDir())).length > 0 ? await migrationsTarget() : { tag: "empty" as const };
      const result = await engine.diff({
        from,
        to: { tag: "schemaDatamodel", files: [schema] },
        script: true,
        exitCode: true,
        filters: noFilters,
      });
      const sql = (result.stdout ?? "").trim();
      return { inSync: result.exitCode === 0, sql };
    });
  } finally {
    await shadow.close();
  }
}

/**
 * Compares a live database, reached through a Prisma driver adapter, with schema.prisma: every table,
 * column, type, nullability, default, unique, index, enum and foreign key. Empty SQL means the
 * database is exactly what the schema declares.
 */
export async function diffDatabaseToSchema(
  adapter: SqlMigrationAwareDriverAdapterFactory,
): Promise<{ inSync: boolean; sql: string }> {
  return withEngine(adapter, async (engine, schema) => {
    const result = await engine.diff({
      // With a driver adapter the engine introspects through the adapter; the URL only selects the flavour.
      from: { tag: "schemaDatasource", files: [schema], configDir: path.dirname(schema.path) } as unknown as DiffTarget,
      to: { tag: "schemaDatamodel", files: [schema] },
      script: true,
      exitCode: true,
      filters: noFilters,
    });
    return { inSync: result.exitCode === 0, sql: (result.stdout ?? "").trim() };
  });
}
