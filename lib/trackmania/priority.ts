import { AsyncLocalStorage } from "node:async_hooks";

/**
 * Who is waiting for a Trackmania request, carried down to the shared budget without threading a
 * parameter through every domain function: a person on a page (`interactive`), a digest due at its
 * hour (`deadline`, the default), or nobody in particular (`background`: later search slices,
 * backfills, name look-ups). The budget hands its near slots out in that order.
 */
export type TrackmaniaPriority = "interactive" | "deadline" | "background";

export const TRACKMANIA_PRIORITIES: readonly TrackmaniaPriority[] = ["interactive", "deadline", "background"];

const storage = new AsyncLocalStorage<TrackmaniaPriority>();

/** Runs `fn` so that every Trackmania request it makes (awaited or not) goes at `priority`. */
export function withTrackmaniaPriority<T>(priority: TrackmaniaPriority, fn: () => T): T {
  return storage.run(priority, fn);
}

/** The priority of the request being made now: the innermost `withTrackmaniaPriority`, else `deadline`. */
export function currentTrackmaniaPriority(): TrackmaniaPriority {
  return storage.getStore() ?? "deadline";
}
