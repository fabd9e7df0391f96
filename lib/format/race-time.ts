/**
 * Formats a race time in milliseconds the way the game shows it: `0:42.137`, `1:02:03.456`.
 * Negative or non-finite values (secret-threshold maps report -1) render as "--:--.---".
 */
export function formatRaceTime(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "--:--.---";
  const total = Math.round(ms);
  const millis = total % 1000;
  const seconds = Math.floor(total / 1000) % 60;
  const minutes = Math.floor(total / 60_000) % 60;
  const hours = Math.floor(total / 3_600_000);
  const mmm = String(millis).padStart(3, "0");
  const ss = String(seconds).padStart(2, "0");
  if (hours > 0) return `${hours}:${String(minutes).padStart(2, "0")}:${ss}.${mmm}`;
  return `${minutes}:${ss}.${mmm}`;
}

/** A signed gap between two times, e.g. `+0.042` or `-1.250`, as shown next to splits. */
export function formatGap(ms: number): string {
  const sign = ms < 0 ? "-" : "+";
  const abs = Math.abs(Math.round(ms));
  const seconds = Math.floor(abs / 1000);
  const millis = String(abs % 1000).padStart(3, "0");
  if (seconds >= 60) return `${sign}${formatRaceTime(abs)}`;
  return `${sign}${seconds}.${millis}`;
}
