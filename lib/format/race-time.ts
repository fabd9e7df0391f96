import { formatScoreDelta, formatTime } from "@/lib/scoring";

/**
 * Formats a race time in milliseconds the way the game shows it: `0:42.137`, `1:02:03.456`.
 * Negative or non-finite values (secret-threshold maps report -1) render as "--:--.---".
 * Race maps only: a map of any scoring formats through `formatScore` (lib/scoring).
 */
export function formatRaceTime(ms: number): string {
  return formatTime(ms);
}

/** A signed gap between two times, e.g. `+0.042` or `-1.250`, as shown next to splits. */
export function formatGap(ms: number): string {
  return formatScoreDelta("race", 0, ms)!;
}
