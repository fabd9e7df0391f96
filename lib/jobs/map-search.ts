import { z } from "zod";
import { defineJob } from "@/lib/queue";

// map-search: one slice of a user's map search (lib/search/run-map-search.ts). Enqueued by
// startMapSearch; a slice past its time budget enqueues the next one.

export const mapSearchPayloadSchema = z.object({
  searchId: z.string().min(1).max(64),
  /** 0 for the first message, then one more per hand-over. */
  slice: z.number().int().min(0).max(10_000),
});
export type MapSearchPayload = z.infer<typeof mapSearchPayloadSchema>;

export const MAP_SEARCH_RETRIES = 3;

export const mapSearchJob = defineJob({
  name: "map-search",
  schema: mapSearchPayloadSchema,
  retries: MAP_SEARCH_RETRIES,
  // Two searches at a time across the site: they wait their turn rather than crowd out the daily run.
  flowControl: { key: "map-search", parallelism: 2 },
});
