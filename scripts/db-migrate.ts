// npm run db:migrate — applies pending migrations to the configured database (DATABASE_URL, or the
// embedded PGlite under PGLITE_DATA_DIR) and records them in _prisma_migrations like Prisma does.
import { loadConfig } from "../lib/config";
import { migratePostgres, openDatabase } from "../lib/db/connect";
import { applyMigrations, type MigrationReport } from "../lib/db/migrations";

const config = loadConfig(process.env);
let report: MigrationReport;
if (config.DATABASE_URL) {
  report = await migratePostgres(config.DATABASE_URL, config.DATABASE_SCHEMA);
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
