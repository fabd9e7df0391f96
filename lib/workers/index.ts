import "server-only";
import { provideJobHandlers } from "@/lib/queue";

/**
 * The app's job handlers, registered from the domain side: lib/jobs only declares jobs (name, schema,
 * retries, flow control) and lib/queue only runs them, so neither imports a domain module. Each entry
 * point — the QStash route, instrumentation (the embedded runner), scripts, the test setup — calls
 * this once; the handlers (and the domain modules behind them) load on the first delivery.
 */
export function installJobHandlers(): void {
  provideJobHandlers(loadHandlers);
}

async function loadHandlers() {
  return (await import("./handlers")).jobHandlers;
}
