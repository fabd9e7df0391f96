import "server-only";
import type { Ratelimit } from "@upstash/ratelimit";
import { getConfig, type Config } from "@/lib/config";
import { createMemoryKv } from "./memory";
import type { KvStore } from "./types";
import { createVercelKv } from "./vercel-kv";

export type { KvStore } from "./types";

/**
 * What `new Ratelimit({ redis })` accepts. `KvStore#ratelimitClient()` returns one on both drivers
 * but is typed `unknown` so the interface does not leak SDK types; cast to this at the call site.
 */
export type RatelimitRedis = ConstructorParameters<typeof Ratelimit>[0]["redis"];

/** The part of the config that chooses and reaches the KV store. */
export type KvConfig = Pick<Config, "KV_REST_API_URL" | "KV_REST_API_TOKEN"> & { drivers: Pick<Config["drivers"], "kv"> };

/** A new store for the given config; tests use it directly, the app goes through `getKv()`. */
export function createKv(config: KvConfig): KvStore {
  if (config.drivers.kv === "memory") return createMemoryKv();
  const { KV_REST_API_URL: url, KV_REST_API_TOKEN: token } = config;
  if (url === undefined || token === undefined) {
    throw new Error("The vercel-kv driver needs both KV_REST_API_URL and KV_REST_API_TOKEN");
  }
  return createVercelKv({ url, token });
}

// Kept on globalThis because Next's dev server re-evaluates modules on every edit; a module-level
// variable would start a fresh, empty in-memory store each time and forget every token and counter.
const holder = globalThis as typeof globalThis & { __trackwatchKv?: KvStore };

/** The process-wide store, chosen once from the config. */
export function getKv(): KvStore {
  holder.__trackwatchKv ??= createKv(getConfig());
  return holder.__trackwatchKv;
}
