import { createHash } from "node:crypto";
import type { SandboxMap } from "./world";

/**
 * How a map's board value reads on each service. Every board in the sandbox is ranked by one internal
 * value, lower is better (`leaderboard.ts`); race maps show it as is (a time in ms). The special maps
 * (`world.ts`, `specialMaps`) turn it into what their mode shows:
 *
 * - Stunt: points, higher is better: `points = STUNT_CEILING - value`. Core records carry
 *   `recordScore.score` = points and `time` = the run's length (not a ranking value).
 * - Platform: respawns first, then time: `respawns = floor(value / PLATFORM_STEP)`,
 *   `time = PLATFORM_TIME_BASE + value % PLATFORM_STEP`, so (respawns, time) orders exactly as the value.
 *   Live's `score` for it is **the sandbox's own choice** (the documentation does not say how the real
 *   service encodes it): `respawns * 1,000,000 + time in ms`, lower is better, within int32 for fewer
 *   than 2,147 respawns and runs under 1,000 s.
 * - Hidden times ("Top Secret"): a race map whose Live `top` scores are all `-1` and whose Core record
 *   `time` is 4294967295 (the documented "no value"), which the client decodes to null.
 */

export type SandboxMapKind = "race" | "stunt" | "platform";

export const STUNT_CEILING = 100_000;
export const PLATFORM_STEP = 20_000;
export const PLATFORM_TIME_BASE = 30_000;
export const PLATFORM_LIVE_FACTOR = 1_000_000;
/** Core's "no value" for an unsigned field (respawns on race maps, hidden times). */
export const CORE_UNSET = 4_294_967_295;

export const mapTypeNames: Record<SandboxMapKind, string> = {
  race: "TrackMania\\TM_Race",
  stunt: "TrackMania\\TM_Stunt",
  platform: "TrackMania\\TM_Platform",
};

export function kindOf(map: SandboxMap): SandboxMapKind {
  return map.special?.kind ?? "race";
}

export function mapTypeOf(map: SandboxMap): string {
  return mapTypeNames[kindOf(map)];
}

export function hasClones(map: SandboxMap): boolean {
  return map.special?.hasClones === true;
}

/** The Core `gameMode` a by-account read of this map needs; null for plain race maps (TimeAttack, or none). */
export function coreGameModeOf(map: SandboxMap): "Stunt" | "Platform" | "TimeAttackClone" | null {
  const kind = kindOf(map);
  if (kind === "stunt") return "Stunt";
  if (kind === "platform") return "Platform";
  return hasClones(map) ? "TimeAttackClone" : null;
}

export function platformParts(value: number): { respawns: number; time: number } {
  return { respawns: Math.floor(value / PLATFORM_STEP), time: PLATFORM_TIME_BASE + (value % PLATFORM_STEP) };
}

/** A board value as Live shows it (`top`, `surround`); `-1` on hidden-times maps. */
export function liveScore(map: SandboxMap, value: number, options: { hide?: boolean } = {}): number {
  const kind = kindOf(map);
  if (kind === "stunt") return STUNT_CEILING - value;
  if (kind === "platform") {
    const { respawns, time } = platformParts(value);
    return respawns * PLATFORM_LIVE_FACTOR + time;
  }
  if (options.hide && map.special?.hiddenTimes) return -1;
  return value;
}

/** A Live score a caller sends (`surround?score=`, `position`) as a board value. */
export function boardValueOfLiveScore(map: SandboxMap, score: number): number {
  const kind = kindOf(map);
  if (kind === "stunt") return STUNT_CEILING - score;
  if (kind === "platform") {
    const respawns = Math.floor(score / PLATFORM_LIVE_FACTOR);
    const time = score - respawns * PLATFORM_LIVE_FACTOR;
    return respawns * PLATFORM_STEP + Math.max(0, Math.min(PLATFORM_STEP - 1, time - PLATFORM_TIME_BASE));
  }
  return score;
}

/** A medal threshold (Live `authorTime`…, Core `authorScore`…) as the map's mode shows it. */
export function medalValue(map: SandboxMap, value: number): number {
  return liveScore(map, value);
}

/** Core's `recordScore` for a record of this board value. */
export function coreRecordScore(map: SandboxMap, value: number, recordKey: string): { respawnCount: number; score: number; time: number } {
  const kind = kindOf(map);
  if (kind === "stunt") {
    // The run's length: not ranked, stable for one record.
    const time = 20_000 + (createHash("sha256").update(`stunt-run:${recordKey}`).digest().readUInt32BE(0) % 60_000);
    return { respawnCount: CORE_UNSET, score: STUNT_CEILING - value, time };
  }
  if (kind === "platform") {
    const { respawns, time } = platformParts(value);
    return { respawnCount: respawns, score: 0, time };
  }
  // Race maps leave respawns unset, as the largest 32-bit value (documented example).
  return { respawnCount: CORE_UNSET, score: 0, time: map.special?.hiddenTimes ? CORE_UNSET : value };
}
