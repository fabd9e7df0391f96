import "server-only";

/**
 * Driver watches: a user's watch on their own time on one map, telling them when someone passes them,
 * when they leave the top N, or when they lose the world record. Finding maps, previewing the time a
 * watch starts from, adding (one or a whole campaign), listing and tuning watches live here; checking
 * them is `lib/checks`.
 */

export { createDriverWatch } from "./create-driver-watch";
export { deleteDriverWatch } from "./delete-driver-watch";
export { findDriverAccount, NO_DRIVER_ACCOUNT_MESSAGE, type DriverAccount } from "./driver-account";
export { findWatchMaps, MAP_SEARCH_LIMIT, type FindWatchMapsResult, type MapCandidate } from "./find-watch-maps";
export { getWatchesPage, type WatchesPage } from "./get-watches-page";
export {
  importDriverWatches,
  type ImportDriverWatchesOptions,
  type WatchImportProgress,
  type WatchImportResult,
} from "./import-driver-watches";
export type { WatchImportLine } from "./import-lines";
export {
  listDriverWatches,
  type DriverWatchList,
  type DriverWatchSummary,
  type ListDriverWatchesOptions,
  type WatchWorldRecord,
} from "./list-driver-watches";
export { getCachedMapperMaps, listMapperMaps, MAPPER_MAPS_LIMIT, type MapperMaps } from "./list-mapper-maps";
export type { WatchLookupState } from "./lookup-state";
export { parseMapReference, type MapReference } from "./map-reference";
export { previewDriverWatch, type DriverWatchPreview } from "./preview-driver-watch";
export { setWatchPaused } from "./set-watch-paused";
export { updateWatchCondition } from "./update-watch-condition";
export * from "./schemas";
