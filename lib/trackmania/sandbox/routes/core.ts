import type { Route, RouteContext, SandboxState } from "../context";
import { commaList, json, serviceError } from "../responses";
import { coreMap, coreTimestamp, derivedUuid, medalOf } from "../shapes";
import { coreGameModeOf, coreRecordScore } from "../scoring";
import { readAuthorization } from "../tokens";
import type { SandboxMap } from "../world";

/** Core (prod.trackmania.core.nadeo.online): authentication, map info, a player's records, zones. */

export type NadeoAudience = "NadeoServices" | "NadeoLiveServices";
const audiences: readonly NadeoAudience[] = ["NadeoServices", "NadeoLiveServices"];

/** Issues an access/refresh pair on the sandbox clock, with the claims real dedicated-server tokens carry. */
export function issueNadeoTokens(state: SandboxState, audience: NadeoAudience, nowMs: number): { accessToken: string; refreshToken: string } {
  const iat = Math.floor(nowMs / 1000);
  const sid = state.nadeoTokens.nextId();
  const common = {
    iss: "NadeoServices",
    iat,
    sat: iat,
    sid,
    sub: state.serverAccountId,
    aun: state.credentials.serverLogin,
    usg: "Server",
    pce: false,
  };
  const accessToken = state.nadeoTokens.sign(
    {
      jti: state.nadeoTokens.nextId(),
      ...common,
      aud: audience,
      rat: iat + Math.floor(state.accessTokenTtlSeconds / 2),
      exp: iat + state.accessTokenTtlSeconds,
      rtk: false,
    },
    "access",
  );
  const refreshToken = state.nadeoTokens.sign(
    {
      jti: state.nadeoTokens.nextId(),
      ...common,
      aud: "NadeoServices",
      rat: iat + Math.floor(state.accessTokenTtlSeconds / 2),
      exp: iat + state.refreshTokenTtlSeconds,
      rtk: true,
      refresh_aud: audience,
      limit_type: "none",
    },
    "refresh",
  );
  return { accessToken, refreshToken };
}

/** Core's 400 `C-AA-00-03`: `info` lists `"field: reason"` strings on the routes served here (documented). */
function validationError(context: RouteContext, info: readonly string[]): Response {
  return json(
    { code: "C-AA-00-03", correlation_id: context.traceId.replace(/-/g, ""), message: "There was a validation error.", info },
    400,
  );
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The replay's file name as Core lists it: `Replays\Downloaded\{mapId}_{accountId}_(0'22''31).replay.gbx`. */
function replayFilename(mapId: string, accountId: string, time: number): string {
  const minutes = Math.floor(time / 60_000);
  const seconds = String(Math.floor((time % 60_000) / 1000)).padStart(2, "0");
  const hundredths = String(Math.floor((time % 1000) / 10)).padStart(2, "0");
  return `Replays\\Downloaded\\${mapId}_${accountId}_(${minutes}'${seconds}''${hundredths}).replay.gbx`;
}

function unauthorized(context: RouteContext, message: string): Response {
  return serviceError("core", 401, context.traceId, { message });
}

function findMaps(context: RouteContext, ids: string[], by: "uid" | "id"): SandboxMap[] {
  const index = by === "uid" ? context.state.world.mapsByUid : context.state.world.mapsById;
  // Unknown ids are dropped, like the real endpoint does.
  return ids.map((id) => index.get(id)).filter((m): m is SandboxMap => m !== undefined);
}

export const coreRoutes: Route[] = [
  {
    // POST /v2/authentication/token/basic – dedicated-server / service-account login
    method: "POST",
    pattern: /^\/v2\/authentication\/token\/basic\/?$/,
    endpoint: "core.auth.basic",
    auth: "none",
    faults: "token",
    async handle(context) {
      const header = context.request.headers.get("authorization") ?? "";
      const match = /^Basic\s+(\S+)$/i.exec(header.trim());
      const decoded = match ? Buffer.from(match[1] as string, "base64").toString("utf8") : "";
      const separator = decoded.indexOf(":");
      const login = decoded.slice(0, separator);
      const password = decoded.slice(separator + 1);
      const { serverLogin, serverPassword } = context.state.credentials;
      if (separator < 0 || login !== serverLogin || password !== serverPassword) {
        return unauthorized(context, "Invalid credentials.");
      }
      const text = (await context.request.text()).trim();
      // No body means a NadeoServices token (documented behaviour).
      let audience: unknown = "NadeoServices";
      if (text) {
        try {
          audience = (JSON.parse(text) as { audience?: unknown }).audience ?? "NadeoServices";
        } catch {
          return validationError(context, ["body: Malformed JSON."]);
        }
      }
      if (!audiences.includes(audience as NadeoAudience)) {
        return validationError(context, [`audience: "${String(audience)}" is not a valid audience.`]);
      }
      return json(issueNadeoTokens(context.state, audience as NadeoAudience, context.now));
    },
  },
  {
    // POST /v2/authentication/token/refresh – new pair from a refresh token (nadeo_v1 t=<refresh>)
    method: "POST",
    pattern: /^\/v2\/authentication\/token\/refresh\/?$/,
    endpoint: "core.auth.refresh",
    auth: "none",
    faults: "token",
    handle(context) {
      const token = readAuthorization(context.request, "nadeo_v1");
      if (!token) return unauthorized(context, "Missing nadeo_v1 authorization.");
      const result = context.state.nadeoTokens.verify(token, Math.floor(context.now / 1000));
      if (!result.ok) return unauthorized(context, result.reason === "expired" ? "Token expired." : "Invalid token.");
      const { claims } = result;
      if (claims.rtk !== true || !audiences.includes(claims.refresh_aud as NadeoAudience)) {
        return unauthorized(context, "Not a refresh token.");
      }
      return json(issueNadeoTokens(context.state, claims.refresh_aud as NadeoAudience, context.now));
    },
  },
  {
    // GET /maps/by-uid/?mapUidList= – map info by uid (Core field names: *Score, ISO timestamp)
    method: "GET",
    pattern: /^\/maps\/by-uid\/?$/,
    endpoint: "core.maps.byUid",
    auth: "NadeoServices",
    faults: "all",
    handle(context) {
      return json(findMaps(context, commaList(context.url, "mapUidList"), "uid").map((m) => coreMap(context.state.world, context.bases, m)));
    },
  },
  {
    // GET /maps/by-id/?mapIdList= – map info by Nadeo map id
    method: "GET",
    pattern: /^\/maps\/by-id\/?$/,
    endpoint: "core.maps.byId",
    auth: "NadeoServices",
    faults: "all",
    handle(context) {
      return json(findMaps(context, commaList(context.url, "mapIdList"), "id").map((m) => coreMap(context.state.world, context.bases, m)));
    },
  },
  {
    // GET /maps/{mapId} – one map by id
    method: "GET",
    pattern: /^\/maps\/([0-9a-f-]{36})\/?$/i,
    endpoint: "core.map",
    auth: "NadeoServices",
    faults: "all",
    handle(context, match) {
      const map = context.state.world.mapsById.get(match[1] as string);
      if (!map) return serviceError("core", 404, context.traceId, { code: "C-AL-02-03", message: "Not Found" });
      return json(coreMap(context.state.world, context.bases, map));
    },
  },
  {
    // GET /v2/mapRecords/by-account/?accountIdList=&mapId= – given players' PBs on one map
    method: "GET",
    pattern: /^\/v2\/mapRecords\/by-account\/?$/,
    endpoint: "core.records.byAccount",
    auth: "NadeoServices",
    faults: "all",
    handle(context) {
      const accountIds = commaList(context.url, "accountIdList");
      const mapId = context.url.searchParams.get("mapId");
      const seasonId = context.url.searchParams.get("seasonId");
      const gameMode = context.url.searchParams.get("gameMode");
      if (accountIds.length === 0 || !mapId) {
        return validationError(context, [...(accountIds.length ? [] : ["accountIdList: Required."]), ...(mapId ? [] : ["mapId: Required."])]);
      }
      // Ids are uuids: a map uid where the map id belongs, or a display name for an account, is a
      // validation error, worded as the documented examples word it.
      const badAccounts = accountIds.some((id) => !uuidPattern.test(id));
      if (badAccounts || !uuidPattern.test(mapId)) {
        return validationError(context, [...(uuidPattern.test(mapId) ? [] : ["mapId: Invalid uuid."]), ...(badAccounts ? ["accountIdList: Invalid account id."] : [])]);
      }
      // The PB scope is "no seasonId"; the group name is rejected (documented).
      if (seasonId === "Personal_Best") return validationError(context, ["seasonId: Invalid uuid."]);
      const map = context.state.world.mapsById.get(mapId);
      const needed = map ? coreGameModeOf(map) : null;
      // Stunt and Platform maps are "Not Found" unless their mode is asked for, and those modes on any other map (documented).
      if (gameMode === "Stunt" || gameMode === "Platform" || needed === "Stunt" || needed === "Platform") {
        if (!map || gameMode !== needed) return serviceError("core", 404, context.traceId, { code: "C-AL-02-03", message: "Not Found" });
      }
      // A map with clones answers an empty list unless asked in TimeAttackClone (documented); that mode finds
      // nothing on a map without clones, nor do season records in the sandbox.
      const mode = needed ?? "TimeAttack";
      if (!map || seasonId || (gameMode && gameMode !== mode) || (!gameMode && needed === "TimeAttackClone")) return json([]);
      const board = context.state.boards.get(map.uid, context.now);
      const records = [];
      for (const accountId of accountIds) {
        // Account ids are GUIDs: any case finds the account, which is answered in its lower-case form.
        const player = context.state.world.playersByAccountId.get(accountId.toLowerCase());
        const entry = player && board?.recordOf(player.index);
        if (!player || !entry) continue;
        const mapRecordId = derivedUuid(`${map.uid}:${accountId}:${entry.score}:${entry.timestamp}`);
        records.push({
          accountId: player.accountId,
          filename: replayFilename(map.mapId, player.accountId, entry.score),
          gameMode: mode,
          gameModeCustomData: "",
          mapId: map.mapId,
          mapRecordId,
          medal: medalOf(map, entry.score),
          recordScore: coreRecordScore(map, entry.score, mapRecordId),
          removed: false,
          scopeId: null,
          scopeType: "PersonalBest",
          timestamp: coreTimestamp(entry.timestamp),
          // Not served (the app never downloads replays); shaped like the real replay URL.
          url: `${context.bases.core}/mapRecords/${mapRecordId}/replay`,
        });
      }
      return json(records);
    },
  },
  {
    // GET /zones/ – the zone tree
    method: "GET",
    pattern: /^\/zones\/?$/,
    endpoint: "core.zones",
    auth: "NadeoServices",
    faults: "all",
    handle(context) {
      return json(
        context.state.world.zones.map((z) => ({ icon: "", name: z.name, parentId: z.parentId, timestamp: "2020-07-01T00:00:00+00:00", zoneId: z.zoneId })),
      );
    },
  },
];
