#!/usr/bin/env bash
# npm test — everything: unit and integration tests (Vitest), a production build, then the browser
# tests (Playwright, against `next start`). Runs on the embedded defaults; set DATABASE_URL to run the
# same suites against a PostgreSQL server.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

echo "▶ Unit and integration tests (Vitest)"
npx vitest run

echo "▶ Production build (next build)"
npx next build

echo "▶ Browser tests (Playwright, system Chromium)"
npx playwright test
