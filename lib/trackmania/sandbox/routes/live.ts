import type { Route, RouteContext } from "../context";
import type { RecordEntry } from "../leaderboard";
import { commaList, intParam, json, safeDecode, serviceError } from "../responses";
import { liveMap } from "../shapes";
import { worldZoneId, type Player, type SandboxMap } from "../world";

/** Live (live-services.trackmania.nadeo.live): leaderboards and map info. */

const personalBest = "Personal_Best";
/** Only the first 10,000 records of a board are reachable through the top endpoint. */
const reachableRecords = 10_000;
const maxTopLength = 100;
const maxPositionMaps = 50;
const maxMapInfoUids = 100;

function topEntry(context: RouteContext, entry: RecordEntry, position: number) {
  const player = context.state.world.players[entry.playerIndex] as Player;
  return {
    accountId: player.accountId,
    zoneId: player.zone.zoneId,
    zoneName: player.zone.name,
    position,
    score: entry.score,
    timestamp: entry.timestamp,
  };
}

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
      // Unknown groups answer 200 with an empty object (documented).
      if (groupUid !== personalBest) return json({});
      const onlyWorld = context.url.searchParams.get("onlyWorld") === "true";
      let length = Math.min(Math.max(intParam(context.url, "length", 5), 0), maxTopLength);
      let offset = Math.max(intParam(context.url, "offset", 0), 0);
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
        tops: [{ zoneId: worldZoneId, zoneName: "World", top: page.map((entry, i) => topEntry(context, entry, offset + i + 1)) }],
      });
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
        return serviceError("live", 400, context.traceId, { message: "Invalid JSON body." });
      }
      const maps = (body as { maps?: unknown } | null)?.maps;
      if (!Array.isArray(maps)) return serviceError("live", 400, context.traceId, { message: "The maps field is required." });
      if (maps.length > maxPositionMaps) {
        return serviceError("live", 400, context.traceId, { message: `At most ${maxPositionMaps} maps per request.` });
      }
      const scores = new Map<string, number>();
      for (const [key, value] of context.url.searchParams) {
        const uid = /^scores\[(.+)\]$/.exec(key)?.[1];
        if (!uid) continue;
        const score = Number(value);
        if (!Number.isInteger(score)) return serviceError("live", 400, context.traceId, { message: `Invalid score for ${uid}.` });
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
          zones: [{ zoneId: worldZoneId, zoneName: "World", ranking: { position: board.countAtOrBelow(score, asOf) + 1, length: 0 } }],
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
      if (uids.length > maxMapInfoUids) {
        return serviceError("live", 400, context.traceId, { message: `At most ${maxMapInfoUids} map uids per request.` });
      }
      const mapList = uids
        .map((uid) => context.state.world.mapsByUid.get(uid))
        .filter((m): m is SandboxMap => m !== undefined)
        .map((m) => liveMap(context.bases, m));
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
      if (!map) return serviceError("live", 500, context.traceId, { error: "NotFoundHttpException", message: "Map not found." });
      return json(liveMap(context.bases, map));
    },
  },
];
