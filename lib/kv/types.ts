/**
 * What Trackwatch needs from a key-value store: things that may be lost (tokens, caches, rate-limit
 * counters, session revocation stamps). Values are JSON-serialisable; TTLs are in seconds.
 * Both drivers (Upstash REST via @vercel/kv, and in-memory) pass the same contract suite.
 */
export interface KvStore {
  readonly driver: "vercel-kv" | "memory";
  get<T = unknown>(key: string): Promise<T | null>;
  /**
   * Stores a value; `ttlSeconds` makes it expire. `onlyIfAbsent` returns false when the key exists (SET NX);
   * `onlyIfPresent` returns false when it does not (SET XX), so a write can never bring back a deleted key.
   */
  set(
    key: string,
    value: unknown,
    options?: { ttlSeconds?: number; onlyIfAbsent?: boolean; onlyIfPresent?: boolean },
  ): Promise<boolean>;
  del(...keys: string[]): Promise<number>;
  mget<T = unknown>(keys: string[]): Promise<(T | null)[]>;
  /** SADD: adds members to the set at `key` (created when missing) and returns how many were new. */
  sadd(key: string, ...members: string[]): Promise<number>;
  /** SREM: removes members and returns how many were there; the key goes when its set is empty. */
  srem(key: string, ...members: string[]): Promise<number>;
  /** SMEMBERS: the set's members in no particular order; [] for a missing key. */
  smembers(key: string): Promise<string[]>;
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

/** The plain key-value part of the store: what a client that only caches and counts needs. */
export type KvValueStore = Omit<KvStore, "sadd" | "srem" | "smembers">;
