import type { Medal } from "@/lib/checks";
import type { SearchPeriod } from "./schemas";

/** What a finished search shows; stored on the job (its shareable page) and cached in KV a while. */

export type SearchRecord = {
  accountId: string;
  displayName: string;
  /** ms */
  score: number;
  position: number;
  /** ISO; null when Trackmania gave no date (only possible in "all time"). */
  drivenAt: string | null;
  medal: Medal;
};

export type SearchMap = {
  uid: string;
  /** Without formatting codes. */
  name: string;
  thumbnailUrl: string | null;
  tmxId: number | null;
  authorTime: number;
  worldRecord: { accountId: string; displayName: string; score: number; drivenAt: string | null } | null;
  /** Records in the map's top driven inside the period, fastest first. */
  records: SearchRecord[];
  /** ISO of the newest record in the period. */
  latestAt: string | null;
  /** ISO: when Trackwatch last read this map's top. */
  readAt: string | null;
};

export type SearchResult = {
  mapper: { accountId: string; displayName: string };
  period: SearchPeriod;
  /** ISO start of the period (null: all time) and the instant the search looked from. */
  since: string | null;
  asOf: string;
  /** How many maps the mapper has, and how many the search read (the newest, up to the admin's limit). */
  mapsFound: number;
  mapsSearched: number;
  /** How deep each map's top was read: older or slower records beyond it are not seen. */
  topDepth: number;
  maps: SearchMap[];
};

export function searchRecordCount(result: SearchResult): number {
  return result.maps.reduce((sum, map) => sum + map.records.length, 0);
}
