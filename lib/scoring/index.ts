/**
 * One notion of how a map is scored, decided from its `mapType` and used wherever a record is
 * compared, ordered, formatted or charted. Client-safe (no server imports): pages and charts format
 * with it too.
 *
 * - race (`TM_Race` and anything unknown): a time in ms, lower is better — `0:42.137`, `+0.120`.
 * - stunt (`TM_Stunt`): points, higher is better — `1,840 pts`, `+35 pts`. Live's `score` is the
 *   points; Core's `recordScore.score` is, and `recordScore.time` is only the run's length.
 * - platform (`TM_Platform`): fewest respawns, then time. How Live encodes that in one `score` is not
 *   documented (openplanet-nl/nadeoapi-docs, 2026-12), so Trackwatch ranks platform records by Live's
 *   position only, shows Core's respawns and time where it has them, and leaves gaps out.
 */

import { formatGap, formatRaceTime } from "@/lib/format/race-time";

export type Scoring = "race" | "stunt" | "platform";
export type Medal = "author" | "gold" | "silver" | "bronze" | null;
export type MedalScores = { authorTime: number; goldTime: number; silverTime: number; bronzeTime: number };

/** The scoring of a map from its type (`TrackMania\TM_Stunt`, `TrackMania\TM_Platform`, …); unknown or missing is race. */
export function scoringOf(mapType: string | null | undefined): Scoring {
  const type = (mapType ?? "").toLowerCase();
  if (type.endsWith("tm_stunt")) return "stunt";
  if (type.endsWith("tm_platform")) return "platform";
  return "race";
}

/** Negative when `a` is the better score, positive when `b` is, 0 for a tie: sorts best first. */
export function compareScores(scoring: Scoring, a: number, b: number): number {
  return scoring === "stunt" ? b - a : a - b;
}

/** Whether `a` beats `b` (strictly). */
export function isBetter(scoring: Scoring, a: number, b: number): boolean {
  return compareScores(scoring, a, b) < 0;
}

/** The better of two scores. */
export function bestScore(scoring: Scoring, a: number, b: number): number {
  return isBetter(scoring, b, a) ? b : a;
}

/**
 * The `gameMode` Core's record endpoints need for this map: `Stunt`/`Platform` for those types (else
 * Core answers "Not Found"), `TimeAttackClone` for a race map with clones (else an empty list).
 */
export function coreGameMode(scoring: Scoring, hasClones = false): string | undefined {
  if (scoring === "stunt") return "Stunt";
  if (scoring === "platform") return "Platform";
  return hasClones ? "TimeAttackClone" : undefined;
}

/** Core's "no value" (a hidden time, an unused respawn count). */
export const CORE_NO_VALUE = 4_294_967_295;

/** A Core record's ranking value under the map's scoring; null when hidden. Platform ranks by time within equal respawns. */
export function coreRecordScore(scoring: Scoring, recordScore: { time: number; score?: number | null }): number | null {
  if (scoring === "stunt") return recordScore.score ?? null;
  return recordScore.time >= CORE_NO_VALUE || recordScore.time < 0 ? null : recordScore.time;
}

/** The medal a score earns: for stunt the medal scores are points to reach, for race and platform times to beat. */
export function medalFor(scoring: Scoring, score: number, medals: MedalScores): Medal {
  const earns = (threshold: number) => (scoring === "stunt" ? score >= threshold : score <= threshold);
  if (earns(medals.authorTime)) return "author";
  if (earns(medals.goldTime)) return "gold";
  if (earns(medals.silverTime)) return "silver";
  if (earns(medals.bronzeTime)) return "bronze";
  return null;
}

const points = new Intl.NumberFormat("en-US");

/** A race time the way the game shows it: `0:42.137`, `1:02:03.456`; hidden or invalid → `--:--.---`. */
export const formatTime = formatRaceTime;

/**
 * A score as the game shows it: `0:42.137` (race), `1,840 pts` (stunt), `3 respawns · 0:42.137`
 * (platform, when Core's respawn count is known; the time alone otherwise).
 */
export function formatScore(scoring: Scoring, score: number, extra: { respawns?: number | null } = {}): string {
  if (scoring === "stunt") return Number.isFinite(score) && score >= 0 ? `${points.format(Math.round(score))} pts` : "— pts";
  if (scoring === "platform" && extra.respawns != null && extra.respawns < CORE_NO_VALUE) {
    return `${points.format(extra.respawns)} ${extra.respawns === 1 ? "respawn" : "respawns"} · ${formatTime(score)}`;
  }
  return formatTime(score);
}

/**
 * The signed difference `to − from` as shown beside a record: `+0.120` / `-1.250` (race: positive is
 * slower), `+35 pts` / `-35 pts` (stunt: positive is more points). Null for platform, whose single
 * score Trackwatch does not decode.
 */
export function formatScoreDelta(scoring: Scoring, from: number, to: number): string | null {
  const delta = to - from;
  if (scoring === "platform") return null;
  if (scoring === "stunt") return `${delta < 0 ? "-" : "+"}${points.format(Math.abs(Math.round(delta)))} pts`;
  return formatGap(delta);
}

/** How far `score` is behind `best` (never negative), for "to the WR" lines and charts; null for platform. */
export function shortfall(scoring: Scoring, score: number, best: number): number | null {
  if (scoring === "platform") return null;
  return Math.max(0, scoring === "stunt" ? best - score : score - best);
}

/** What a chart's value axis measures. */
export function axisLabel(scoring: Scoring): string {
  return scoring === "stunt" ? "Points" : "Time";
}
