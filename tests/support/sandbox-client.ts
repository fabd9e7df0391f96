import { createMemoryKv } from "@/lib/kv/memory";
import { createTrackmaniaClient, type TrackmaniaClientOptions } from "@/lib/trackmania/client";
import type { Sandbox } from "@/lib/trackmania/sandbox";

/**
 * The real Trackmania client pointed at a sandbox served over HTTP (serveSandbox), with the sandbox's
 * credentials, an in-memory KV and a fast rate (25 requests/s per service) so suites stay quick while
 * still rate limited. `overrides` replace any option.
 */
export function sandboxClient(sandbox: Sandbox, server: { url: string }, overrides: Partial<TrackmaniaClientOptions> = {}) {
  return createTrackmaniaClient({
    coreUrl: `${server.url}/core`,
    liveUrl: `${server.url}/live`,
    oauthUrl: `${server.url}/oauth`,
    tmxUrl: `${server.url}/tmx`,
    ...sandbox.credentials,
    userAgent: "Trackwatch/test (integration; test@localhost)",
    kv: createMemoryKv(),
    requestsPerSecond: 25,
    retryBaseMs: 20,
    now: () => sandbox.now().getTime(),
    ...overrides,
  });
}
