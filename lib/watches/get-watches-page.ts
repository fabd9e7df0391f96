import "server-only";
import type { ActingUser } from "@/lib/actor";
import { listDriverWatches } from "./list-driver-watches";
import { getCachedMapperMaps } from "./list-mapper-maps";
import type { WatchLookupState } from "./lookup-state";
import { watchesPageSearchSchema, type WatchesPageSearch } from "./schemas";

/**
 * What /watches shows as its address opens it. Any site can link a signed-in browser to
 * `/watches?q=…&mapper=…&map=…`, so the address only fills the look-up forms in (`map`, a uid, goes in
 * the find box): no Trackmania request and no look-up spent. The one thing shown beyond is a mapper's
 * listing that a posted look-up kept in the last hour (shared, free). Look-ups themselves are posted
 * (lookUpWatchMapAction). The user's own list reads as always (listDriverWatches).
 */
export async function getWatchesPage(actor: ActingUser, search: WatchesPageSearch) {
  const { q, mapper, map, added } = watchesPageSearchSchema.parse(search);
  const list = await listDriverWatches(actor);
  const values = { query: q || map || "", mapper: mapper ?? "" };
  const lookingUp = list.account !== null && list.used < list.limit;
  // Apart from the look-up's state: forms rendered without JavaScript carry their initial state along.
  const mapperListing = lookingUp && values.mapper !== "" ? await getCachedMapperMaps({ mapper: values.mapper }) : null;
  const lookup: WatchLookupState = { status: "idle", values, listing: null };
  return { list, lookup, mapperListing, added: added ? list.watches.find((watch) => watch.id === added) : undefined };
}

export type WatchesPage = Awaited<ReturnType<typeof getWatchesPage>>;
