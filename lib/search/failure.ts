import { isTrackmaniaError } from "@/lib/trackmania";

/** Why a search stopped, in words a player understands (details stay in the server's log). */
export function describeSearchFailure(error: unknown): string {
  if (isTrackmaniaError(error)) {
    if (error.kind === "auth") return "Trackwatch could not sign in to Trackmania's services just now. Try again later.";
    if (error.kind === "timeout" || error.kind === "network" || error.upstreamStatus === 429 || (error.upstreamStatus ?? 0) >= 500) {
      return "Trackmania's servers did not answer in time. Try again in a few minutes.";
    }
    return "Trackmania's services gave an answer Trackwatch could not read. Try again later.";
  }
  return "Something went wrong while reading the leaderboards. Try again.";
}
