import "server-only";
import { getConfig } from "@/lib/config";
import { getKv } from "@/lib/kv";
import type { TrackmaniaClient } from "./client";
import { createTrackmaniaFromConfig, SANDBOX_USER_AGENT, type TrackmaniaDriver, type TrackmaniaRuntime } from "./from-config";
import type { Sandbox } from "./sandbox";

/**
 * Trackwatch's face toward Trackmania's web services (Nadeo Core and Live, the public OAuth API,
 * Trackmania Exchange). `getTrackmania()` is the process's one client, so every caller shares its
 * token cache and call counts, and every instance of the deployment shares its request budget (kept
 * in KV; wrap work a person waits for in `withTrackmaniaPriority("interactive", …)`); it talks to the
 * real services when NADEO_* credentials are set and to the embedded sandbox world otherwise.
 */

export { createTrackmaniaClient } from "./client";
export type {
  LeaderboardPageOptions,
  MapRef,
  NewestMapsOptions,
  SearchMapsOptions,
  TmxMapRef,
  TopOptions,
  TrackmaniaClient,
  TrackmaniaClientOptions,
  TrackmaniaHealth,
} from "./client";
export { TrackmaniaError, isTrackmaniaError, type TrackmaniaErrorKind } from "./errors";
export type { CallStats } from "./http";
export { createRequestScheduler, type RequestScheduler, type TrackmaniaService } from "./scheduler";
export { createSharedRequestScheduler } from "./budget";
export { currentTrackmaniaPriority, withTrackmaniaPriority, type TrackmaniaPriority } from "./priority";
export { stripFormatting } from "./schemas";
export type {
  AuthoredMap,
  LeaderboardEntry,
  MapInfo,
  OfficialCampaign,
  PlayerRecord,
  PositionQuery,
  PositionResult,
  SurroundResult,
  TmxMap,
  TrackOfTheDay,
  TracksOfTheDayMonth,
} from "./schemas";
export { createTrackmaniaFromConfig, type TrackmaniaDriver, type TrackmaniaRuntime } from "./from-config";

// On globalThis because Next's dev server re-evaluates modules on every edit: a module-level variable
// would build a second client (and a second sandbox world) with its own rate limit each time.
const holder = globalThis as typeof globalThis & { __trackwatchTrackmania?: TrackmaniaRuntime };

function runtime(): TrackmaniaRuntime {
  holder.__trackwatchTrackmania ??= createTrackmaniaFromConfig(getConfig(), getKv());
  return holder.__trackwatchTrackmania;
}

/** The process-wide Trackmania client, built once from the config. */
export function getTrackmania(): TrackmaniaClient {
  return runtime().client;
}

/** The embedded sandbox world behind `getTrackmania()`, or null when the real services are used. */
export function getSandbox(): Sandbox | null {
  return runtime().sandbox;
}

/** Forgets the singleton (tests that change the config between cases). */
export function resetTrackmania(): void {
  delete holder.__trackwatchTrackmania;
}

export interface TrackmaniaSource {
  driver: TrackmaniaDriver;
  /** Base URLs in use; the sandbox answers in-process, so its hosts are not reachable over the network. */
  urls: { core: string; live: string; oauth: string; tmx: string };
  requestsPerSecond: number;
  timeoutMs: number;
  userAgent: string;
  /** Sandbox settings, when the driver is `sandbox`. */
  sandbox?: { seed: number; clock: "wall" | "manual"; faults: string };
}

/** Which Trackmania services the app talks to, for /api/health and the admin overview. No secrets. */
export function trackmaniaSource(): TrackmaniaSource {
  const config = getConfig();
  const common = {
    requestsPerSecond: config.TM_REQUESTS_PER_SECOND,
    timeoutMs: config.TM_REQUEST_TIMEOUT_MS,
  };
  if (config.drivers.trackmania === "nadeo") {
    return {
      driver: "nadeo",
      urls: { core: config.NADEO_CORE_URL, live: config.NADEO_LIVE_URL, oauth: config.TM_OAUTH_URL, tmx: config.TMX_URL },
      ...common,
      userAgent: config.TM_USER_AGENT ?? "",
    };
  }
  const sandbox = getSandbox();
  return {
    driver: "sandbox",
    urls: sandbox ? { ...sandbox.urls } : { core: "", live: "", oauth: "", tmx: "" },
    ...common,
    userAgent: config.TM_USER_AGENT ?? SANDBOX_USER_AGENT,
    sandbox: { seed: config.SANDBOX_SEED, clock: config.SANDBOX_CLOCK, faults: config.SANDBOX_FAULTS },
  };
}

/** Answers whether a Live token can be had (from the shared cache or the service) with the configured account. */
export async function checkTrackmaniaHealth(): Promise<{ driver: TrackmaniaDriver; ok: boolean; ms: number; error?: string }> {
  const { driver, client } = runtime();
  return { driver, ...(await client.checkHealth()) };
}
