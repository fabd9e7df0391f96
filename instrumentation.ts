// Runs once when the Next.js server starts. On the embedded defaults it starts the in-process queue
// (re-running jobs a crash left behind) and the scheduler that triggers the daily run; with QStash
// it does nothing, because QStash's schedules call the app instead.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startEmbeddedScheduler } = await import("@/lib/queue");
  const result = await startEmbeddedScheduler();
  if (result.started) console.log(`[queue] embedded scheduler started`);
}
