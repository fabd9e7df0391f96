/**
 * What Trackwatch needs from a key-value store: things that may be lost (tokens, caches, rate-limit
 * counters, session revocation stamps). Values are JSON-serialisable; TTLs are in seconds.
 * Both drivers (Upstash REST via @vercel/kv, and in-memory) pass the same contract suite.
 */
export interface KvStore {
  readonly driver: "vercel-kv" | "memory";
  get<T = unknown>(key: string): Promise<T | null>;
  /** Stores a value; `ttlSeconds` makes it expire. `onlyIfAbsent` returns false when the key exists (SET NX). */
  set(key: string, value: unknown, options?: { ttlSeconds?: number; onlyIfAbsent?: boolean }): Promise<boolean>;
  del(...keys: string[]): Promise<number>;
  mget<T = unknown>(keys: string[]): Promise<(T | null)[]>;
  /** Atomically increments an integer counter (created at 0) and returns the new value. */
  incr(key: string, by?: number): Promise<number>;
  /** Sets a key's time to live; false when the key does not exist. */
  expire(key: string, ttlSeconds: number): Promise<boolean>;
  /** Remaining time to live in seconds: -1 without expiry, -2 when the key does not exist. */
  ttl(key: string): Promise<number>;
  /** Answers whether the store is reachable (health checks). */
  ping(): Promise<boolean>;
  /**
   * A client that `@upstash/ratelimit` accepts as its `redis` option (EVAL/EVALSHA of its Lua scripts).
   * The in-memory driver implements the subset of Redis it needs.
   */
  ratelimitClient(): unknown;
}
