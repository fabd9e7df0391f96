// npm run queue:sync-schedules [-- --prune]
// Creates or updates one QStash schedule per `defineSchedule` in lib/jobs (fixed scheduleId, so
// running it again changes nothing); with --prune, deletes schedules aimed at this app's job route
// that are no longer declared. Run it after each deploy that adds, changes or removes a schedule.
// Needs QSTASH_TOKEN, QSTASH_URL and APP_URL (the public URL QStash will call).
// Run with `tsx --conditions=react-server` so lib/ modules' `import "server-only"` resolves to its no-op.
import { getConfig } from "@/lib/config";
import { listSchedules, loadJobs } from "@/lib/queue/registry";
import { installJobHandlers } from "@/lib/workers";
import { createQStashQueue } from "@/lib/queue/qstash";

const prune = process.argv.includes("--prune");
const config = getConfig();
if (config.drivers.queue !== "qstash" || !config.QSTASH_TOKEN) {
  console.error("QStash is not configured (QSTASH_TOKEN is unset): the embedded scheduler runs schedules in-process instead.");
  process.exit(2);
}

installJobHandlers();
await loadJobs();
const schedules = listSchedules();
const queue = createQStashQueue({ baseUrl: config.QSTASH_URL, token: config.QSTASH_TOKEN, appUrl: config.APP_URL });
const { upserted, deleted } = await queue.syncSchedules(schedules, { prune });

for (const schedule of schedules) console.log(`upserted ${schedule.id}: "${schedule.cron}" -> ${schedule.job}`);
for (const id of deleted) console.log(`deleted ${id} (no longer declared)`);
console.log(`${upserted.length} schedule(s) in sync with ${config.APP_URL}${prune ? `, ${deleted.length} pruned` : ""}.`);
