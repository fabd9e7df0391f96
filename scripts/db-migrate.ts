// npm run db:migrate — applies pending migrations to the configured database (through
// DATABASE_URL_UNPOOLED when set, else DATABASE_URL; or the embedded PGlite under PGLITE_DATA_DIR) and
// records them in _prisma_migrations like Prisma does.
import { loadConfig } from "../lib/config";
import { migratePostgres, openDatabase } from "../lib/db/connect";
import { applyMigrations, type MigrationReport } from "../lib/db/migrations";

const config = loadConfig(process.env);
let report: MigrationReport;
if (config.DATABASE_URL) {
  // The migrator needs one session throughout (advisory lock), which a transaction-mode pooler cannot
  // give; Neon names its pooled endpoints `<endpoint>-pooler.<region>…`.
  if (!config.DATABASE_URL_UNPOOLED && new URL(config.DATABASE_URL).hostname.includes("-pooler.")) {
    console.warn("DATABASE_URL looks like Neon's pooled URL: set DATABASE_URL_UNPOOLED to the direct one for migrations.");
  }
  report = await migratePostgres(config.DATABASE_URL_UNPOOLED ?? config.DATABASE_URL, config.DATABASE_SCHEMA);
} else {
  const db = await openDatabase({ driver: "pglite", dataDir: config.PGLITE_DATA_DIR, migrate: false });
  try {
    report = await applyMigrations(db.sql);
  } finally {
    await db.close();
  }
}
console.log(
  `Database: ${config.drivers.db}. Applied ${report.applied.length} migration(s)` +
    `${report.applied.length ? `: ${report.applied.join(", ")}` : ""}; ${report.alreadyApplied.length} already applied.`,
);
