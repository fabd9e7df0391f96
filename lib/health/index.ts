import "server-only";
import { checkDbHealth } from "@/lib/db";
import { getConfig } from "@/lib/config";
import { getKv } from "@/lib/kv";
import { mailHealth } from "@/lib/mail";
import { queueHealth } from "@/lib/queue";
import { checkTrackmaniaHealth, trackmaniaSource } from "@/lib/trackmania";

export type DriverHealth = { driver: string; ok: boolean; ms: number; error?: string; [detail: string]: unknown };

// A check that hangs must not hang the health endpoint.
const CHECK_TIMEOUT_MS = 8_000;

async function timed(driver: string, check: () => Promise<Record<string, unknown> & { ok: boolean }>): Promise<DriverHealth> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const result = await Promise.race([
      check(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
      }),
    ]);
    return { driver, ms: Math.round(performance.now() - started), ...result };
  } catch (error) {
    return { driver, ok: false, ms: Math.round(performance.now() - started), error: (error as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

/** Which driver each service uses and whether it answers. */
export async function checkHealth() {
  const { drivers } = getConfig();
  const [db, kv, queue, mail, trackmania] = await Promise.all([
    timed(drivers.db, async () => checkDbHealth()),
    timed(drivers.kv, async () => ({ ok: await getKv().ping() })),
    timed(drivers.queue, async () => queueHealth()),
    timed(drivers.mail, async () => mailHealth()),
    timed(drivers.trackmania, async () => ({ ...trackmaniaSource(), ...(await checkTrackmaniaHealth()) })),
  ]);
  const all = { db, kv, queue, mail, trackmania };
  const ok = Object.values(all).every((check) => check.ok);
  return { status: ok ? ("ok" as const) : ("degraded" as const), sandbox: drivers.trackmania === "sandbox", drivers: all };
}
