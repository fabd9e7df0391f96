import "server-only";
import { createClient } from "@vercel/kv";
import type { KvStore } from "./types";

/**
 * The production KV driver: Upstash Redis over REST through @vercel/kv. This is the only file
 * that imports @vercel/kv, so moving to @upstash/redis (its parent class) is a change here only.
 */

export type VercelKvOptions = { url: string; token: string };

export function createVercelKv({ url, token }: VercelKvOptions): KvStore {
  // We write JSON text ourselves and parse what comes back, so both drivers store the same text.
  // The SDK's own deserialisation guesses: the string "42" stored raw would come back as 42, and
  // integers beyond 2^53 come back as strings.
  const client = createClient({ url, token, automaticDeserialization: false });

  async function call<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      throw explainFailure(error, url);
    }
  }

  return {
    driver: "vercel-kv",

    async get<T = unknown>(key: string): Promise<T | null> {
      const text = await call(() => client.get<string>(key));
      return text === null ? null : (decodeStoredText(text) as T);
    },

    async set(key, value, { ttlSeconds, onlyIfAbsent = false, onlyIfPresent = false } = {}) {
      const text = encodeValue(value);
      if (ttlSeconds !== undefined) assertPositiveWholeSeconds(ttlSeconds);
      // Redis would answer a syntax error; this says which options clash.
      if (onlyIfAbsent && onlyIfPresent) {
        throw new TypeError("set: onlyIfAbsent (NX) and onlyIfPresent (XX) cannot both be true");
      }
      const expiry = ttlSeconds === undefined ? {} : { ex: ttlSeconds };
      const options = onlyIfAbsent
        ? { nx: true as const, ...expiry }
        : onlyIfPresent
          ? { xx: true as const, ...expiry }
          : expiry;
      // SET answers "OK", or nil when NX found the key or XX did not.
      const reply = await call(() => client.set(key, text, options));
      return reply === "OK";
    },

    async del(...keys) {
      // DEL with no keys is a Redis syntax error; nothing to delete is simply 0.
      if (keys.length === 0) return 0;
      return call(() => client.del(...keys));
    },

    async mget<T = unknown>(keys: string[]): Promise<(T | null)[]> {
      if (keys.length === 0) return [];
      const texts = await call(() => client.mget<(string | null)[]>(...keys));
      return texts.map((text) => (text === null ? null : (decodeStoredText(text) as T)));
    },

    // Members go to Redis as they are (no JSON), and automaticDeserialization: false keeps them
    // strings on the way back: the member "42" is not turned into 42.
    async sadd(key, ...members) {
      assertStringMembers(members);
      // SADD and SREM without members are Redis syntax errors; nothing to do is simply 0.
      if (members.length === 0) return 0;
      const [first, ...rest] = members as [string, ...string[]];
      return call(() => client.sadd(key, first, ...rest));
    },

    async srem(key, ...members) {
      assertStringMembers(members);
      if (members.length === 0) return 0;
      return call(() => client.srem(key, ...members));
    },

    async smembers(key) {
      return call(() => client.smembers<string[]>(key));
    },

    async incr(key, by = 1) {
      assertSafeInteger(by, "incr amount");
      return call(() => client.incrby(key, by));
    },

    async expire(key, ttlSeconds) {
      assertSafeInteger(ttlSeconds, "ttlSeconds");
      // The SDK drops a falsy TTL from the command (EXPIRE key 0 becomes a syntax error), so a
      // TTL in the past is sent as what Redis would do with it: delete the key.
      if (ttlSeconds <= 0) return (await call(() => client.del(key))) === 1;
      return (await call(() => client.expire(key, ttlSeconds))) === 1;
    },

    async ttl(key) {
      return call(() => client.ttl(key));
    },

    /** Health checks want an answer, not an exception: any failure (network, token) is false. */
    async ping() {
      try {
        return (await client.ping()) === "PONG";
      } catch {
        return false;
      }
    },

    ratelimitClient() {
      return client;
    },
  };
}

/**
 * Turns the SDK's errors into ones that say what to fix. The SDK's message ends with
 * ", command was: [...]", which carries stored values; that part is dropped from every message.
 */
function explainFailure(error: unknown, url: string): Error {
  const message = (error instanceof Error ? error.message : String(error)).split(", command was:")[0]!;
  if (/unauthori[sz]ed|WRONGPASS|invalid or missing auth token/i.test(message)) {
    return new Error(`KV at ${url} rejected the token (${message}): check KV_REST_API_TOKEN`, { cause: error });
  }
  if (error instanceof TypeError && /fetch failed/i.test(message)) {
    const reason = error.cause instanceof Error ? error.cause.message : message;
    return new Error(`KV at ${url} is unreachable (${reason}): check KV_REST_API_URL`, { cause: error });
  }
  return new Error(`KV command failed: ${message.replace(/^Command failed: /, "")}`, { cause: error });
}

function encodeValue(value: unknown): string {
  const text = JSON.stringify(value);
  if (text === undefined) throw new TypeError(`KV values must be JSON-serialisable, got ${typeof value}`);
  return text;
}

/** Stored text is JSON unless another client wrote the key raw; then the raw text is the value. */
function decodeStoredText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function assertPositiveWholeSeconds(ttlSeconds: number): void {
  if (!Number.isSafeInteger(ttlSeconds) || ttlSeconds <= 0) {
    throw new RangeError(`ttlSeconds must be a positive whole number of seconds, got ${ttlSeconds}`);
  }
}

function assertSafeInteger(value: number, name: string): void {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${name} must be a whole number, got ${value}`);
}

/** The SDK would send a number as digits, so 42 and "42" would silently become one member. */
function assertStringMembers(members: readonly unknown[]): void {
  const odd = members.find((member) => typeof member !== "string");
  if (odd !== undefined) throw new TypeError(`KV set members must be strings, got ${typeof odd}`);
}
