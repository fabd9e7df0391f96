import { randomBytes } from "node:crypto";
import { afterAll } from "vitest";

// Each test file runs in a fresh module context: it gets its own embedded database (booted from the
// run's migrated snapshot) or, when DATABASE_URL is set, its own schema on that server.
process.env.NEXT_TELEMETRY_DISABLED = "1";
process.env.PGLITE_DATA_DIR = "memory://";
// What next.config's `skipProxyUrlNormalize` defines in the build: NextRequest keeps the URL it is given
// (Next would otherwise rewrite 127.0.0.1 to "localhost", and Auth.js's callbacks with it).
process.env.__NEXT_NO_MIDDLEWARE_URL_NORMALIZE = "1";
if (process.env.DATABASE_URL) {
  process.env.DATABASE_SCHEMA = `test_${process.pid}_${randomBytes(3).toString("hex")}`;
  process.env.DATABASE_AUTO_MIGRATE = "1";
}

// The app's job handlers, as every entry point gives them to the queue (lib/workers); the handlers
// and the domain behind them load on the first delivery, after the test file has set its environment.
const { installJobHandlers } = await import("@/lib/workers");
installJobHandlers();

afterAll(async () => {
  const { closeDb } = await import("@/lib/db");
  await closeDb();
});
