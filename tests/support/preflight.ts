import { accessSync, constants } from "node:fs";
import { REDIS_MISSING, redisAnswers, redisServerInstalled, testRedisUrl } from "./test-redis";

/**
 * `npm test`'s first step (scripts/test.sh): what the tests need but cannot install, checked before
 * anything slow. Each missing piece is one line saying what to install, and the run stops (exit 1).
 * Redis is there when one answers on TEST_REDIS_URL or redis-server can be started for the run.
 */
const CHROMIUM_MISSING = "npm test needs Chromium: apt-get install chromium (or set PLAYWRIGHT_CHROMIUM_PATH)";

const missing: string[] = [];
if (!redisServerInstalled() && !(await redisAnswers(testRedisUrl()))) missing.push(REDIS_MISSING);
if (!isExecutable(process.env.PLAYWRIGHT_CHROMIUM_PATH ?? "/usr/bin/chromium")) missing.push(CHROMIUM_MISSING);
for (const line of missing) console.error(line);
process.exit(missing.length === 0 ? 0 : 1);

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
