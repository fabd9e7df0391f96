/** Public site totals (users, maps watched, records reported), cached in KV for a few minutes. */
export { getPublicStats, PUBLIC_STATS_KEY, PUBLIC_STATS_TTL_SECONDS } from "./get-public-stats";
export type { PublicStats } from "./read-public-stats";
