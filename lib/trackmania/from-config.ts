import type { Config } from "@/lib/config";
import type { KvValueStore } from "@/lib/kv/types";
import { createSharedRequestScheduler } from "./budget";
import { createTrackmaniaClient, type TrackmaniaClient, type TrackmaniaClientOptions } from "./client";
import { createSandbox, parseSandboxFaults, type Sandbox } from "./sandbox";

/**
 * Builds the client the config asks for: the real services with the Nadeo account, or the embedded
 * sandbox world reached in-process through its `fetch`. Kept apart from `index.ts` (which is
 * `server-only` and holds the singleton) so `scripts/tm.ts` can build one under plain tsx. Either way
 * the requests pass the deployment's one budget in `kv` (./budget.ts), at the configured rate.
 */

export type TrackmaniaDriver = Config["drivers"]["trackmania"];

export interface TrackmaniaRuntime {
  driver: TrackmaniaDriver;
  client: TrackmaniaClient;
  /** The in-process world when the driver is `sandbox`. */
  sandbox: Sandbox | null;
}

export type TrackmaniaConfig = Pick<
  Config,
  | "NADEO_SERVER_LOGIN"
  | "NADEO_SERVER_PASSWORD"
  | "TM_OAUTH_CLIENT_ID"
  | "TM_OAUTH_CLIENT_SECRET"
  | "TM_USER_AGENT"
  | "NADEO_CORE_URL"
  | "NADEO_LIVE_URL"
  | "TM_OAUTH_URL"
  | "TMX_URL"
  | "TM_REQUESTS_PER_SECOND"
  | "TM_REQUEST_TIMEOUT_MS"
  | "SANDBOX_SEED"
  | "SANDBOX_CLOCK"
  | "SANDBOX_FAULTS"
  | "SANDBOX_REQUESTS_PER_SECOND"
  | "SANDBOX_PLAYERS"
  | "SANDBOX_MAPPERS"
  | "SANDBOX_PROLIFIC_MAPPER_MAPS"
  | "APP_URL"
> & { drivers: Pick<Config["drivers"], "trackmania"> };

/** What the sandbox calls itself when no TM_USER_AGENT is set. */
export const SANDBOX_USER_AGENT = "Trackwatch/0.1 (sandbox; dev@localhost)";

export function createTrackmaniaFromConfig(
  config: TrackmaniaConfig,
  kv: KvValueStore,
  overrides: Partial<TrackmaniaClientOptions> = {},
): TrackmaniaRuntime {
  const shared = {
    kv,
    timeoutMs: config.TM_REQUEST_TIMEOUT_MS,
  };
  // Every instance with this KV shares the budget; `overrides.scheduler` (tests) replaces it.
  const budget = (namespace: TrackmaniaDriver, requestsPerSecond: number) =>
    overrides.scheduler ?? createSharedRequestScheduler({ kv, namespace, requestsPerSecond: overrides.requestsPerSecond ?? requestsPerSecond });

  if (config.drivers.trackmania === "nadeo") {
    const required = {
      NADEO_SERVER_LOGIN: config.NADEO_SERVER_LOGIN,
      NADEO_SERVER_PASSWORD: config.NADEO_SERVER_PASSWORD,
      TM_OAUTH_CLIENT_ID: config.TM_OAUTH_CLIENT_ID,
      TM_OAUTH_CLIENT_SECRET: config.TM_OAUTH_CLIENT_SECRET,
      TM_USER_AGENT: config.TM_USER_AGENT,
    };
    const missing = Object.entries(required).find(([, value]) => value === undefined);
    if (missing) throw new Error(`The nadeo Trackmania driver needs ${missing[0]}`);
    const client = createTrackmaniaClient({
      ...shared,
      coreUrl: config.NADEO_CORE_URL,
      liveUrl: config.NADEO_LIVE_URL,
      oauthUrl: config.TM_OAUTH_URL,
      tmxUrl: config.TMX_URL,
      serverLogin: required.NADEO_SERVER_LOGIN!,
      serverPassword: required.NADEO_SERVER_PASSWORD!,
      oauthClientId: required.TM_OAUTH_CLIENT_ID!,
      oauthClientSecret: required.TM_OAUTH_CLIENT_SECRET!,
      userAgent: required.TM_USER_AGENT!,
      ...overrides,
      scheduler: budget("nadeo", config.TM_REQUESTS_PER_SECOND),
    });
    return { driver: "nadeo", client, sandbox: null };
  }

  const sandbox = createSandbox({
    // app/sandbox/[...path] serves the in-process world to browsers (thumbnails, the OAuth page).
    publicUrl: `${config.APP_URL.replace(/\/+$/, "")}/sandbox`,
    seed: config.SANDBOX_SEED,
    players: config.SANDBOX_PLAYERS,
    mappers: config.SANDBOX_MAPPERS,
    prolificMapperMaps: config.SANDBOX_PROLIFIC_MAPPER_MAPS,
    clock: config.SANDBOX_CLOCK,
    faults: parseSandboxFaults(config.SANDBOX_FAULTS),
  });
  const client = createTrackmaniaClient({
    ...shared,
    coreUrl: sandbox.urls.core,
    liveUrl: sandbox.urls.live,
    oauthUrl: sandbox.urls.oauth,
    tmxUrl: sandbox.urls.tmx,
    ...sandbox.credentials,
    userAgent: config.TM_USER_AGENT ?? SANDBOX_USER_AGENT,
    fetch: sandbox.fetch,
    // Token lifetimes follow the sandbox's clock, which a manual clock moves only when told.
    now: () => sandbox.now().getTime(),
    ...overrides,
    // The sandbox keeps a budget of its own, at its own rate: its manners are about speed, not Nadeo.
    scheduler: budget("sandbox", config.SANDBOX_REQUESTS_PER_SECOND),
  });
  return { driver: "sandbox", client, sandbox };
}
