import "server-only";

/**
 * Position-mode baselines. A baseline is a score on a map and the position a record with that score
 * would get; the position endpoint later says where the same score ranks now, and a larger position
 * means records arrived at or above it. The score sits at the bottom of the part of the board
 * Trackwatch reports on (the accurate depth), so the count grows when a record enters that part.
 * Improvements by drivers already in it do not change the count: that is what accurate mode is for.
 */

/** A score slower than any record (no Trackmania run lasts a day): counts every record on the map. */
export const ANY_RECORD_SCORE = 86_400_000;

export type BaselinePoint = { score: number; position: number };

/** The baseline a freshly fetched top implies; `scores` ascending, the top `depth` deep as fetched. */
export function baselineFromLeaderboard(scores: readonly number[], depth: number): BaselinePoint {
  if (scores.length >= depth) {
    const score = scores[depth - 1] as number;
    return { score, position: scores.filter((s) => s <= score).length + 1 };
  }
  // The whole board is visible: any new record at all is worth a look.
  return { score: ANY_RECORD_SCORE, position: scores.length + 1 };
}
