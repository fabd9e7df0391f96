// npm run daily [-- --hour]
// Runs the daily check once, now, and waits for it: fans out a user check per user, composes the
// digests and sends them (to the outbox on the embedded defaults), then prints the run's stats.
// By default it checks every eligible user with no digest for their day yet (like the admin's
// "Run daily check now"); with --hour, only those whose digest hour is now (like the hourly schedule).
// With QStash configured it only starts the run: the checks then arrive through QStash.
// On embedded PGlite the database is a directory one process may hold: stop `npm run dev` first
// (the database layer refuses to open it twice and says so).
// Run with `tsx --import ./scripts/support/register.mjs` so `server-only` imports resolve.
import { getConfig } from "@/lib/config";
import { closeDb, getDb } from "@/lib/db";
import { startDailyRun } from "@/lib/daily-run/start-daily-run";
import { drainQueue, loadJobs } from "@/lib/queue";
import { installJobHandlers } from "@/lib/workers";

const everyone = !process.argv.includes("--hour");
const config = getConfig();

try {
  installJobHandlers();
  await loadJobs();
  const started = await startDailyRun({ trigger: "script", everyone });
  console.log(`Daily run ${started.run.slot}: ${started.queued} user(s) queued${started.alreadyQueued ? `, ${started.alreadyQueued} already queued` : ""}.`);
  if (config.drivers.queue === "qstash") {
    console.log("QStash delivers the user checks and sends; follow them on /admin/daily-runs.");
  } else {
    await drainQueue({ timeoutMs: 30 * 60_000 });
    const run = await (await getDb()).dailyRun.findUniqueOrThrow({ where: { id: started.run.id } });
    console.log(
      [
        `status ${run.status.toLowerCase()}`,
        `users checked ${run.usersChecked}/${run.usersDue}`,
        `maps checked ${run.mapsChecked}`,
        `records found ${run.recordsFound}`,
        `emails sent ${run.emailsSent}, failed ${run.emailsFailed}`,
        `Nadeo calls ${JSON.stringify(run.nadeoCalls ?? {})}`,
        `duration ${run.durationMs ?? "—"} ms`,
      ].join("\n"),
    );
    if (run.error) console.log(`errors:\n${run.error}`);
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await closeDb();
}
