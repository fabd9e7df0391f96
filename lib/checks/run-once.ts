import "server-only";
import { randomUUID } from "node:crypto";
import { AppError } from "@/lib/errors";
import { getKv } from "@/lib/kv";

/**
 * Work done once per key by every Trackwatch instance together: the first caller takes a SET NX lock
 * in KV, computes and stores the result; the others wait for that result instead of repeating the
 * work. A caller that finds the lock gone and no result (the holder failed, or its lock lapsed)
 * takes over. What is computed must be safe to compute twice (it is, in the rare takeover race):
 * the lock saves Nadeo calls, it does not carry correctness.
 */

export type RunOnceOptions = {
  /** How long the stored result is kept. */
  ttlSeconds: number;
  /** How long a holder may take before another caller takes over. */
  lockSeconds: number;
  /** How often a waiting caller looks for the result (ms). */
  pollMs?: number;
};

type Stored<T> = { value: T };

const lockKeyOf = (key: string) => `${key}:lock`;

/** The stored result for `key`, computing it (once among all callers) when there is none. */
export async function runOnce<T>(key: string, compute: () => Promise<T>, options: RunOnceOptions): Promise<T> {
  const results = await runOnceEach<T>([key], async () => new Map([[key, await compute()]]), options);
  return results.get(key) as T;
}

/**
 * `runOnce` for many keys at a time: `computeMany` gets the keys this caller claimed and returns a
 * value for each of them (a missing one is stored as null). Keys claimed by other callers are
 * awaited. Batching keeps one request per 50 maps possible while each map stays "once per run".
 */
export async function runOnceEach<T>(
  keys: readonly string[],
  computeMany: (claimed: string[]) => Promise<Map<string, T>>,
  options: RunOnceOptions,
): Promise<Map<string, T | null>> {
  const kv = getKv();
  const pollMs = options.pollMs ?? 100;
  const deadline = Date.now() + options.lockSeconds * 1000 + 10_000;
  const results = new Map<string, T | null>();
  let pending = [...new Set(keys)];

  const collect = async (candidates: string[]): Promise<string[]> => {
    if (candidates.length === 0) return [];
    const stored = await kv.mget<Stored<T>>(candidates);
    const missing: string[] = [];
    candidates.forEach((key, index) => {
      const hit = stored[index];
      if (hit && typeof hit === "object" && "value" in hit) results.set(key, hit.value);
      else missing.push(key);
    });
    return missing;
  };

  for (;;) {
    pending = await collect(pending);
    if (pending.length === 0) return results;

    const token = randomUUID();
    const claimed: string[] = [];
    for (const key of pending) {
      if (await kv.set(lockKeyOf(key), token, { ttlSeconds: options.lockSeconds, onlyIfAbsent: true })) claimed.push(key);
    }
    if (claimed.length > 0) {
      try {
        // A holder may have finished between our look and our claim.
        const toCompute = await collect(claimed);
        if (toCompute.length > 0) {
          const computed = await computeMany(toCompute);
          for (const key of toCompute) {
            const value = computed.has(key) ? (computed.get(key) as T) : null;
            await kv.set(key, { value } satisfies Stored<T | null>, { ttlSeconds: options.ttlSeconds });
            results.set(key, value);
          }
        }
      } finally {
        await releaseLocks(claimed, token);
      }
      const claimedSet = new Set(claimed);
      pending = pending.filter((key) => !claimedSet.has(key));
      continue;
    }

    if (Date.now() > deadline) {
      throw new AppError("unavailable:check", "Another check of the same leaderboards did not finish in time. It will be retried.");
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

async function releaseLocks(keys: string[], token: string): Promise<void> {
  const kv = getKv();
  const holders = await kv.mget<string>(keys.map(lockKeyOf));
  // Only our own locks: one that lapsed and was taken over belongs to its new holder.
  const ours = keys.filter((_, index) => holders[index] === token).map(lockKeyOf);
  if (ours.length > 0) await kv.del(...ours);
}
