import { AsyncResource } from "node:async_hooks";
import type { KvValueStore } from "@/lib/kv/types";
import { log } from "@/lib/observability";
import { currentTrackmaniaPriority, type TrackmaniaPriority } from "./priority";
import type { RequestScheduler, TrackmaniaService } from "./scheduler";

/**
 * One request budget per service for the whole deployment, kept in KV: every instance (every Vercel
 * function, the embedded runner, a script) cuts wall-clock time into the same slots of `1 / rate`
 * seconds, and a request may start only in a slot it claimed with SET NX on
 * `tm:budget:<namespace>:<service>:slot:<n>`. SET NX is atomic on Redis (and in the in-memory store),
 * so no two requests anywhere start in one slot, and in any window of W seconds at most
 * ⌈W × rate⌉ + 1 start — whatever the number of instances. A 429's Retry-After is written to
 * `…:paused-until` and read with every claim, so every instance holds back, not just the one told.
 *
 * Priorities (./priority.ts) decide how far ahead a request may claim: an interactive one takes the
 * earliest free slot however far, a deadline read at most `LEAD_SLOTS.deadline` slots ahead, a
 * background one only the slot under way. Lower priorities that find no slot in reach wait and ask
 * again at the next boundary, so a person's request queued behind them finds a near slot.
 *
 * Within a process each service keeps a lane: one request at a time (as before), the waiting ones
 * ordered by priority, so a preview never queues behind a backfill in its own instance either.
 * KV costs per request: one MGET (the pause and a few slots) and one SET NX, plus one GET when the
 * request had to wait for its slot (a pause may have arrived meanwhile); and, while an instance's
 * lower-priority request finds nothing in reach, one MGET per slot from that instance.
 *
 * Slots follow each instance's wall clock, so instances must agree on the time (NTP-synchronised
 * hosts differ by milliseconds; slot keys live a second past their slot to absorb that).
 */

/** What the budget needs from KV: both drivers (Upstash REST, in-memory) provide it. */
export type BudgetKv = Pick<KvValueStore, "get" | "set" | "mget">;

export interface SharedRequestSchedulerOptions {
  kv: BudgetKv;
  /** Sustained starts per second per service, across all instances; defaults to 0.8. */
  requestsPerSecond?: number;
  /** Keeps budgets apart that must not meet (the sandbox's and the real services'); default `nadeo`. */
  namespace?: string;
  /** Epoch milliseconds: slots are cut from the wall clock so every instance cuts the same ones. */
  now?: () => number;
}

/** How many slots past the current one a priority may claim; an interactive request any. */
export const LEAD_SLOTS: Readonly<Record<TrackmaniaPriority, number>> = {
  interactive: Number.POSITIVE_INFINITY,
  deadline: 2,
  background: 0,
};

const RANK: Readonly<Record<TrackmaniaPriority, number>> = { interactive: 0, deadline: 1, background: 2 };

/** Slots read per MGET while looking for a free one. */
const WINDOW = 8;
/** A claim whose slot went by before its request could start (a stalled event loop) is made again, at most this many times in all. */
const MAX_MISSED_SLOTS = 3;

interface Waiter {
  priority: TrackmaniaPriority;
  task: () => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

interface Lane {
  /** Waiting requests, highest priority first, then in arrival order. */
  waiters: Waiter[];
  pumping: boolean;
  /** The latest pause known here (epoch ms), from this instance's 429s or read from KV. */
  pausedUntil: number;
  /** Ends the pump's current wait early (a new arrival at the head, or a pause). */
  wake: (() => void) | null;
  /** Set when woken while not waiting (during a KV call), so the next wait returns at once. */
  signalled: boolean;
}

type Claim = { slot: number; startAt: number } | { retryAt: number };

export function createSharedRequestScheduler(options: SharedRequestSchedulerOptions): RequestScheduler {
  const requestsPerSecond = options.requestsPerSecond ?? 0.8;
  if (!(requestsPerSecond > 0) || !Number.isFinite(requestsPerSecond)) {
    throw new RangeError(`requestsPerSecond must be a positive number, got ${requestsPerSecond}`);
  }
  const { kv } = options;
  const interval = 1000 / requestsPerSecond;
  const now = options.now ?? Date.now;
  const prefix = `tm:budget:${options.namespace ?? "nadeo"}`;
  const slotKey = (service: TrackmaniaService, slot: number) => `${prefix}:${service}:slot:${slot}`;
  const pauseKey = (service: TrackmaniaService) => `${prefix}:${service}:paused-until`;
  const lanes = new Map<TrackmaniaService, Lane>();

  const laneOf = (service: TrackmaniaService): Lane => {
    let lane = lanes.get(service);
    if (!lane) {
      lane = { waiters: [], pumping: false, pausedUntil: 0, wake: null, signalled: false };
      lanes.set(service, lane);
    }
    return lane;
  };

  /** Sleeps until `at` (epoch ms) or until the lane is signalled, whichever comes first. */
  const waitUntil = (lane: Lane, at: number) =>
    new Promise<void>((resolve) => {
      if (lane.signalled) {
        lane.signalled = false;
        resolve();
        return;
      }
      const timer = setTimeout(done, Math.max(0, at - now()));
      function done() {
        clearTimeout(timer);
        lane.wake = null;
        lane.signalled = false;
        resolve();
      }
      lane.wake = done;
    });

  const signal = (lane: Lane) => {
    lane.signalled = true;
    lane.wake?.();
  };

  const notePause = (lane: Lane, until: unknown) => {
    if (typeof until === "number" && until > lane.pausedUntil) lane.pausedUntil = until;
  };

  /**
   * The earliest free slot this priority may take, claimed; or when to ask again. Reads the shared
   * pause with the first slots, so a sibling's 429 moves the search past it.
   */
  async function claim(service: TrackmaniaService, lane: Lane, priority: TrackmaniaPriority): Promise<Claim> {
    const lead = LEAD_SLOTS[priority];
    let readPause = true;
    let base = Math.max(now(), lane.pausedUntil);
    let first = Math.floor(base / interval);
    let from = first;
    for (;;) {
      const to = Math.min(from + WINDOW - 1, first + lead);
      const slots = Array.from({ length: to - from + 1 }, (_, i) => from + i);
      const keys = slots.map((slot) => slotKey(service, slot));
      const values = await kv.mget<unknown>(readPause ? [pauseKey(service), ...keys] : keys);
      if (readPause) {
        readPause = false;
        notePause(lane, values.shift());
        if (lane.pausedUntil > base) {
          // Another instance was told to wait: look again from the end of its pause.
          base = Math.max(now(), lane.pausedUntil);
          first = Math.floor(base / interval);
          from = first;
          continue;
        }
      }
      for (const [i, slot] of slots.entries()) {
        if (values[i] !== null) continue;
        const slotEnd = (slot + 1) * interval;
        // Kept a second past its slot: an instance whose clock runs a little behind still sees it taken.
        const ttlSeconds = Math.max(1, Math.ceil((slotEnd - now()) / 1000) + 1);
        if (await kv.set(slotKey(service, slot), priority, { ttlSeconds, onlyIfAbsent: true })) {
          return { slot, startAt: Math.max(slot * interval, base) };
        }
        // Another instance took it between our read and our claim: try the next one.
      }
      if (to >= first + lead) {
        // Nothing free within reach: the reach grows by one slot per interval.
        return { retryAt: (to + 1 - lead) * interval };
      }
      from = to + 1;
    }
  }

  /**
   * Waits until the head of the lane may start; false when it should be chosen again (it found no
   * slot in reach and waited, so a higher priority may have arrived meanwhile).
   */
  async function admit(service: TrackmaniaService, lane: Lane, priority: TrackmaniaPriority): Promise<boolean> {
    for (let missed = 0; ; ) {
      const claimed = await claim(service, lane, priority);
      if ("retryAt" in claimed) {
        await waitUntil(lane, claimed.retryAt);
        return false;
      }
      const { slot, startAt } = claimed;
      let waited = false;
      // Woken early by an arrival: keep the claim and wait on; by a pause: claim again past it.
      while (now() < startAt && lane.pausedUntil <= startAt) {
        waited = true;
        await waitUntil(lane, startAt);
      }
      // A sibling's 429 may have come while we waited; the claim's own read covered the rest.
      if (waited) notePause(lane, await kv.get<number>(pauseKey(service)));
      if (lane.pausedUntil > now()) continue;
      if (now() >= (slot + 1) * interval && ++missed < MAX_MISSED_SLOTS) continue;
      return true;
    }
  }

  async function pump(service: TrackmaniaService, lane: Lane): Promise<void> {
    lane.pumping = true;
    try {
      while (lane.waiters.length > 0) {
        // Choosing the head afresh answers any signal so far.
        lane.signalled = false;
        const head = lane.waiters[0]!;
        let admitted: boolean;
        try {
          admitted = await admit(service, lane, head.priority);
        } catch (error) {
          // KV is unreachable: the request fails like any other outage, the lane goes on.
          lane.waiters.splice(lane.waiters.indexOf(head), 1);
          head.reject(error);
          continue;
        }
        if (!admitted) continue;
        lane.waiters.splice(lane.waiters.indexOf(head), 1);
        await Promise.resolve().then(head.task).then(head.resolve, head.reject);
      }
    } finally {
      lane.pumping = false;
    }
  }

  async function writePause(service: TrackmaniaService, until: number, ms: number): Promise<void> {
    // Not an atomic max: two 429s at once may leave the shorter pause, both about equally long.
    const current = await kv.get<number>(pauseKey(service));
    if (typeof current === "number" && current >= until) return;
    await kv.set(pauseKey(service), until, { ttlSeconds: Math.ceil(ms / 1000) + 1 });
  }

  return {
    requestsPerSecond,
    run<T>(service: TrackmaniaService, task: () => Promise<T>): Promise<T> {
      const lane = laneOf(service);
      const priority = currentTrackmaniaPriority();
      return new Promise<T>((resolve, reject) => {
        // The task runs in its caller's async context (its span, its ids), not in the pump's.
        const waiter: Waiter = { priority, task: AsyncResource.bind(task), resolve: resolve as (value: unknown) => void, reject };
        const at = lane.waiters.findIndex((other) => RANK[other.priority] > RANK[priority]);
        lane.waiters.splice(at === -1 ? lane.waiters.length : at, 0, waiter);
        if (!lane.pumping) void pump(service, lane);
        // A new head may be more urgent than the one waiting for a slot in reach: let it choose again.
        else if (at === 0) signal(lane);
      });
    },
    pause(service, ms) {
      const lane = laneOf(service);
      const until = now() + ms;
      notePause(lane, until);
      signal(lane);
      writePause(service, until, ms).catch((error: unknown) =>
        log.warn("trackmania.budget-pause", { message: `could not share a ${service} pause through KV`, service, error }),
      );
    },
  };
}
