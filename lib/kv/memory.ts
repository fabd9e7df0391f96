import "server-only";
import { createHash } from "node:crypto";
import type { KvStore } from "./types";

/**
 * The embedded KV driver: one process-local keyspace that behaves like the Redis behind the
 * Upstash driver, so code tested here behaves the same in production. Each key holds what Redis
 * would hold: a string as its exact text (values as JSON text, counters as integer text), or a set
 * of strings. That is also why callers can never mutate a stored value: they only ever get a fresh
 * parse or copy of it.
 *
 * Known differences from Redis: counters stop at ±2^53 (JavaScript's safe integers) instead of
 * ±2^63, and only the Lua scripts `@upstash/ratelimit` runs for fixedWindow and slidingWindow
 * are understood (see `createMemoryRatelimitClient`).
 */

export type MemoryKvOptions = {
  /** Milliseconds since the epoch; tests inject a manual clock to move time without waiting. */
  now?: () => number;
};

/** Lazy expiry alone never frees keys nobody reads again; this bounds how long they linger. */
const SWEEP_INTERVAL_MS = 30_000;

const NOT_AN_INTEGER = "ERR value is not an integer or out of range";
const WOULD_OVERFLOW = "ERR increment or decrement would overflow";
const WRONG_TYPE = "WRONGTYPE Operation against a key holding the wrong kind of value";

export function createMemoryKv(options: MemoryKvOptions = {}): KvStore {
  const keyspace = new Keyspace(options.now ?? (() => Date.now()));
  startSweeper(new WeakRef(keyspace));
  const ratelimitClient = createMemoryRatelimitClient(keyspace);

  return {
    driver: "memory",

    async get<T = unknown>(key: string): Promise<T | null> {
      const entry = keyspace.readString(key);
      return entry === undefined ? null : (decodeStoredText(entry.text) as T);
    },

    async set(key, value, { ttlSeconds, onlyIfAbsent = false, onlyIfPresent = false } = {}) {
      const text = encodeValue(value);
      if (ttlSeconds !== undefined) assertPositiveWholeSeconds(ttlSeconds);
      assertOneCondition(onlyIfAbsent, onlyIfPresent);
      // SET NX / XX look at the key whatever its type, and SET replaces a key of any type.
      const exists = keyspace.read(key) !== undefined;
      if ((onlyIfAbsent && exists) || (onlyIfPresent && !exists)) return false;
      // Like SET without KEEPTTL, a plain overwrite also clears any earlier expiry.
      keyspace.write(key, text, ttlSeconds === undefined ? null : keyspace.now() + ttlSeconds * 1000);
      return true;
    },

    async del(...keys) {
      return keys.filter((key) => keyspace.remove(key)).length;
    },

    async mget<T = unknown>(keys: string[]): Promise<(T | null)[]> {
      // MGET answers nil for a key of another type instead of failing.
      return keys.map((key) => {
        const entry = keyspace.read(key);
        return entry?.type === "string" ? (decodeStoredText(entry.text) as T) : null;
      });
    },

    async sadd(key, ...members) {
      assertStringMembers(members);
      // SADD without members is a Redis syntax error; adding nothing is simply 0.
      return members.length === 0 ? 0 : keyspace.sadd(key, members);
    },

    async srem(key, ...members) {
      assertStringMembers(members);
      return members.length === 0 ? 0 : keyspace.srem(key, members);
    },

    async smembers(key) {
      return [...(keyspace.readSet(key)?.members ?? [])];
    },

    async incr(key, by = 1) {
      assertSafeInteger(by, "incr amount");
      return keyspace.incrBy(key, by);
    },

    async expire(key, ttlSeconds) {
      assertSafeInteger(ttlSeconds, "ttlSeconds");
      return keyspace.pexpire(key, ttlSeconds * 1000);
    },

    async ttl(key) {
      const pttl = keyspace.pttl(key);
      // Redis rounds the remaining milliseconds to the nearest second.
      return pttl < 0 ? pttl : Math.floor((pttl + 500) / 1000);
    },

    async ping() {
      return true;
    },

    ratelimitClient() {
      return ratelimitClient;
    },
  };
}

/** What Redis holds for one key: a string or a set, and the instant (ms) after which it is gone. */
type StringEntry = { type: "string"; text: string; expiresAt: number | null };
type SetEntry = { type: "set"; members: Set<string>; expiresAt: number | null };
type Entry = StringEntry | SetEntry;

/** A Redis-like keyspace of strings and sets with millisecond expiry; the only place entries are touched. */
class Keyspace {
  private readonly entries = new Map<string, Entry>();

  constructor(readonly now: () => number) {}

  /** The live entry of any type, dropping it first if it has expired (Redis' lazy expiry). */
  read(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry !== undefined && isExpired(entry, this.now())) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  /** For string commands (GET, INCRBY): a set at the key is Redis' WRONGTYPE error. */
  readString(key: string): StringEntry | undefined {
    const entry = this.read(key);
    if (entry !== undefined && entry.type !== "string") throw new Error(WRONG_TYPE);
    return entry;
  }

  /** For set commands: a string at the key is Redis' WRONGTYPE error. */
  readSet(key: string): SetEntry | undefined {
    const entry = this.read(key);
    if (entry !== undefined && entry.type !== "set") throw new Error(WRONG_TYPE);
    return entry;
  }

  /** SET: replaces whatever the key held, whatever its type. */
  write(key: string, text: string, expiresAt: number | null): void {
    this.entries.set(key, { type: "string", text, expiresAt });
  }

  /** SADD: creates the set when missing and keeps an existing one's expiry. */
  sadd(key: string, members: readonly string[]): number {
    let entry = this.readSet(key);
    if (entry === undefined) {
      entry = { type: "set", members: new Set(), expiresAt: null };
      this.entries.set(key, entry);
    }
    const before = entry.members.size;
    for (const member of members) entry.members.add(member);
    return entry.members.size - before;
  }

  /** SREM: Redis never keeps an empty set, so removing the last member deletes the key. */
  srem(key: string, members: readonly string[]): number {
    const entry = this.readSet(key);
    if (entry === undefined) return 0;
    const removed = members.filter((member) => entry.members.delete(member)).length;
    if (entry.members.size === 0) this.entries.delete(key);
    return removed;
  }

  remove(key: string): boolean {
    return this.read(key) !== undefined && this.entries.delete(key);
  }

  /** INCRBY: creates the key at 0, keeps its expiry, refuses text that is not an integer. */
  incrBy(key: string, by: number): number {
    const entry = this.readString(key);
    const current = entry === undefined ? 0 : parseRedisInteger(entry.text);
    if (current === null) throw new Error(NOT_AN_INTEGER);
    const next = current + by;
    if (!Number.isSafeInteger(next)) throw new Error(WOULD_OVERFLOW);
    this.write(key, String(next), entry?.expiresAt ?? null);
    return next;
  }

  /** PEXPIRE: false for a missing key; a time in the past deletes the key, as Redis does. */
  pexpire(key: string, milliseconds: number): boolean {
    const entry = this.read(key);
    if (entry === undefined) return false;
    if (milliseconds <= 0) this.entries.delete(key);
    else entry.expiresAt = this.now() + milliseconds;
    return true;
  }

  /** PTTL: -2 for a missing key, -1 without expiry, otherwise the milliseconds left. */
  pttl(key: string): number {
    const entry = this.read(key);
    if (entry === undefined) return -2;
    if (entry.expiresAt === null) return -1;
    return Math.max(0, entry.expiresAt - this.now());
  }

  liveKeys(): string[] {
    return [...this.entries.keys()].filter((key) => this.read(key) !== undefined);
  }

  sweep(): void {
    const now = this.now();
    for (const [key, entry] of this.entries) {
      if (isExpired(entry, now)) this.entries.delete(key);
    }
  }
}

/** Redis keeps a key through the very millisecond it expires at. */
function isExpired(entry: Entry, now: number): boolean {
  return entry.expiresAt !== null && now > entry.expiresAt;
}

/**
 * Sweeps on an unref'd timer so it never keeps the process alive, and holds the keyspace weakly so
 * a store that is no longer referenced (tests create many) is collected and its timer stops.
 */
function startSweeper(keyspace: WeakRef<Keyspace>): void {
  const timer = setInterval(() => {
    const live = keyspace.deref();
    if (live === undefined) clearInterval(timer);
    else live.sweep();
  }, SWEEP_INTERVAL_MS);
  timer.unref();
}

/** Redis' string2ll: optional minus, no leading zeros, no spaces or plus sign. */
function parseRedisInteger(text: string): number | null {
  if (!/^(0|-?[1-9]\d*)$/.test(text)) return null;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : null;
}

function encodeValue(value: unknown): string {
  const text = JSON.stringify(value);
  if (text === undefined) throw new TypeError(`KV values must be JSON-serialisable, got ${typeof value}`);
  return text;
}

/** Stored text is JSON unless something else wrote the key (e.g. a ratelimit client `set`). */
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

function assertOneCondition(onlyIfAbsent: boolean, onlyIfPresent: boolean): void {
  if (onlyIfAbsent && onlyIfPresent) {
    throw new TypeError("set: onlyIfAbsent (NX) and onlyIfPresent (XX) cannot both be true");
  }
}

/** A number would sit beside its text in a JavaScript Set, where Redis holds one member. */
function assertStringMembers(members: readonly unknown[]): void {
  const odd = members.find((member) => typeof member !== "string");
  if (odd !== undefined) throw new TypeError(`KV set members must be strings, got ${typeof odd}`);
}

// ---------------------------------------------------------------------------------------------
// @upstash/ratelimit on the memory driver
//
// The SDK talks to Redis only through `evalsha(sha1, keys, args)`, falling back to
// `eval(script, keys, args)` when the answer mentions NOSCRIPT, plus `get`/`set`/`del` for its
// dynamic-limit key. So this client recognises each Lua script by the SHA-1 of its text (the same
// hash the SDK sends and Redis would compute) and runs a line-by-line JavaScript port of it on the
// keyspace above. A new SDK version that edits a script changes its hash, which lands in the
// "not emulated" error below instead of silently running stale logic.
// ---------------------------------------------------------------------------------------------

/** Redis arguments after the trip through Upstash REST: everything arrives as a string. */
type ScriptArgs = readonly string[];
type EmulatedScript = { name: string; run: (keyspace: Keyspace, keys: readonly string[], args: ScriptArgs) => unknown };

const emulatedScripts = new Map<string, EmulatedScript>([
  ["b2efc02798c8e9b471a10f9b1d5745db89923ff3", { name: "fixedWindow.limit", run: fixedWindowLimit }],
  ["823cb2a5a902d69681244f5e28e5ebb8f2a89edd", { name: "fixedWindow.getRemaining", run: fixedWindowRemaining }],
  ["74740bb3d7792848093cdef586b6b6037c455fd6", { name: "slidingWindow.limit", run: slidingWindowLimit }],
  ["7ca36169e0fc9caedd81b4eef8e99854c157f9b5", { name: "slidingWindow.getRemaining", run: slidingWindowRemaining }],
  ["54bd274ddc59fb3be0f42deee2f64322a10e2b50", { name: "resetUsedTokens", run: deleteKeysMatching }],
]);

/** Scripts of @upstash/ratelimit 2.2.0 that exist but have no port here, to name them in errors. */
const knownButNotEmulated = new Map<string, string>([
  ["d60be5bd3d83482ae229309f1f7425424f891204", "tokenBucket.limit"],
  ["40daf4a441df736f5c99f8b77bbe176c909e5de4", "tokenBucket.getRemaining"],
  ["1861a700bafe96c833a483af6b1c28a8897cfdb0", "cachedFixedWindow.limit"],
  ["eb82f0e853d2fc9a236fa9bfbe704fda6ac2fc36", "cachedFixedWindow.getRemaining"],
  ["e04b753a75909b7f99aae4c04cf8869a8de02a9e", "MultiRegionRatelimit fixedWindow.limit"],
  ["e066c8ce3eaca142b0894ad1541e0a58c9924819", "MultiRegionRatelimit fixedWindow.getRemaining"],
  ["aeb4d8f381e8dafc8e69041baae1324d254ded44", "MultiRegionRatelimit slidingWindow.limit"],
  ["87828c1088f6a8d1f512a434ea330189982a1c0a", "MultiRegionRatelimit slidingWindow.getRemaining"],
]);

function createMemoryRatelimitClient(keyspace: Keyspace) {
  const run = (sha: string, keys: readonly string[], args: readonly unknown[]) =>
    emulatedScripts.get(sha)!.run(keyspace, keys, args.map(toRedisArgument));

  return {
    async evalsha(sha: string, keys: string[], args: unknown[]): Promise<unknown> {
      if (emulatedScripts.has(sha)) return run(sha, keys, args);
      const known = knownButNotEmulated.get(sha);
      if (known !== undefined) throw notEmulatedError(`@upstash/ratelimit ${known} (sha1 ${sha})`);
      // Exactly what Redis answers for an unknown hash; the SDK then retries with `eval`,
      // which gives us the script text to name in the error.
      throw new Error("NOSCRIPT No matching script. Please use EVAL.");
    },

    async eval(script: string, keys: string[], args: unknown[]): Promise<unknown> {
      const sha = sha1(script);
      if (emulatedScripts.has(sha)) return run(sha, keys, args);
      const known = knownButNotEmulated.get(sha);
      const firstLine = script.split("\n").map((line) => line.trim()).find((line) => line && !line.startsWith("#!"));
      throw notEmulatedError(known ? `@upstash/ratelimit ${known} (sha1 ${sha})` : `script sha1 ${sha} starting "${firstLine ?? ""}"`);
    },

    /** Used by `Ratelimit#getDynamicLimit`; answers like @upstash/redis (JSON-parsed when possible). */
    async get(key: string): Promise<unknown> {
      const entry = keyspace.readString(key);
      return entry === undefined ? null : decodeStoredText(entry.text);
    },

    /** Used by `Ratelimit#setDynamicLimit`; stores text the way @upstash/redis serialises it. */
    async set(key: string, value: unknown): Promise<"OK"> {
      keyspace.write(key, toRedisArgument(value), null);
      return "OK";
    },

    async del(...keys: string[]): Promise<number> {
      return keys.filter((key) => keyspace.remove(key)).length;
    },
  };
}

function notEmulatedError(what: string): Error {
  return new Error(
    `The in-memory KV driver does not emulate ${what}. Only Ratelimit.fixedWindow and Ratelimit.slidingWindow ` +
      `(single region) are ported in lib/kv/memory.ts; use those, or run with KV_REST_API_URL set.`,
  );
}

function sha1(text: string): string {
  return createHash("sha1").update(text).digest("hex");
}

/** @upstash/redis' serialiser: strings as they are, numbers and booleans printed, the rest as JSON. */
function toRedisArgument(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value) ?? "";
}

/** Lua's `tonumber`, which the scripts apply to ARGV and to GET results. */
function luaNumber(text: string | undefined): number {
  const value = text === undefined || text.trim() === "" ? Number.NaN : Number(text);
  if (Number.isNaN(value)) throw new Error(`ERR Error running script: attempt to perform arithmetic on a nil value (${text})`);
  return value;
}

/** Redis turns Lua numbers into integer replies by truncation. */
function toIntegerReply(value: number): number {
  return Math.trunc(value);
}

/** `local effectiveLimit = tokens; if dynamicLimitKey ~= "" then GET it and prefer it when set`. */
function effectiveLimit(keyspace: Keyspace, dynamicLimitKey: string | undefined, tokens: number): number {
  if (dynamicLimitKey === undefined || dynamicLimitKey === "") return tokens;
  const dynamic = keyspace.readString(dynamicLimitKey);
  return dynamic === undefined ? tokens : luaNumber(dynamic.text);
}

/** INCRBY with an increment given as text, as the scripts pass it. */
function incrByArgument(keyspace: Keyspace, key: string, increment: string): number {
  const by = parseRedisInteger(increment);
  if (by === null) throw new Error(NOT_AN_INTEGER);
  return keyspace.incrBy(key, by);
}

/** PEXPIRE with milliseconds given as text; Redis refuses anything but an integer. */
function pexpireArgument(keyspace: Keyspace, key: string, milliseconds: string): void {
  const ms = parseRedisInteger(milliseconds);
  if (ms === null) throw new Error(NOT_AN_INTEGER);
  keyspace.pexpire(key, ms);
}

function fixedWindowLimit(keyspace: Keyspace, [key, dynamicLimitKey]: readonly string[], [tokens, window, incrementBy]: ScriptArgs) {
  const limit = effectiveLimit(keyspace, dynamicLimitKey, luaNumber(tokens));
  const used = incrByArgument(keyspace, key!, incrementBy!);
  if (used === luaNumber(incrementBy)) pexpireArgument(keyspace, key!, window!);
  return [used, toIntegerReply(limit)];
}

function fixedWindowRemaining(keyspace: Keyspace, [key, dynamicLimitKey]: readonly string[], [tokens]: ScriptArgs) {
  const limit = effectiveLimit(keyspace, dynamicLimitKey, luaNumber(tokens));
  const value = keyspace.readString(key!);
  const used = value === undefined ? 0 : luaNumber(value.text);
  return [toIntegerReply(limit - used), toIntegerReply(limit)];
}

/** Requests in the previous window, weighted by how much of it still overlaps the sliding window. */
function weightedPreviousRequests(keyspace: Keyspace, previousKey: string, now: number, window: number): number {
  const previous = keyspace.readString(previousKey);
  const requests = previous === undefined ? 0 : luaNumber(previous.text);
  const elapsedShare = luaModulo(now, window) / window;
  return Math.floor((1 - elapsedShare) * requests);
}

function slidingWindowLimit(
  keyspace: Keyspace,
  [currentKey, previousKey, dynamicLimitKey]: readonly string[],
  [tokens, nowText, windowText, incrementByText]: ScriptArgs,
) {
  const limit = effectiveLimit(keyspace, dynamicLimitKey, luaNumber(tokens));
  const window = luaNumber(windowText);
  const incrementBy = luaNumber(incrementByText);
  const current = keyspace.readString(currentKey!);
  const inCurrentWindow = current === undefined ? 0 : luaNumber(current.text);
  const inPreviousWindow = weightedPreviousRequests(keyspace, previousKey!, luaNumber(nowText), window);

  // Refunds (negative increments) always pass.
  if (incrementBy > 0 && inPreviousWindow + inCurrentWindow >= limit) return [-1, toIntegerReply(limit)];

  const newValue = incrByArgument(keyspace, currentKey!, incrementByText!);
  // Kept long enough to serve as the next window's "previous" bucket, plus a second of slack.
  if (newValue === incrementBy) keyspace.pexpire(currentKey!, window * 2 + 1000);
  return [toIntegerReply(limit - (newValue + inPreviousWindow)), toIntegerReply(limit)];
}

function slidingWindowRemaining(
  keyspace: Keyspace,
  [currentKey, previousKey, dynamicLimitKey]: readonly string[],
  [tokens, nowText, windowText]: ScriptArgs,
) {
  const limit = effectiveLimit(keyspace, dynamicLimitKey, luaNumber(tokens));
  const current = keyspace.readString(currentKey!);
  const inCurrentWindow = current === undefined ? 0 : luaNumber(current.text);
  const inPreviousWindow = weightedPreviousRequests(keyspace, previousKey!, luaNumber(nowText), luaNumber(windowText));
  return [toIntegerReply(limit - (inPreviousWindow + inCurrentWindow)), toIntegerReply(limit)];
}

/** The reset script: SCAN MATCH KEYS[1] and DEL every hit; it returns nothing (nil). */
function deleteKeysMatching(keyspace: Keyspace, [pattern]: readonly string[]) {
  const matcher = globToRegExp(pattern!);
  for (const key of keyspace.liveKeys()) {
    if (matcher.test(key)) keyspace.remove(key);
  }
  return null;
}

/** Lua's `%` floors (the result takes the divisor's sign), unlike JavaScript's. */
function luaModulo(dividend: number, divisor: number): number {
  return dividend - Math.floor(dividend / divisor) * divisor;
}

/** Redis glob patterns: `*`, `?`, `[abc]`, `[^a-z]` and `\` escapes. */
function globToRegExp(pattern: string): RegExp {
  const escape = (char: string) => char.replace(/[\\^$.*+?()[\]{}|/-]/g, "\\$&");
  let source = "";
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i]!;
    if (char === "*") source += "[\\s\\S]*";
    else if (char === "?") source += "[\\s\\S]";
    else if (char === "\\" && i + 1 < pattern.length) source += escape(pattern[++i]!);
    else if (char === "[" && pattern.indexOf("]", i + 1) > i + 1) {
      const end = pattern.indexOf("]", i + 1);
      let body = pattern.slice(i + 1, end);
      const negated = body.startsWith("^");
      if (negated) body = body.slice(1);
      const members = body.replace(/\\(.)/g, "$1").replace(/(.)-(.)|(.)/g, (_, from, to, single) =>
        single !== undefined ? escape(single) : `${escape(from)}-${escape(to)}`,
      );
      source += `[${negated ? "^" : ""}${members}]`;
      i = end;
    } else source += escape(char);
  }
  return new RegExp(`^${source}$`);
}
