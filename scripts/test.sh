#!/usr/bin/env bash
# npm test — everything: unit and integration tests (Vitest), a production build, then the browser
# tests (Playwright, against `next start`). Runs on the embedded defaults; set DATABASE_URL to run the
# same suites against a PostgreSQL server.
#
# With DATABASE_URL it also runs the staging journey (playwright.staging.config.ts).
# It needs Chromium and a Redis, and checks both before anything slow (tests/support/preflight.ts):
# a Redis answering on TEST_REDIS_URL (default 127.0.0.1:6379), else redis-server, which the Vitest
# global setup starts on a free port for the run and stops after it (tests/support/test-redis.ts).
# Each phase prints its duration; a summary follows, also when a phase fails (scripts/support/phases.sh).
# E2E_SKIP_ONCE=1 skips the browser tests tagged @once (CI runs them in its first pass only).
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
source scripts/support/phases.sh

npx tsx tests/support/preflight.ts

once=()
if [[ ${E2E_SKIP_ONCE:-} == 1 ]]; then once=(--grep-invert @once); fi

# Budgets in seconds: a warning line when a phase goes over, never a failure.
phases_start "npm test" 1000
phase 330 "Vitest" "unit and integration tests"
npx vitest run

phase 150 "next build" "the production build"
npx next build

phase 520 "Playwright" "browser tests in the system Chromium"
npx playwright test "${once[@]}"

# The app as deployed: every production driver against local fakes (npm run staging), one journey.
# It needs PostgreSQL, so it runs with DATABASE_URL only (CI's second pass).
if [[ -n ${DATABASE_URL:-} ]]; then
  phase 240 "Staging" "the production drivers together: npm run staging and its browser journey"
  npx playwright test -c playwright.staging.config.ts
fi
