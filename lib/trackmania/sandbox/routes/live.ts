import {
  SEASON_MAP_COUNT,
  season,
  seasonAt,
  slotKey,
  totdDay,
  totdDayAt,
  totdMonths,
  type OfficialSlot,
  type TotdDay,
} from "../campaigns";
import type { Route, RouteContext } from "../context";
import type { RecordEntry } from "../leaderboard";
import { commaList, intParam, json, liveRefusal, safeDecode, serviceError } from "../responses";
import { boardValueOfLiveScore, liveScore } from "../scoring";
import { derivedUuid, liveMap } from "../shapes";
import { releaseOfficialMaps, worldZoneId, type Player, type SandboxMap, type Zone } from "../world";

/** Live (live-services.trackmania.nadeo.live): leaderboards, map info, official campaigns and Tracks of the Day. */

const personalBest = "Personal_Best";
/** Only the first 10,000 records of a board are reachable through the top endpoint. */
const reachableRecords = 10_000;
const maxTopLength = 100;
const maxPositionMaps = 50;
const maxMapInfoUids = 100;
/** Surround's `lower`/`upper` above this are refused (larger ones up to it just give one record). */
const maxSurroundSide = 50;

/**
 * `length` and `offset` of a paged Live route, or the refusal Live answers for negative ones (it refuses
 * them rather than clamping: `["length:error-greaterOrEqualThan","offset:error-greaterOrEqualThan"]`).
 */
function paging(context: RouteContext, defaultLength: number): { length: number; offset: number } | Response {
  const length = intParam(context.url, "length", defaultLength);
  const offset = intParam(context.url, "offset", 0);
  const refused = [
    ...(length < 0 ? ["length:error-greaterOrEqualThan"] : []),
    ...(offset < 0 ? ["offset:error-greaterOrEqualThan"] : []),
  ];
  return refused.length > 0 ? liveRefusal(refused) : { length, offset };
}

/** The zone of the account a token acts as; a dedicated-server account has none, so World (documented). */
function callerZone(context: RouteContext): Zone {
  const caller = context.state.world.playersByAccountId.get(String(context.claims?.sub ?? ""));
  return caller?.zone ?? { zoneId: worldZoneId, name: "World", parentId: null };
}

/** One board entry as Live shows it: the map's own score (`scoring.ts`: points on Stunt, `-1` on hidden times). */
function topEntry(context: RouteContext, map: SandboxMap, entry: RecordEntry, position: number) {
  const player = context.state.world.players[entry.playerIndex] as Player;
  return {
    accountId: player.accountId,
    zoneId: player.zone.zoneId,
    zoneName: player.zone.name,
    position,
    score: liveScore(map, entry.score, { hide: true }),
    timestamp: entry.timestamp,
  };
}

/** The released map of a calendar slot (routes release first, so a started slot always has one). */
function officialUid(context: RouteContext, slot: OfficialSlot): string {
  return context.state.world.calendar.bySlot.get(slotKey(slot))?.uid ?? "";
}

// Campaign ids, season uids and playlist ids: stable, in the ranges real ones use.
const seasonCampaignId = (index: number) => 11_000 + index * 4_711;
const totdCampaignId = (day: TotdDay) => 12_000 + day.index * 23;
const seasonUid = (slot: OfficialSlot) =>
  slot.kind === "season" ? derivedUuid(`season:${slot.season.index}`) : derivedUuid(`totd-season:${slot.day.index}`);

const emptyMedia = {
  buttonBackgroundUrl: "",
  buttonForegroundUrl: "",
  decalUrl: "",
  popUpBackgroundUrl: "",
  popUpImageUrl: "",
  liveButtonBackgroundUrl: "",
  liveButtonForegroundUrl: "",
};

export const liveRoutes: Route[] = [
  {
    // GET /api/token/leaderboard/group/{groupUid}/map/{mapUid}/top – a page of the world top
    method: "GET",
    pattern: /^\/api\/token\/leaderboard\/group\/([^/]+)\/map\/([^/]+)\/top\/?$/,
    endpoint: "live.leaderboard.top",
    auth: "NadeoLiveServices",
    faults: "all",
    handle(context, match) {
      const groupUid = safeDecode(match[1] as string);
      const mapUid = safeDecode(match[2] as string);
      const asked = paging(context, 5);
      if (asked instanceof Response) return asked;
      // Unknown groups answer 200 with an empty object (documented).
      if (groupUid !== personalBest) return json({});
      const onlyWorld = context.url.searchParams.get("onlyWorld") === "true";
      // More than 100 silently gives 100 (documented).
      let length = Math.min(asked.length, maxTopLength);
      let offset = asked.offset;
      // Without onlyWorld=true a dedicated-server token only ever sees the world top 5.
      if (!onlyWorld) {
        length = 5;
        offset = 0;
      }
      const board = context.state.boards.get(mapUid, context.now);
      const end = Math.min(offset + length, reachableRecords);
      const page = board && offset < end ? board.entries.slice(offset, end) : [];
      return json({
        groupUid,
        mapUid,
        tops: [{ zoneId: worldZoneId, zoneName: "World", top: board ? page.map((entry, i) => topEntry(context, board.map, entry, offset + i + 1)) : [] }],
      });
    },
  },
  {
    // GET /api/token/leaderboard/group/{groupUid}/map/{mapUid}/surround/{lower}/{upper}?score= – neighbours of a score
    method: "GET",
    pattern: /^\/api\/token\/leaderboard\/group\/([^/]+)\/map\/([^/]+)\/surround\/(-?\d+)\/(-?\d+)\/?$/,
    endpoint: "live.leaderboard.surround",
    auth: "NadeoLiveServices",
    faults: "all",
    handle(context, match) {
      const groupUid = safeDecode(match[1] as string);
      const mapUid = safeDecode(match[2] as string);
      // The path's counts are validated first: `["nbAfter:error-greaterOrEqualThan","nbBefore:error-range"]`.
      const side = (name: string, value: number) =>
        value < 0 ? [`${name}:error-greaterOrEqualThan`] : value > maxSurroundSide ? [`${name}:error-range`] : [];
      const refused = [...side("nbAfter", Number(match[4])), ...side("nbBefore", Number(match[3]))];
      if (refused.length > 0) return liveRefusal(refused);
      const raw = context.url.searchParams.get("score");
      // Without a score the caller's own PB is meant; a dedicated-server account has none: `{}` (documented).
      if (groupUid !== personalBest || raw === null || raw.trim() === "") return json({});
      const score = Number(raw);
      if (!Number.isInteger(score)) return liveRefusal(["score:error-integer"]);
      // At most one record on each side, whatever is asked (documented).
      const lower = Math.min(Number(match[3]), 1);
      const upper = Math.min(Number(match[4]), 1);
      const board = context.state.boards.get(mapUid, context.now);
      const entries = board?.entries ?? [];
      // The requested score is shown as the caller's own record. How real ties are ranked is unconfirmed:
      // here it stands in for records with the very same score, so asking with a driver's own time gives
      // that driver's position, with the records just better and just worse around it (positions exact).
      // The asked score in the map's own terms (points on Stunt maps, higher is better), as a board value.
      const value = board ? boardValueOfLiveScore(board.map, score) : score;
      const better = board?.countAtOrBelow(value - 1) ?? 0;
      const worse = board?.countAtOrBelow(value) ?? 0;
      const top: unknown[] = [];
      const entryAt = (index: number) => {
        const { accountId, zoneId, zoneName, position, score: time } = topEntry(context, board!.map, entries[index] as RecordEntry, index + 1);
        // The documented example has no `timestamp` on surround entries.
        return { accountId, zoneId, zoneName, position, score: time };
      };
      if (lower > 0 && better > 0) top.push(entryAt(better - 1));
      // The asked score stands as the caller's own record, with the caller's account and zone (documented).
      const zone = callerZone(context);
      top.push({ accountId: String(context.claims?.sub ?? ""), zoneId: zone.zoneId, zoneName: zone.name, position: better + 1, score });
      if (upper > 0 && worse < entries.length) top.push(entryAt(worse));
      return json({ groupUid, mapUid, tops: [{ zoneId: worldZoneId, zoneName: "World", top }] });
    },
  },
  {
    // GET /api/campaign/official?offset=&length= – seasonal campaigns, newest first (v2 shape)
    method: "GET",
    pattern: /^\/api\/campaign\/official\/?$/,
    endpoint: "live.campaign.official",
    auth: "NadeoLiveServices",
    faults: "all",
    handle(context) {
      releaseOfficialMaps(context.state.world, context.now);
      const nowSeconds = Math.floor(context.now / 1000);
      const current = seasonAt(nowSeconds);
      const itemCount = current ? current.index + 1 : 0;
      const asked = paging(context, 1);
      if (asked instanceof Response) return asked;
      const { offset, length } = asked;
      const campaignList = [];
      for (let i = offset; i < offset + length && i < itemCount; i++) {
        const s = season((current?.index ?? 0) - i);
        const id = seasonCampaignId(s.index);
        const first: OfficialSlot = { kind: "season", season: s, position: 0 };
        campaignList.push({
          id,
          seasonUid: seasonUid(first),
          name: s.name,
          useCase: 0,
          clubId: 0,
          startTimestamp: s.startsAt,
          endTimestamp: s.endsAt,
          // Rankings go out about half a day after a season closes.
          rankingSentTimestamp: s.endsAt <= nowSeconds - 43_200 ? s.endsAt + 43_200 : null,
          year: -1,
          week: -1,
          day: -1,
          monthYear: -1,
          month: -1,
          monthDay: -1,
          playlist: Array.from({ length: SEASON_MAP_COUNT }, (_, position) => ({
            id: id * 100 + position,
            position,
            mapUid: officialUid(context, { kind: "season", season: s, position }),
          })),
          editionTimestamp: s.startsAt - 7 * 86_400,
        });
      }
      const next = current?.endsAt ?? season(0).startsAt;
      return json({ itemCount, campaignList, nextRequestTimestamp: next, relativeNextRequest: next - nowSeconds });
    },
  },
  {
    // GET /api/token/campaign/month?length=&offset=&royal= – Tracks of the Day by month, newest first
    method: "GET",
    pattern: /^\/api\/token\/campaign\/month\/?$/,
    endpoint: "live.campaign.month",
    auth: "NadeoLiveServices",
    faults: "all",
    handle(context) {
      releaseOfficialMaps(context.state.world, context.now);
      const nowSeconds = Math.floor(context.now / 1000);
      const asked = paging(context, 1);
      if (asked instanceof Response) return asked;
      const { months, itemCount } = totdMonths(nowSeconds, asked.offset, asked.length);
      // The sandbox has no Royal maps: their months are all empty.
      const royal = context.url.searchParams.get("royal") === "true" || context.url.searchParams.get("royal") === "1";
      const day = (d: TotdDay) => {
        const started = d.startsAt <= nowSeconds;
        const mapUid = started && !royal ? officialUid(context, { kind: "totd", day: d }) : "";
        // A day without its map yet has no campaign either: `campaignId` 0 and `seasonUid` "" (documented).
        return {
          campaignId: mapUid ? totdCampaignId(d) : 0,
          mapUid,
          day: d.weekday,
          monthDay: d.monthDay,
          seasonUid: mapUid ? seasonUid({ kind: "totd", day: d }) : "",
          leaderboardGroup: null,
          startTimestamp: d.startsAt,
          endTimestamp: d.endsAt,
          relativeStart: d.startsAt - nowSeconds,
          relativeEnd: d.endsAt - nowSeconds,
        };
      };
      const monthList = months.map((m) => ({ year: m.year, month: m.month, lastDay: m.lastDay, days: m.days.map(day), media: emptyMedia }));
      // The next Track of the Day starts when the current one ends.
      const next = totdDayAt(nowSeconds)?.endsAt ?? totdDay(0).startsAt;
      return json({ monthList, itemCount, nextRequestTimestamp: next, relativeNextRequest: next - nowSeconds });
    },
  },
  {
    // POST /api/token/leaderboard/group/map?scores[uid]=score – the rank a record with that score would get
    method: "POST",
    pattern: /^\/api\/token\/leaderboard\/group\/map\/?$/,
    endpoint: "live.leaderboard.position",
    auth: "NadeoLiveServices",
    faults: "all",
    async handle(context) {
      let body: unknown;
      try {
        body = JSON.parse((await context.request.text()) || "null");
      } catch {
        return liveRefusal(["maps:error-propertyNotSet"]);
      }
      const maps = (body as { maps?: unknown } | null)?.maps;
      if (!Array.isArray(maps)) return liveRefusal(["maps:error-propertyNotSet"]);
      if (maps.length > maxPositionMaps) return liveRefusal(["maps:error-range"]);
      const scores = new Map<string, number>();
      for (const [key, value] of context.url.searchParams) {
        const uid = /^scores\[(.+)\]$/.exec(key)?.[1];
        if (!uid) continue;
        const score = Number(value);
        if (!Number.isInteger(score)) return liveRefusal([`scores[${uid}]:error-integer`]);
        scores.set(uid, score);
      }
      // Without scores the route lists the caller's own records; a dedicated server has none.
      if (scores.size === 0) return json([]);
      const requested = maps.filter(
        (m): m is { mapUid: string; groupUid: string } =>
          typeof m === "object" && m !== null && typeof (m as { mapUid?: unknown }).mapUid === "string",
      );
      const bodyUids = new Set(requested.map((m) => m.mapUid));
      // A uid in the query but not in the body makes the real service fail with a 500 (documented caveat).
      for (const uid of scores.keys()) {
        if (!bodyUids.has(uid)) return serviceError("live", 500, context.traceId, { message: "Internal Server Error" });
      }
      const lag = context.state.positionLagSeconds;
      const asOf = lag > 0 ? Math.floor(context.now / 1000) - lag : undefined;
      const answers = [];
      for (const { mapUid, groupUid } of requested) {
        const score = scores.get(mapUid);
        // Unknown uids, other groups and maps without a score are silently left out.
        if (score === undefined || groupUid !== personalBest) continue;
        const board = context.state.boards.get(mapUid, context.now);
        if (!board) continue;
        answers.push({
          groupUid,
          mapUid,
          score,
          zones: [{ zoneId: worldZoneId, zoneName: "World", ranking: { position: board.countAtOrBelow(boardValueOfLiveScore(board.map, score), asOf) + 1, length: 0 } }],
        });
      }
      return json(answers);
    },
  },
  {
    // GET /api/token/map/get-multiple?mapUidList= – up to 100 maps' info
    method: "GET",
    pattern: /^\/api\/token\/map\/get-multiple\/?$/,
    endpoint: "live.map.multiple",
    auth: "NadeoLiveServices",
    faults: "all",
    handle(context) {
      const uids = commaList(context.url, "mapUidList");
      if (uids.length > maxMapInfoUids) return liveRefusal(["mapUidList:error-range"]);
      const mapList = uids
        .map((uid) => context.state.world.mapsByUid.get(uid))
        .filter((m): m is SandboxMap => m !== undefined)
        .map((m) => liveMap(context.state.world, context.bases, m));
      return json({ mapList, itemCount: mapList.length });
    },
  },
  {
    // GET /api/token/map/{mapUid} – one map's info; unknown uids are a 500 (documented)
    method: "GET",
    pattern: /^\/api\/token\/map\/([^/]+)\/?$/,
    endpoint: "live.map",
    auth: "NadeoLiveServices",
    faults: "all",
    handle(context, match) {
      const map = context.state.world.mapsByUid.get(safeDecode(match[1] as string));
      if (!map) return serviceError("live", 500, context.traceId, { error: "NotFoundHttpException", message: "Nadeo Live Services Internal Log" });
      return json(liveMap(context.state.world, context.bases, map));
    },
  },
];
