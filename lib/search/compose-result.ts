import "server-only";
import { medalFor, rankedTop } from "@/lib/checks";
import { getDb } from "@/lib/db";
import { getTrackmania, stripFormatting } from "@/lib/trackmania";
import type { SearchMap, SearchResult } from "./result";
import { periodStart, type SearchPeriod } from "./schemas";

type ComposeInput = {
  mapper: { accountId: string; displayName: string };
  period: SearchPeriod;
  mapUids: readonly string[];
  mapsFound: number;
  topDepth: number;
  now: Date;
};

/** The search's answer from what Trackwatch now knows of each map's top (read just before). */
export async function composeSearchResult(input: ComposeInput): Promise<SearchResult> {
  const db = await getDb();
  const since = periodStart(input.period, input.now);
  const maps = await db.map.findMany({
    where: { uid: { in: [...input.mapUids] } },
    include: { records: true },
  });
  const byUid = new Map(maps.map((map) => [map.uid, map]));

  const accountIds = new Set<string>();
  const inPeriod = new Map<string, (typeof maps)[number]["records"]>();
  for (const map of maps) {
    map.records = rankedTop(map.records, input.topDepth);
    const records = map.records.filter((record) => {
      // Records are whole seconds: one driven in the period's first second counts.
      if (since === null) return true;
      return record.drivenAt !== null && record.drivenAt.getTime() >= Math.floor(since.getTime() / 1000) * 1000 && record.drivenAt <= input.now;
    });
    inPeriod.set(map.uid, records);
    for (const record of records) accountIds.add(record.accountId);
    if (map.records[0]) accountIds.add(map.records[0].accountId);
  }
  const names = accountIds.size > 0 ? await getTrackmania().getDisplayNames([...accountIds]) : new Map<string, string>();
  const nameOf = (accountId: string) => names.get(accountId) ?? accountId;

  const result: SearchMap[] = [];
  for (const uid of input.mapUids) {
    const map = byUid.get(uid);
    if (!map) continue;
    const records = inPeriod.get(uid) ?? [];
    const leader = map.records[0];
    const latest = records.reduce<Date | null>((newest, record) => (record.drivenAt && (!newest || record.drivenAt > newest) ? record.drivenAt : newest), null);
    result.push({
      uid,
      name: stripFormatting(map.name) || map.name,
      thumbnailUrl: map.thumbnailUrl,
      tmxId: map.tmxId,
      authorTime: map.authorTime,
      worldRecord: leader ? { accountId: leader.accountId, displayName: nameOf(leader.accountId), score: leader.score, drivenAt: leader.drivenAt?.toISOString() ?? null } : null,
      records: records.map((record) => ({
        accountId: record.accountId,
        displayName: nameOf(record.accountId),
        score: record.score,
        position: record.position,
        drivenAt: record.drivenAt?.toISOString() ?? null,
        medal: medalFor(record.score, map),
      })),
      latestAt: latest?.toISOString() ?? null,
      readAt: map.checkedAt?.toISOString() ?? null,
    });
  }
  return {
    mapper: input.mapper,
    period: input.period,
    since: since?.toISOString() ?? null,
    asOf: input.now.toISOString(),
    mapsFound: input.mapsFound,
    mapsSearched: input.mapUids.length,
    topDepth: input.topDepth,
    maps: result,
  };
}
