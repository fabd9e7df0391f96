import { randomBytes } from "node:crypto";
import { afterAll } from "vitest";

// Each test file runs in a fresh module context: it gets its own embedded database (booted from the
// run's migrated snapshot) or, when DATABASE_URL is set, its own schema on that server.
process.env.NEXT_TELEMETRY_DISABLED = "1";
process.env.PGLITE_DATA_DIR = "memory://";
if (process.env.DATABASE_URL) {
  process.env.DATABASE_SCHEMA = `test_${process.pid}_${randomBytes(3).toString("hex")}`;
  process.env.DATABASE_AUTO_MIGRATE = "1";
}

afterAll(async () => {
  const { closeDb } = await import("@/lib/db");
  await closeDb();
});
