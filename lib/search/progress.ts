import type { MapSearchJob } from "@/lib/generated/prisma/client";

/** How a search's state reads on its page and in the progress route (pure: client code uses it too). */

export type MapSearchState = "queued" | "running" | "done" | "no-player" | "failed";

export type MapSearchProgress = {
  id: string;
  state: MapSearchState;
  /** What it is doing now, e.g. "Reading leaderboards 37/150". */
  label: string;
  done: number;
  total: number;
  /** 0–100, never moving back while a search runs. */
  percent: number;
  finished: boolean;
  /** Why it ended without results, in words for the user. */
  message: string | null;
};

const states = { QUEUED: "queued", RUNNING: "running", DONE: "done", NO_PLAYER: "no-player", FAILED: "failed" } as const satisfies Record<MapSearchJob["status"], MapSearchState>;

type ProgressFields = Pick<MapSearchJob, "id" | "status" | "step" | "progress" | "total" | "error">;

export function describeProgress(job: ProgressFields): MapSearchProgress {
  const state = states[job.status];
  const finished = state === "done" || state === "no-player" || state === "failed";
  const reading = job.total > 0 ? Math.min(job.progress, job.total) / job.total : 0;
  const percent = state === "done" ? 100 : { QUEUED: 0, FINDING_PLAYER: 2, FINDING_MAPS: 5, READING_LEADERBOARDS: Math.floor(8 + 90 * reading), DONE: 99 }[job.step];
  const label =
    state === "done"
      ? "Done"
      : state === "no-player"
        ? "No such player"
        : state === "failed"
          ? "Stopped"
          : {
              QUEUED: "Waiting to start",
              FINDING_PLAYER: "Finding the player",
              FINDING_MAPS: "Finding maps",
              READING_LEADERBOARDS: `Reading leaderboards ${job.progress}/${job.total}`,
              DONE: "Putting the results together",
            }[job.step];
  return { id: job.id, state, label, done: job.progress, total: job.total, percent, finished, message: finished && state !== "done" ? job.error : null };
}
