import "server-only";
import { createHash } from "node:crypto";
import { displayNamesJob } from "@/lib/jobs/display-names";
import { getTrackmania, withTrackmaniaPriority } from "@/lib/trackmania";

/**
 * Players' display names for pages answering a GET: from the shared cache only, so a page view (or a
 * cross-site link to one) never spends Trackmania's request budget. Ids with no cached name are
 * queued for the background `display-names` job — once per set per hour — and the page shows the
 * account id until a later view. Writers that store records (checks, searches, alert creation)
 * resolve names as they go, so a miss here is rare.
 */
export async function knownDisplayNames(accountIds: readonly string[]): Promise<Map<string, string>> {
  const ids = [...new Set(accountIds.filter((id) => id.length > 0))];
  if (ids.length === 0) return new Map();
  try {
    const { names, missing } = await getTrackmania().getCachedDisplayNames(ids);
    if (missing.length > 0) await queueNameLookups(missing);
    return names;
  } catch (error) {
    // Names are a nicety: a cache or queue outage shows account ids, never fails the page.
    console.warn("[player-names] cached names unavailable:", (error as Error).message);
    return new Map();
  }
}

/**
 * Resolves the names `knownDisplayNames` queued (the `display-names` job's work) into the shared cache,
 * as background reads: they take only slots that people and digests leave free.
 */
export async function resolveDisplayNames(accountIds: readonly string[]): Promise<void> {
  await withTrackmaniaPriority("background", () => getTrackmania().getDisplayNames(accountIds));
}

const QUEUE_BATCH = 200;

async function queueNameLookups(missing: readonly string[]): Promise<void> {
  const sorted = [...missing].sort();
  const hour = Math.floor(Date.now() / 3_600_000);
  for (let start = 0; start < sorted.length; start += QUEUE_BATCH) {
    const batch = sorted.slice(start, start + QUEUE_BATCH);
    const digest = createHash("sha256").update(batch.join(",")).digest("hex").slice(0, 32);
    await displayNamesJob.enqueue({ accountIds: batch }, { deduplicationId: `display-names:${hour}:${digest}` });
  }
}
