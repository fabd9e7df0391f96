import type { DriverWatchPreview } from "./preview-driver-watch";
import type { MapListing } from "./schemas";

/**
 * What the "Add a watch" look-ups show (the state of lookUpWatchMapAction, and of /watches as its
 * address opens it): what the forms hold, the maps listed to pick from (kept while one of them is
 * previewed), and the last outcome. A refusal about what was typed sits under its field (`field`);
 * the rest (a preview refused, Trackmania not answering) above the results.
 */
export type WatchLookupState = {
  values: { query: string; mapper: string };
  listing: MapListing | null;
} & (
  | { status: "idle" }
  | { status: "listed" }
  | { status: "previewed"; preview: DriverWatchPreview }
  | { status: "refused"; message: string; field: "query" | "mapper" | null }
);
