#!/usr/bin/env bash
# Starts the production build for the browser tests on a fresh database: a new PGlite directory, or
# with DATABASE_URL a freshly dropped `e2e` schema on that server.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
export PGLITE_DATA_DIR="$PWD/.data/e2e/pglite"
export AUTH_SECRET="${AUTH_SECRET:-e2e-only-secret-not-for-production-000000}"
export ADMIN_EMAILS="${ADMIN_EMAILS:-admin@trackwatch.test,second-admin@trackwatch.test}"
export APP_URL="http://127.0.0.1:${PORT:-3100}"
# Browser tests trigger daily runs themselves; an hourly run firing mid-test would race them.
export EMBEDDED_SCHEDULER=0
rm -rf .data/e2e
if [[ -n "${DATABASE_URL:-}" ]]; then
  export DATABASE_SCHEMA=e2e DATABASE_AUTO_MIGRATE=1
  # `next start` is production: on a real database every embedded stand-in must be asked for by name.
  export TRACKMANIA=sandbox MAIL=outbox QUEUE=in-process KV=memory
  psql "$DATABASE_URL" -qc 'DROP SCHEMA IF EXISTS e2e CASCADE' 2>/dev/null || node -e '
    const pg = require("pg"); const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
    c.connect().then(() => c.query("DROP SCHEMA IF EXISTS e2e CASCADE")).then(() => c.end());'
fi
# The operator's console, kept for the browser tests too: the first admin confirms their address with
# the link the outbox prints there (README, "Security"), as an operator would.
mkdir -p .data/e2e
exec > >(tee -a .data/e2e/server.log) 2>&1
exec npx next start -p "${PORT:-3100}" -H 127.0.0.1
