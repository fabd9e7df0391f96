import "server-only";

/**
 * Map search: anyone signed in searches a mapper by Trackmania name for the records driven on their
 * maps in a period. A search is a queued job read in slices (progress on its page), sharing each
 * map's daily leaderboard read with the daily run; its URL can be shared.
 */

export { getMapSearch, getMapSearchProgress, type MapSearchView } from "./get-map-search";
export { listMapSearches, mapperNameSuggestions, type MapSearchSummary } from "./list-map-searches";
export { describeProgress, type MapSearchProgress, type MapSearchState } from "./progress";
export { searchRecordCount, type SearchMap, type SearchRecord, type SearchResult } from "./result";
export { failMapSearch, runMapSearchSlice, type MapSearchMessage, type RunMapSearchOptions, type SliceOutcome } from "./run-map-search";
export { startMapSearch } from "./start-map-search";
export * from "./schemas";
