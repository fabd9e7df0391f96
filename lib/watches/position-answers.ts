import "server-only";
import type { TrackmaniaClient } from "@/lib/trackmania";

type WatchedTime = { mapUid: string; score: number; position: number | null };

/**
 * What the position endpoint answers for each new watch's time beyond the top the daily run reads:
 * the daily run compares its later answers with this one (its tie handling is its own), so a watch
 * costs nothing more until it moves. One request per 50 maps; without an answer, the first run
 * settles it with one exact read instead.
 */
export async function readPositionAnswers(trackmania: TrackmaniaClient, times: readonly WatchedTime[], depth: number): Promise<Map<string, number>> {
  const beyond = times.filter((time) => time.position === null || time.position > depth);
  if (beyond.length === 0) return new Map();
  try {
    const answers = await trackmania.getPositions(beyond.map(({ mapUid, score }) => ({ mapUid, score })));
    return new Map(answers.map((answer) => [answer.mapUid, answer.position]));
  } catch (error) {
    console.warn("[watches] position answers unavailable; the first daily run reads them exactly:", (error as Error).message);
    return new Map();
  }
}
