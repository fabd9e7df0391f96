import { z } from "zod";
import { getConfig, type Config } from "@/lib/config";
import { defineJob, type FlowControl } from "@/lib/queue";

// user-check: one user's part of a daily run — check their alerts and write their Digest for the day
// (lib/daily-run/check-user.ts). Fanned out by daily-run, one message per due user.

export const userCheckPayloadSchema = z.object({
  dailyRunId: z.string().min(1).max(64),
  userId: z.string().min(1).max(64),
  /** The user's local day the digest covers, fixed when the run fanned out. */
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be YYYY-MM-DD"),
  /** Shared by every user of the run, so a mapper's catalogue is loaded once per run. */
  runKey: z.string().min(1).max(80),
  /**
   * Shared by every run of a UTC day, so a map's leaderboard is fetched once a day. Absent in
   * messages queued before it existed: those share by `runKey`, as they were queued to.
   */
  leaderboardKey: z.string().min(1).max(80).optional(),
  /** The run's clock when it fanned out (ISO). */
  now: z.iso.datetime(),
});
export type UserCheckPayload = z.infer<typeof userCheckPayloadSchema>;

export const USER_CHECK_RETRIES = 3;

/**
 * `perSecond` as whole starts per whole-second period (QStash's flow-control header takes whole
 * numbers): the closest to it from below with a period of at most a minute, e.g. 0.8 → 4 per 5 s,
 * 25 → 25 per 1 s; slower than one a minute → 1 per ⌈1 / perSecond⌉ s.
 */
export function startRateWithin(perSecond: number): { rate: number; period: number } {
  let best = { rate: 1, period: Math.ceil(1 / perSecond) };
  for (let period = 1; period <= 60; period += 1) {
    // The epsilon absorbs float noise such as 0.58 × 50 = 28.999999999999996.
    const rate = Math.floor(perSecond * period + 1e-9);
    if (rate / period > best.rate / best.period) best = { rate, period };
  }
  return best;
}

/**
 * How fast user checks may start: as fast as the Trackmania client sends requests, at Nadeo's
 * configured rate, or the sandbox's when it stands in for Nadeo (lib/trackmania/from-config.ts picks
 * the same one).
 */
export function userCheckStartRate(
  config: Pick<Config, "drivers" | "TM_REQUESTS_PER_SECOND" | "SANDBOX_REQUESTS_PER_SECOND">,
): { rate: number; period: number } {
  return startRateWithin(config.drivers.trackmania === "nadeo" ? config.TM_REQUESTS_PER_SECOND : config.SANDBOX_REQUESTS_PER_SECOND);
}

let configuredStartRate: { rate: number; period: number } | undefined;
const startRate = () => (configuredStartRate ??= userCheckStartRate(getConfig()));

/**
 * QStash flow control for user checks, across every instance: at most two run at once, and they
 * start no faster than the Trackmania client's request rate. The client's rate limiter lives in each
 * process, so only QStash sees the whole fan-out; a check with anything to fetch makes at least one
 * request, so starting checks faster than Nadeo takes requests only piles them up in the instances'
 * limiters. The in-process driver honours the same limits.
 *
 * `rate` and `period` are read from config when the queue asks for them, not when this module loads:
 * route modules are loaded at build time, when the running server's config may not be there.
 */
export const nadeoFlowControl: FlowControl = {
  key: "nadeo",
  parallelism: 2,
  get rate() {
    return startRate().rate;
  },
  get period() {
    return startRate().period;
  },
};

export const userCheckJob = defineJob({
  name: "user-check",
  schema: userCheckPayloadSchema,
  retries: USER_CHECK_RETRIES,
  flowControl: nadeoFlowControl,
});
