import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "@/lib/config";
import { createMemoryKv } from "@/lib/kv/memory";
import type { KvStore } from "@/lib/kv/types";
import { createVercelKv } from "@/lib/kv/vercel-kv";
import { createSharedRequestScheduler } from "@/lib/trackmania/budget";
import { createTrackmaniaClient, type TrackmaniaClient } from "@/lib/trackmania/client";
import type { FetchLike } from "@/lib/trackmania/http";
import { createTrackmaniaFromConfig } from "@/lib/trackmania/from-config";
import { currentTrackmaniaPriority, withTrackmaniaPriority, type TrackmaniaPriority } from "@/lib/trackmania/priority";
import { createSandbox, type Sandbox } from "@/lib/trackmania/sandbox";
import { startUpstashRestFake, type UpstashRestFake } from "@/tests/fakes/upstash-rest";

/**
 * The deployment's one Trackmania budget: two app instances — two client/limiter pairs, each with its
 * own KV client — over one KV, through the Upstash REST fake on the real Redis (where atomicity is
 * Redis's) and over one in-memory store (the embedded default). Real time, high rates: a rate limiter
 * is about time, so each case waits a couple of seconds at most.
 */

const TOKEN = "trackmania-budget-token";
let fake: UpstashRestFake;
let sandbox: Sandbox;

beforeAll(async () => {
  // Keys under a prefix of its own (no db number): nothing else in Redis is touched.
  fake = await startUpstashRestFake({ token: TOKEN });
  sandbox = createSandbox({ seed: 7, clock: "manual" });
});

afterAll(async () => {
  await fake?.close();
});

type Start = { instance: string; label: string; at: number };

/** Two KV clients onto one store, as two instances would hold. */
type KvPair = () => [KvStore, KvStore];

const drivers: [string, KvPair][] = [
  ["Upstash REST on Redis", () => [createVercelKv({ url: fake.url, token: TOKEN }), createVercelKv({ url: fake.url, token: TOKEN })]],
  [
    "in-memory",
    () => {
      const kv = createMemoryKv();
      return [kv, kv];
    },
  ],
];

/** An app instance: its own limiter and client over `kv`, its requests' start times put in `starts`. */
function instance(name: string, kv: KvStore, namespace: string, rate: number, starts: Start[], fetchOverride?: FetchLike) {
  const scheduler = createSharedRequestScheduler({ kv, namespace, requestsPerSecond: rate });
  const fetch: FetchLike = async (input, init) => {
    const label = new URL(String(input)).searchParams.get("name") ?? "";
    starts.push({ instance: name, label, at: Date.now() });
    return (fetchOverride ?? sandbox.fetch)(input, init);
  };
  const client = createTrackmaniaClient({
    coreUrl: sandbox.urls.core,
    liveUrl: sandbox.urls.live,
    oauthUrl: sandbox.urls.oauth,
    tmxUrl: sandbox.urls.tmx,
    ...sandbox.credentials,
    userAgent: "Trackwatch/test (budget; test@localhost)",
    kv,
    fetch,
    scheduler,
    retryBaseMs: 20,
    now: () => sandbox.now().getTime(),
  });
  return { scheduler, client };
}

/** One Trackmania Exchange request (no token needed), labelled through the query. */
const ask = (client: TrackmaniaClient, label: string) => client.searchMapsByName(label, { limit: 1 });

/** The most starts found in any window [s_i, s_j]: starts there must be ≤ ⌈W × rate⌉ + 1. */
function worstWindow(starts: number[], rate: number): { count: number; allowed: number; windowMs: number } {
  const sorted = [...starts].sort((a, b) => a - b);
  let worst = { count: 0, allowed: Number.POSITIVE_INFINITY, windowMs: 0 };
  for (let i = 0; i < sorted.length; i += 1) {
    for (let j = i; j < sorted.length; j += 1) {
      const windowMs = sorted[j]! - sorted[i]!;
      const count = j - i + 1;
      const allowed = Math.ceil((windowMs * rate) / 1000) + 1;
      if (count - allowed > worst.count - worst.allowed) worst = { count, allowed, windowMs };
    }
  }
  return worst;
}

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe.each(drivers)("one budget for two instances over %s", (_name, kvPair) => {
  it("never lets both together exceed the configured rate", async () => {
    const rate = 10;
    const namespace = randomUUID();
    const [kvA, kvB] = kvPair();
    const starts: Start[] = [];
    const a = instance("a", kvA, namespace, rate, starts);
    const b = instance("b", kvB, namespace, rate, starts);
    const began = Date.now();
    await Promise.all([
      ...Array.from({ length: 10 }, (_, i) => ask(a.client, `a${i}`)),
      ...Array.from({ length: 10 }, (_, i) => ask(b.client, `b${i}`)),
    ]);
    const elapsed = Date.now() - began;

    expect(starts).toHaveLength(20);
    expect(new Set(starts.map((start) => start.instance))).toEqual(new Set(["a", "b"]));
    const worst = worstWindow(starts.map((start) => start.at), rate);
    expect(worst.count, `${worst.count} starts in ${worst.windowMs} ms`).toBeLessThanOrEqual(worst.allowed);
    // Twenty starts in distinct 100 ms slots span at least 18 whole slots (two limiters apart: half that).
    expect(elapsed).toBeGreaterThanOrEqual(1_800);
  });

  it("pauses the other instance when one is told 429 Retry-After", async () => {
    const namespace = randomUUID();
    const [kvA, kvB] = kvPair();
    const starts: Start[] = [];
    let refused = 0;
    let refusedAt = 0;
    const throttled: FetchLike = async (input, init) => {
      if (refused === 0) {
        refused += 1;
        refusedAt = Date.now();
        return new Response(JSON.stringify({ error: "Too many requests" }), { status: 429, headers: { "Retry-After": "1" } });
      }
      return sandbox.fetch(input, init);
    };
    const a = instance("a", kvA, namespace, 50, starts, throttled);
    const b = instance("b", kvB, namespace, 50, starts);

    const first = ask(a.client, "a0");
    // B asks once the pause has reached the shared store, as any instance would a moment later.
    await until(async () => (await kvB.get(`tm:budget:${namespace}:tmx:paused-until`)) !== null);
    await ask(b.client, "b0");
    await first;

    const retried = starts.filter((start) => start.instance === "a")[1]!;
    const other = starts.find((start) => start.instance === "b")!;
    expect(refused).toBe(1);
    // Date.now() has whole milliseconds: a start may read 1 ms under the pause's end.
    expect(other.at - refusedAt).toBeGreaterThanOrEqual(999);
    expect(retried.at - refusedAt).toBeGreaterThanOrEqual(999);
    // …and not much later: the pause ends for everyone at once (generous for a loaded machine).
    expect(other.at - refusedAt).toBeLessThan(2_000);
  });

  it("starts interactive, then deadline work before background reads queued earlier", async () => {
    // Slots of 250 ms: wide enough that queuing the urgent requests never takes a slot's time, even on a loaded machine.
    const rate = 4;
    const namespace = randomUUID();
    const [kvA, kvB] = kvPair();
    const starts: Start[] = [];
    const a = instance("a", kvA, namespace, rate, starts);
    const b = instance("b", kvB, namespace, rate, starts);
    const at = (priority: TrackmaniaPriority, fn: () => Promise<unknown>) => withTrackmaniaPriority(priority, fn);

    const background = [
      ...Array.from({ length: 8 }, (_, i) => at("background", () => ask(a.client, `bg-a${i}`))),
      ...Array.from({ length: 8 }, (_, i) => at("background", () => ask(b.client, `bg-b${i}`))),
    ];
    await until(() => starts.length >= 2);
    const queuedAt = Date.now();
    const waiting = 16 - starts.length;
    const urgent = [
      at("deadline", () => ask(b.client, "deadline-1")),
      at("deadline", () => ask(b.client, "deadline-2")),
      at("interactive", () => ask(a.client, "interactive")),
    ];
    await Promise.all([...background, ...urgent]);

    const startOf = (label: string) => starts.find((start) => start.label === label)!.at;
    const backgroundBetween = (until: number) =>
      starts.filter((start) => start.label.startsWith("bg-") && start.at >= queuedAt && start.at < until).length;
    expect(waiting).toBeGreaterThanOrEqual(12);
    // At most the slots already claimed when they arrived (one per instance) go first.
    expect(backgroundBetween(startOf("interactive"))).toBeLessThanOrEqual(2);
    expect(backgroundBetween(Math.max(startOf("deadline-1"), startOf("deadline-2")))).toBeLessThanOrEqual(2);
    const worst = worstWindow(starts.map((start) => start.at), rate);
    expect(worst.count).toBeLessThanOrEqual(worst.allowed);
  });
});

describe("the budget in the app", () => {
  it("is shared by two runtimes built from the config over one KV", async () => {
    const config = loadConfig({ SANDBOX_SEED: "3", SANDBOX_CLOCK: "manual", SANDBOX_REQUESTS_PER_SECOND: "5", SANDBOX_PLAYERS: "200" });
    const kv = createMemoryKv();
    const one = createTrackmaniaFromConfig(config, kv);
    const two = createTrackmaniaFromConfig(config, kv);
    const began = Date.now();
    await Promise.all([
      ...Array.from({ length: 3 }, (_, i) => one.client.searchMapsByName(`one-${i}-${randomUUID()}`, { limit: 1 })),
      ...Array.from({ length: 3 }, (_, i) => two.client.searchMapsByName(`two-${i}-${randomUUID()}`, { limit: 1 })),
    ]);
    // Six starts in distinct 200 ms slots span at least four whole slots; two separate limits would take two.
    expect(Date.now() - began).toBeGreaterThanOrEqual(800);
  });

  it("runs each request in its caller's async context, whoever started the lane", async () => {
    const scheduler = createSharedRequestScheduler({ kv: createMemoryKv(), namespace: randomUUID(), requestsPerSecond: 1000 });
    const caller = new AsyncLocalStorage<string>();
    const seen = await Promise.all(
      ["first", "second", "third"].map((name) => caller.run(name, () => scheduler.run("live", async () => caller.getStore()))),
    );
    expect(seen).toEqual(["first", "second", "third"]);
  });

  it("goes on after a failed task and after a KV outage", async () => {
    const kv = createMemoryKv();
    const scheduler = createSharedRequestScheduler({ kv, namespace: randomUUID(), requestsPerSecond: 1000 });
    await expect(scheduler.run("live", async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    const broken = createSharedRequestScheduler({
      kv: { ...kv, mget: async () => Promise.reject(new Error("KV down")), get: kv.get, set: kv.set },
      namespace: randomUUID(),
    });
    await expect(broken.run("live", async () => "never")).rejects.toThrow("KV down");
    await expect(scheduler.run("live", async () => "next")).resolves.toBe("next");
  });
});

describe("withTrackmaniaPriority", () => {
  it("carries the priority through awaits, innermost first, deadline by default", async () => {
    expect(currentTrackmaniaPriority()).toBe("deadline");
    const seen = await withTrackmaniaPriority("background", async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      const inner = await withTrackmaniaPriority("interactive", async () => currentTrackmaniaPriority());
      return [currentTrackmaniaPriority(), inner];
    });
    expect(seen).toEqual(["background", "interactive"]);
  });
});
