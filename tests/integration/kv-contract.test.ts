import { createHash, randomUUID } from "node:crypto";
import { Ratelimit } from "@upstash/ratelimit";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createKv, type KvStore, type RatelimitRedis } from "@/lib/kv";
import { createMemoryKv } from "@/lib/kv/memory";
import { createVercelKv } from "@/lib/kv/vercel-kv";
import { startUpstashRestFake, type UpstashRestFake } from "@/tests/fakes/upstash-rest";

/**
 * One contract, two drivers: whatever passes here behaves the same in dev (memory) and in
 * production (Upstash REST, exercised through a local REST fake on the real Redis, db 9).
 */

/** A store plus a way to let time pass: instantly on an injected clock, or really. */
type KvHarness = { kv: KvStore; sleep(ms: number): Promise<void> };

/** The Redis database this file owns (see tests/fakes/upstash-rest.ts). */
const REDIS_DB = 9;
const TOKEN = "kv-contract-token";

let fake: UpstashRestFake;

beforeAll(async () => {
  fake = await startUpstashRestFake({ token: TOKEN, db: REDIS_DB });
});

afterAll(async () => {
  await fake?.close();
});

function describeKvContract(name: string, createHarness: () => KvHarness) {
  describe(`KvStore contract: ${name}`, () => {
    let kv: KvStore;
    let sleep: KvHarness["sleep"];
    // Unique per test so runs never see each other's keys in the shared Redis database.
    let key: (name: string) => string;

    beforeEach(() => {
      ({ kv, sleep } = createHarness());
      const scope = randomUUID();
      key = (suffix) => `test:${scope}:${suffix}`;
    });

    it("reports its driver and answers ping", async () => {
      expect(kv.driver).toBe(name);
      await expect(kv.ping()).resolves.toBe(true);
    });

    it("returns null for a missing key and the stored value after set", async () => {
      await expect(kv.get(key("missing"))).resolves.toBeNull();
      await expect(kv.set(key("a"), { watch: 7 })).resolves.toBe(true);
      await expect(kv.get(key("a"))).resolves.toEqual({ watch: 7 });
    });

    it.each([
      ["an integer", 42],
      ["a negative float", -3.25],
      ["zero", 0],
      ["a string", "hello, wörld ✓"],
      ["a string that looks like a number", "42"],
      ["a string that looks like JSON", '{"a":1}'],
      ["a string that says null", "null"],
      ["an empty string", ""],
      ["true", true],
      ["false", false],
      ["null", null],
      ["an array", [1, "two", null, { three: [3] }]],
      ["an empty array", []],
      ["an object", { nested: { list: [true, false], n: 1.5, s: "x" }, empty: {} }],
    ])("round-trips %s", async (_label, value) => {
      await kv.set(key("value"), value);
      expect(await kv.get(key("value"))).toStrictEqual(value);
      expect(await kv.mget([key("value")])).toStrictEqual([value]);
    });

    it("refuses values JSON cannot represent", async () => {
      await expect(kv.set(key("u"), undefined)).rejects.toThrow(TypeError);
    });

    it("returns copies, so changing a read or written object does not change the stored one", async () => {
      const written = { list: [1, 2] };
      await kv.set(key("obj"), written);
      written.list.push(3);
      const read = await kv.get<{ list: number[] }>(key("obj"));
      read!.list.push(4);
      await expect(kv.get(key("obj"))).resolves.toEqual({ list: [1, 2] });
    });

    it("set with onlyIfAbsent writes only when the key is free", async () => {
      await expect(kv.set(key("nx"), "first", { onlyIfAbsent: true })).resolves.toBe(true);
      await expect(kv.set(key("nx"), "second", { onlyIfAbsent: true })).resolves.toBe(false);
      await expect(kv.get(key("nx"))).resolves.toBe("first");
      await expect(kv.set(key("nx"), "third")).resolves.toBe(true);
      await expect(kv.get(key("nx"))).resolves.toBe("third");
    });

    it("set with onlyIfPresent writes only over an existing key, and never brings a deleted one back", async () => {
      await expect(kv.set(key("xx"), "first", { onlyIfPresent: true })).resolves.toBe(false);
      await expect(kv.get(key("xx"))).resolves.toBeNull();
      await expect(kv.ttl(key("xx"))).resolves.toBe(-2);

      await kv.set(key("xx"), "first");
      await expect(kv.set(key("xx"), "second", { onlyIfPresent: true, ttlSeconds: 30 })).resolves.toBe(true);
      await expect(kv.get(key("xx"))).resolves.toBe("second");
      await expect(kv.ttl(key("xx"))).resolves.toBe(30);

      await kv.del(key("xx"));
      await expect(kv.set(key("xx"), "third", { onlyIfPresent: true })).resolves.toBe(false);
      await expect(kv.get(key("xx"))).resolves.toBeNull();
    });

    it("refuses onlyIfAbsent and onlyIfPresent together, writing nothing", async () => {
      await expect(kv.set(key("both"), 1, { onlyIfAbsent: true, onlyIfPresent: true })).rejects.toThrow(TypeError);
      await kv.set(key("both"), "kept");
      await expect(kv.set(key("both"), 2, { onlyIfAbsent: true, onlyIfPresent: true })).rejects.toThrow(
        /onlyIfAbsent.*onlyIfPresent/,
      );
      await expect(kv.get(key("both"))).resolves.toBe("kept");
    });

    it("del removes several keys and counts only those that existed", async () => {
      await kv.set(key("d1"), 1);
      await kv.set(key("d2"), 2);
      await expect(kv.del(key("d1"), key("d2"), key("never"))).resolves.toBe(2);
      await expect(kv.mget([key("d1"), key("d2")])).resolves.toEqual([null, null]);
      await expect(kv.del(key("d1"))).resolves.toBe(0);
      await expect(kv.del()).resolves.toBe(0);
    });

    it("mget keeps order and answers null for missing keys", async () => {
      await kv.set(key("m1"), "one");
      await kv.set(key("m3"), { three: 3 });
      await expect(kv.mget([key("m1"), key("m2"), key("m3")])).resolves.toEqual(["one", null, { three: 3 }]);
      await expect(kv.mget([])).resolves.toEqual([]);
    });

    it("incr creates counters at 0, adds any integer and reads back as a number", async () => {
      await expect(kv.incr(key("c"))).resolves.toBe(1);
      await expect(kv.incr(key("c"))).resolves.toBe(2);
      await expect(kv.incr(key("c"), 10)).resolves.toBe(12);
      await expect(kv.incr(key("c"), -20)).resolves.toBe(-8);
      await expect(kv.get(key("c"))).resolves.toBe(-8);
      await kv.set(key("c2"), 5);
      await expect(kv.incr(key("c2"))).resolves.toBe(6);
    });

    it("incr refuses values that are not integers, like Redis", async () => {
      await kv.set(key("s"), "5"); // a JSON string, not a number
      await expect(kv.incr(key("s"))).rejects.toThrow(/not an integer/);
      await kv.set(key("f"), 1.5);
      await expect(kv.incr(key("f"))).rejects.toThrow(/not an integer/);
      await kv.set(key("o"), { n: 1 });
      await expect(kv.incr(key("o"))).rejects.toThrow(/not an integer/);
      await expect(kv.incr(key("c"), 1.5)).rejects.toThrow(RangeError);
    });

    it("ttl is -2 for missing keys, -1 without expiry, else the seconds left", async () => {
      await expect(kv.ttl(key("none"))).resolves.toBe(-2);
      await kv.set(key("forever"), 1);
      await expect(kv.ttl(key("forever"))).resolves.toBe(-1);
      await kv.set(key("ten"), 1, { ttlSeconds: 10 });
      await expect(kv.ttl(key("ten"))).resolves.toBe(10);
      await expect(kv.expire(key("forever"), 60)).resolves.toBe(true);
      await expect(kv.ttl(key("forever"))).resolves.toBe(60);
      await expect(kv.expire(key("none"), 60)).resolves.toBe(false);
    });

    it("a plain set clears an earlier expiry, and incr keeps it", async () => {
      await kv.set(key("k"), 1, { ttlSeconds: 30 });
      await kv.set(key("k"), 2);
      await expect(kv.ttl(key("k"))).resolves.toBe(-1);
      await kv.set(key("n"), 1, { ttlSeconds: 30 });
      await kv.incr(key("n"));
      await expect(kv.ttl(key("n"))).resolves.toBe(30);
    });

    it("expire with a TTL that is not positive deletes the key", async () => {
      await kv.set(key("gone"), 1);
      await expect(kv.expire(key("gone"), 0)).resolves.toBe(true);
      await expect(kv.get(key("gone"))).resolves.toBeNull();
      await expect(kv.expire(key("gone"), 0)).resolves.toBe(false);
    });

    it("refuses TTLs that are not positive whole seconds", async () => {
      await expect(kv.set(key("t"), 1, { ttlSeconds: 0 })).rejects.toThrow(RangeError);
      await expect(kv.set(key("t"), 1, { ttlSeconds: 1.5 })).rejects.toThrow(RangeError);
      await expect(kv.expire(key("t"), 1.5)).rejects.toThrow(RangeError);
      await expect(kv.get(key("t"))).resolves.toBeNull();
    });

    it("keys expire after their TTL (set with ttlSeconds, expire, and set NX with a TTL)", async () => {
      await kv.set(key("short"), "v", { ttlSeconds: 1 });
      await kv.set(key("later"), "v");
      await kv.expire(key("later"), 1);
      await kv.set(key("nx"), "v", { ttlSeconds: 1, onlyIfAbsent: true });
      await kv.set(key("stays"), "v");

      await sleep(1_100);

      await expect(kv.mget([key("short"), key("later"), key("nx"), key("stays")])).resolves.toEqual([null, null, null, "v"]);
      await expect(kv.ttl(key("short"))).resolves.toBe(-2);
      await expect(kv.del(key("short"), key("later"))).resolves.toBe(0);
      await expect(kv.set(key("nx"), "again", { onlyIfAbsent: true })).resolves.toBe(true);
      await expect(kv.incr(key("later"))).resolves.toBe(1);
    });

    describe("sets", () => {
      const sorted = (members: string[]) => [...members].sort();

      it("sadd counts only new members, and smembers answers exactly the members", async () => {
        await expect(kv.smembers(key("missing"))).resolves.toEqual([]);
        await expect(kv.sadd(key("s"), "a", "b", "a")).resolves.toBe(2);
        await expect(kv.sadd(key("s"), "b", "c")).resolves.toBe(1);
        await expect(kv.sadd(key("s"), "a")).resolves.toBe(0);
        await expect(kv.sadd(key("s"))).resolves.toBe(0);
        expect(sorted(await kv.smembers(key("s")))).toStrictEqual(["a", "b", "c"]);
        await expect(kv.ttl(key("s"))).resolves.toBe(-1);
      });

      it("keeps members as the exact strings given, even ones that look like numbers or JSON", async () => {
        const members = ["42", "", "null", "true", '{"a":1}', '"quoted"', "hello, wörld ✓", "🏁"];
        await expect(kv.sadd(key("s"), ...members)).resolves.toBe(members.length);
        expect(sorted(await kv.smembers(key("s")))).toStrictEqual(sorted(members));
      });

      it("srem counts only members that were there, and removing the last one deletes the key", async () => {
        await expect(kv.srem(key("missing"), "a")).resolves.toBe(0);
        await kv.sadd(key("s"), "a", "b", "c");
        await expect(kv.srem(key("s"), "a", "never", "a")).resolves.toBe(1);
        await expect(kv.srem(key("s"))).resolves.toBe(0);
        expect(sorted(await kv.smembers(key("s")))).toStrictEqual(["b", "c"]);
        await kv.expire(key("s"), 60);
        await expect(kv.srem(key("s"), "b", "c")).resolves.toBe(2);
        await expect(kv.ttl(key("s"))).resolves.toBe(-2);
        await expect(kv.smembers(key("s"))).resolves.toEqual([]);
        // A new set starts without the old one's expiry.
        await kv.sadd(key("s"), "d");
        await expect(kv.ttl(key("s"))).resolves.toBe(-1);
      });

      it("expire, ttl and del work on a set, and sadd keeps its expiry", async () => {
        await kv.sadd(key("s"), "a");
        await expect(kv.expire(key("s"), 60)).resolves.toBe(true);
        await expect(kv.ttl(key("s"))).resolves.toBe(60);
        await expect(kv.sadd(key("s"), "b")).resolves.toBe(1);
        await expect(kv.ttl(key("s"))).resolves.toBe(60);
        await kv.srem(key("s"), "a");
        await expect(kv.ttl(key("s"))).resolves.toBe(60);
        await expect(kv.del(key("s"))).resolves.toBe(1);
        await expect(kv.smembers(key("s"))).resolves.toEqual([]);
        await expect(kv.ttl(key("s"))).resolves.toBe(-2);
      });

      it("a set expires after its TTL, even when members were added since", async () => {
        await kv.sadd(key("s"), "a");
        await kv.expire(key("s"), 1);
        await kv.sadd(key("s"), "b");
        await kv.sadd(key("stays"), "a");

        await sleep(1_100);

        await expect(kv.smembers(key("s"))).resolves.toEqual([]);
        await expect(kv.ttl(key("s"))).resolves.toBe(-2);
        await expect(kv.del(key("s"))).resolves.toBe(0);
        await expect(kv.smembers(key("stays"))).resolves.toEqual(["a"]);
        await expect(kv.sadd(key("s"), "c")).resolves.toBe(1);
        await expect(kv.smembers(key("s"))).resolves.toEqual(["c"]);
        await expect(kv.ttl(key("s"))).resolves.toBe(-1);
      });

      it("string commands refuse a set key with WRONGTYPE, and mget answers null for it", async () => {
        await kv.sadd(key("s"), "a");
        await kv.set(key("str"), "text");
        await expect(kv.get(key("s"))).rejects.toThrow(/WRONGTYPE/);
        await expect(kv.incr(key("s"))).rejects.toThrow(/WRONGTYPE/);
        await expect(kv.mget([key("str"), key("s"), key("none")])).resolves.toEqual(["text", null, null]);
        await expect(kv.smembers(key("s"))).resolves.toEqual(["a"]);
      });

      it("set commands refuse a string key with WRONGTYPE", async () => {
        await kv.set(key("str"), "text");
        await expect(kv.sadd(key("str"), "a")).rejects.toThrow(/WRONGTYPE/);
        await expect(kv.srem(key("str"), "a")).rejects.toThrow(/WRONGTYPE/);
        await expect(kv.smembers(key("str"))).rejects.toThrow(/WRONGTYPE/);
        await expect(kv.get(key("str"))).resolves.toBe("text");
      });

      it("a plain set replaces a set key with the value and clears its expiry; NX and XX see the set", async () => {
        await kv.sadd(key("s"), "a");
        await kv.expire(key("s"), 60);
        await expect(kv.set(key("s"), "nx", { onlyIfAbsent: true })).resolves.toBe(false);
        await expect(kv.set(key("s"), { now: "a value" })).resolves.toBe(true);
        await expect(kv.get(key("s"))).resolves.toEqual({ now: "a value" });
        await expect(kv.ttl(key("s"))).resolves.toBe(-1);

        await kv.sadd(key("t"), "a");
        await expect(kv.set(key("t"), 7, { onlyIfPresent: true })).resolves.toBe(true);
        await expect(kv.incr(key("t"))).resolves.toBe(8);
      });
    });

    describe("@upstash/ratelimit on ratelimitClient()", () => {
      // The SDK buckets by Date.now(); pinning it puts each step at a known point of its window.
      const WINDOW_MS = 10_000;
      const windowStart = Date.UTC(2030, 0, 1); // a multiple of 10 s

      beforeEach(() => {
        vi.useFakeTimers({ toFake: ["Date"] });
      });
      afterEach(() => {
        vi.useRealTimers();
      });

      function ratelimit(limiter: ConstructorParameters<typeof Ratelimit>[0]["limiter"]) {
        return new Ratelimit({
          redis: kv.ratelimitClient() as RatelimitRedis,
          limiter,
          prefix: key("rl"),
          // The SDK's in-process block cache would answer denials without asking the store.
          ephemeralCache: false,
        });
      }

      it("fixedWindow(3, '10 s') allows 3 per window and resets with the next one", async () => {
        vi.setSystemTime(windowStart + 5_000);
        const limiter = ratelimit(Ratelimit.fixedWindow(3, "10 s"));
        const reset = windowStart + WINDOW_MS;

        const results = [];
        for (let i = 0; i < 4; i++) results.push(await limiter.limit("user-1"));
        expect(results.map((r) => ({ success: r.success, remaining: r.remaining, limit: r.limit, reset: r.reset }))).toEqual([
          { success: true, remaining: 2, limit: 3, reset },
          { success: true, remaining: 1, limit: 3, reset },
          { success: true, remaining: 0, limit: 3, reset },
          { success: false, remaining: 0, limit: 3, reset },
        ]);
        await expect(limiter.getRemaining("user-1")).resolves.toEqual({ remaining: 0, limit: 3, reset });
        await expect(limiter.limit("user-2")).resolves.toMatchObject({ success: true, remaining: 2 });

        vi.setSystemTime(windowStart + WINDOW_MS + 1);
        await expect(limiter.limit("user-1")).resolves.toMatchObject({ success: true, remaining: 2, reset: reset + WINDOW_MS });

        await limiter.resetUsedTokens("user-1");
        await expect(limiter.getRemaining("user-1")).resolves.toMatchObject({ remaining: 3 });
      });

      it("slidingWindow(3, '10 s') weighs the previous window by how much of it still overlaps", async () => {
        const limiter = ratelimit(Ratelimit.slidingWindow(3, "10 s"));

        vi.setSystemTime(windowStart + 9_000);
        const first = [];
        for (let i = 0; i < 4; i++) first.push(await limiter.limit("user-1"));
        expect(first.map(({ success, remaining }) => ({ success, remaining }))).toEqual([
          { success: true, remaining: 2 },
          { success: true, remaining: 1 },
          { success: true, remaining: 0 },
          { success: false, remaining: 0 },
        ]);
        expect(first[0]).toMatchObject({ limit: 3, reset: windowStart + WINDOW_MS });

        // 20% into the next window: 80% of the previous 3 requests (2) still count.
        vi.setSystemTime(windowStart + WINDOW_MS + 2_000);
        await expect(limiter.getRemaining("user-1")).resolves.toEqual({ remaining: 1, limit: 3, reset: windowStart + 2 * WINDOW_MS });
        await expect(limiter.limit("user-1")).resolves.toMatchObject({ success: true, remaining: 0 });
        await expect(limiter.limit("user-1")).resolves.toMatchObject({ success: false, remaining: 0 });

        // 70% in: floor(0.3 × 3) = 0 from the previous window, 1 from this one.
        vi.setSystemTime(windowStart + WINDOW_MS + 7_000);
        await expect(limiter.limit("user-1")).resolves.toMatchObject({ success: true, remaining: 1 });
      });
    });
  });
}

describeKvContract("memory", () => {
  let now = Date.UTC(2030, 0, 1);
  return {
    kv: createMemoryKv({ now: () => now }),
    sleep: async (ms) => {
      now += ms;
    },
  };
});

describeKvContract("vercel-kv", () => ({
  kv: createVercelKv({ url: fake.url, token: TOKEN }),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
}));

describe("memory driver specifics", () => {
  it("answers an unsupported ratelimit algorithm with an error naming it", async () => {
    const limiter = new Ratelimit({
      redis: createMemoryKv().ratelimitClient() as RatelimitRedis,
      limiter: Ratelimit.tokenBucket(1, "1 s", 1),
      ephemeralCache: false,
    });
    await expect(limiter.limit("x")).rejects.toThrow(/does not emulate @upstash\/ratelimit tokenBucket\.limit/);
  });

  it("names an unknown script by its hash and first line", async () => {
    const client = createMemoryKv().ratelimitClient() as {
      evalsha(sha: string, keys: string[], args: unknown[]): Promise<unknown>;
      eval(script: string, keys: string[], args: unknown[]): Promise<unknown>;
    };
    await expect(client.evalsha("0".repeat(40), [], [])).rejects.toThrow(/NOSCRIPT/);
    await expect(client.eval("#!lua\nreturn redis.call('TIME')", [], [])).rejects.toThrow(
      /does not emulate script sha1 [0-9a-f]{40} starting "return redis.call\('TIME'\)"/,
    );
  });
});

describe("vercel-kv driver specifics", () => {
  it("reports a rejected token clearly and answers ping with false", async () => {
    const kv = createVercelKv({ url: fake.url, token: "wrong-token" });
    await expect(kv.get("anything")).rejects.toThrow(/KV at http:\/\/127\.0\.0\.1:\d+ rejected the token .*KV_REST_API_TOKEN/);
    await expect(kv.ping()).resolves.toBe(false);
  });
});

describe("upstash REST fake", () => {
  async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
    const response = await fetch(`${fake.url}${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}`, ...headers },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as unknown };
  }

  it("refuses a missing or wrong token with 401", async () => {
    await expect(post("/", ["ping"], { authorization: "Bearer nope" })).resolves.toEqual({
      status: 401,
      body: { error: "Unauthorized" },
    });
  });

  it("answers Redis errors with 400 and the Redis message", async () => {
    const key = `fake:${randomUUID()}`;
    await post("/", ["set", key, "text"]);
    await expect(post("/", ["incr", key])).resolves.toEqual({
      status: 400,
      body: { error: "ERR value is not an integer or out of range" },
    });
  });

  it("base64-encodes strings recursively only when asked, and runs pipelines and transactions", async () => {
    const key = `fake:${randomUUID()}`;
    const base64 = { "upstash-encoding": "base64" };
    await expect(post("/pipeline", [["set", key, "é"], ["incr", key], ["mget", key, `${key}:none`]], base64)).resolves.toEqual({
      status: 200,
      body: [
        { result: Buffer.from("OK").toString("base64") },
        { error: "ERR value is not an integer or out of range" },
        { result: [Buffer.from("é").toString("base64"), null] },
      ],
    });
    await expect(post("/multi-exec", [["set", key, 1], ["incrby", key, 2], ["get", key]])).resolves.toEqual({
      status: 200,
      body: [{ result: "OK" }, { result: 3 }, { result: "3" }],
    });
  });

  it("runs scripts that start with a #!lua flags line, by EVAL and then by the original hash", async () => {
    const script = "#!lua flags=allow-key-locking\nreturn {KEYS[1], ARGV[1]}";
    const sha = createHash("sha1").update(script).digest("hex");
    await expect(post("/", ["evalsha", sha, 1, "k", "v"])).resolves.toMatchObject({ status: 400, body: { error: expect.stringMatching(/^NOSCRIPT/) } });
    await expect(post("/", ["eval", script, 1, "k", "v"])).resolves.toEqual({ status: 200, body: { result: ["k", "v"] } });
    await expect(post("/", ["evalsha", sha, 1, "k", "v"])).resolves.toEqual({ status: 200, body: { result: ["k", "v"] } });
    await expect(post("/", ["script", "load", script])).resolves.toEqual({ status: 200, body: { result: sha } });
  });
});

describe("getKv", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it("uses the memory driver when no KV variables are set, and always the same store", async () => {
    vi.stubEnv("KV_REST_API_URL", "");
    vi.stubEnv("KV_REST_API_TOKEN", "");
    vi.resetModules();
    const { getKv } = await import("@/lib/kv");
    expect(getKv().driver).toBe("memory");
    expect(getKv()).toBe(getKv());
  });

  it("createKv picks vercel-kv when the config says so", () => {
    const kv = createKv({ drivers: { kv: "vercel-kv" }, KV_REST_API_URL: fake.url, KV_REST_API_TOKEN: TOKEN });
    expect(kv.driver).toBe("vercel-kv");
  });
});
