import { defineConfig, devices } from "@playwright/test";

const port = Number(process.env.STAGING_PORT ?? 3200);

// The staging journey (tests/staging): the production build with every production driver against
// local fakes, started by `npm run staging`. Needs DATABASE_URL; scripts/test.sh runs it in the
// PostgreSQL pass only.
export default defineConfig({
  testDir: "tests/staging",
  outputDir: "test-results/staging",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 300_000,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: { executablePath: process.env.PLAYWRIGHT_CHROMIUM_PATH ?? "/usr/bin/chromium" },
    extraHTTPHeaders: { "x-forwarded-for": "203.0.113.77" },
  },
  projects: [{ name: "staging", use: { ...devices["Desktop Chrome"] } }],
  webServer: {
    command: "npx tsx --import ./scripts/support/register.mjs scripts/staging.ts",
    url: `http://127.0.0.1:${port}/api/health`,
    env: { STAGING_PORT: String(port) },
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
  },
});
