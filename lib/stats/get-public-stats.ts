import "server-only";
import { getKv } from "@/lib/kv";
import { readPublicStats, type PublicStats } from "./read-public-stats";

export const PUBLIC_STATS_KEY = "stats:public:v1";
export const PUBLIC_STATS_TTL_SECONDS = 5 * 60;

/**
 * The landing page's site totals, cached in KV for five minutes: every anonymous visit would
 * otherwise count three tables. A KV failure falls back to a direct read (and is logged); the page
 * never fails over a number. The app does not use Next's `'use cache'`, so the cache lives here.
 */
export async function getPublicStats(): Promise<PublicStats> {
  const kv = getKv();
  try {
    const cached = await kv.get<PublicStats>(PUBLIC_STATS_KEY);
    if (cached) return cached;
  } catch (error) {
    console.warn("[stats] KV read failed; reading the totals directly", error);
  }
  const stats = await readPublicStats();
  try {
    await kv.set(PUBLIC_STATS_KEY, stats, { ttlSeconds: PUBLIC_STATS_TTL_SECONDS });
  } catch (error) {
    console.warn("[stats] KV write failed; the totals stay uncached", error);
  }
  return stats;
}
