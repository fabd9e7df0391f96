// Runs once when the Next.js server starts. It registers OpenTelemetry first (exporting spans over
// OTLP/HTTP when OTEL_EXPORTER_OTLP_ENDPOINT is set, nothing otherwise), so what follows is traced.
// It gives the queue the app's job handlers (lib/workers), for jobs run in this process.
// On the embedded defaults it then starts the in-process queue (re-running jobs a crash left behind)
// and the scheduler that triggers the daily run; with QStash it does nothing more, because QStash's
// schedules call the app instead.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { registerTelemetry } = await import("@/lib/observability/register");
  registerTelemetry();
  const { installJobHandlers } = await import("@/lib/workers");
  installJobHandlers();
  const { startEmbeddedScheduler } = await import("@/lib/queue");
  const { log } = await import("@/lib/observability");
  const result = await startEmbeddedScheduler();
  if (result.started) log.info("queue.scheduler-started", { message: "embedded scheduler started" });
}
