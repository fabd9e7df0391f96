import "server-only";
import { getSandbox } from "@/lib/trackmania";
import { trackmaniaNow } from "@/lib/checks";

/**
 * The daily run's "now": the one clock record-keeping runs on (`trackmaniaNow`, lib/checks). On the
 * sandbox it is the simulated world's clock, so advancing sandbox time by a day (admin sandbox page,
 * tests) is a new day for digests too and records carry matching timestamps; on the real services it
 * is the real clock.
 */
export function dailyRunClock(): Date {
  return trackmaniaNow();
}

/**
 * What the daily run's times (runs, digests composed and emailed) are written in, for pages that
 * show them: all on the one clock the runs are named after, so a run, its digests and history agree.
 */
export function dailyRunClockLabel(): string {
  return getSandbox() ? "UTC, sandbox time" : "UTC";
}
