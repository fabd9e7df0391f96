import type { z } from "zod";
import type { KvValueStore } from "@/lib/kv/types";
import { decodeJwtClaims, joinUrl, NadeoAuth, OAuthAuth, okOrThrow, type NadeoAudience } from "./auth";
import { TrackmaniaError } from "./errors";
import { CallCounter, parseBody, Transport, type CallStats, type FetchLike, type TransportResponse } from "./http";
import { createRequestScheduler, defaultSleep, type RequestScheduler, type TrackmaniaService } from "./scheduler";
import { coreRecordScore, CORE_NO_VALUE } from "@/lib/scoring";
import {
  accountIdsByNameSchema,
  coreMapTypeListSchema,
  coreRecordsSchema,
  displayNamesSchema,
  isoToDate,
  liveMapListSchema,
  liveOfficialCampaignsSchema,
  livePositionsSchema,
  liveTopSchema,
  liveTotdMonthsSchema,
  tmxMapFields,
  tmxMapsPageSchema,
  tmxSearchFields,
  toAuthoredMap,
  toLeaderboardEntry,
  toMapInfo,
  toRecordTime,
  toTmxMap,
  type AuthoredMap,
  type LeaderboardEntry,
  type MapInfo,
  type MapTypeInfo,
  type OfficialCampaign,
  type PlayerRecord,
  type PositionQuery,
  type PositionResult,
  type SurroundResult,
  type TmxMap,
  type TracksOfTheDayMonth,
} from "./schemas";

/**
 * The one client of Trackmania's web services: Nadeo Core and Live, the public OAuth API and
 * Trackmania Exchange. The same client talks to the real services, to the sandbox over HTTP, or to the
 * sandbox in-process — only the base URLs, the credentials and `fetch` differ.
 */

export interface TrackmaniaClientOptions {
  coreUrl: string;
  liveUrl: string;
  oauthUrl: string;
  tmxUrl: string;
  serverLogin: string;
  serverPassword: string;
  oauthClientId: string;
  oauthClientSecret: string;
  /** Names the app, its operator and a contact (Nadeo and TMX refuse anonymous agents). */
  userAgent: string;
  /** Token and display-name cache, shared by every instance. */
  kv: KvValueStore;
  fetch?: FetchLike;
  /** Sustained requests per second per service (default 0.8); ignored when `scheduler` is given. */
  requestsPerSecond?: number;
  /** The rate limit to pass (the app gives the deployment's shared budget, ./budget.ts); default: a per-process one. */
  scheduler?: RequestScheduler;
  /** Per-attempt timeout (default 15 s). */
  timeoutMs?: number;
  /** Attempts per call on 429/5xx/timeouts, the first included (default 4). */
  maxAttempts?: number;
  /** First backoff step, doubled per retry with jitter (default 1 s). */
  retryBaseMs?: number;
  /** A `Retry-After` longer than this fails the call instead of waiting (default 60 s). */
  maxRetryDelayMs?: number;
  /** Used for backoff and rate-limit spacing. */
  sleep?: (ms: number) => Promise<void>;
  /** Epoch ms, for token lifetimes (the sandbox's clock in tests). */
  now?: () => number;
  random?: () => number;
  /** How long a resolved display name stays cached (default 7 days). */
  displayNameTtlSeconds?: number;
}

export interface TopOptions {
  /** How many positions to read from the top (paged 100 at a time; at most 10,000). */
  depth?: number;
}

export interface LeaderboardPageOptions {
  offset?: number;
  /** At most 100 (the service silently caps it). */
  length?: number;
}

/** A map for Core record calls: its uid (the id is then looked up), or uid and id, with a game mode where it matters. */
export type MapRef =
  | string
  | {
      uid: string;
      mapId: string;
      /** e.g. `TimeAttackClone` for race maps with clones (Core answers an empty list without it). */
      gameMode?: string;
    };

export interface SearchMapsOptions {
  /** Default 20, at most 100. */
  limit?: number;
}

export interface NewestMapsOptions {
  /** How many maps to read, newest first (paged 100 at a time). */
  limit: number;
}

export type TmxMapRef = { uid: string } | { tmxId: number };

export interface TrackmaniaHealth {
  ok: boolean;
  /** Milliseconds taken to get a Live token (from cache or the service). */
  ms: number;
  error?: string;
}

export interface TrackmaniaClient {
  /** Live map info; unknown uids are left out. 100 uids per request. */
  getMapInfo(mapUids: readonly string[]): Promise<MapInfo[]>;
  /** One page of a map's world Personal_Best leaderboard. */
  getLeaderboardPage(mapUid: string, options?: LeaderboardPageOptions): Promise<LeaderboardEntry[]>;
  /** The world top of a map down to `depth` (default 100), one request per 100 positions. */
  getTop(mapUid: string, options?: TopOptions): Promise<LeaderboardEntry[]>;
  /** Positions for (map, score) pairs, 50 maps per request; maps the service omits are left out. */
  getPositions(queries: readonly PositionQuery[]): Promise<PositionResult[]>;
  /** Type and clone flag of maps (Core map info, 100 per request); unknown uids are left out. */
  getMapTypes(mapUids: readonly string[]): Promise<MapTypeInfo[]>;
  /**
   * Personal bests of one or more accounts on the given maps (Core; map ids looked up where not
   * given). A map whose read fails is left out and reported to `onMapError` (when given; else the
   * first failure is thrown after the other maps were read), so one map never costs the others.
   */
  getPlayerRecords(
    accountIds: string | readonly string[],
    maps: readonly MapRef[],
    options?: { onMapError?: (mapUid: string, error: unknown) => void },
  ): Promise<PlayerRecord[]>;
  /** Display names by account id (cached in KV); ids without a name are left out. 50 ids per request. */
  getDisplayNames(accountIds: readonly string[]): Promise<Map<string, string>>;
  /**
   * Display names from the shared cache only, never a request: for pages answering a GET. `missing`
   * are ids never asked for (or whose entry lapsed); ids the service knew no name for are in neither.
   */
  getCachedDisplayNames(accountIds: readonly string[]): Promise<{ names: Map<string, string>; missing: string[] }>;
  /** Account ids by display name (case-insensitive match); unknown names are left out. */
  getAccountIds(displayNames: readonly string[]): Promise<Map<string, string>>;
  getAccountId(displayName: string): Promise<string | null>;
  /** Every map Trackmania Exchange lists for an author name, all pages, each map once. */
  getMapsByAuthor(authorName: string): Promise<AuthoredMap[]>;
  /**
   * An author's newest maps on Trackmania Exchange, reading only the pages `limit` needs (one request up
   * to 100); `more` says older ones are left unread.
   */
  getNewestMapsByAuthor(authorName: string, options: NewestMapsOptions): Promise<{ maps: AuthoredMap[]; more: boolean }>;
  /** Trackmania Exchange maps whose plain name contains `name` (any case), newest first; one request. */
  searchMapsByName(name: string, options?: SearchMapsOptions): Promise<TmxMap[]>;
  /** Trackmania Exchange maps by uid, 100 per request; unknown uids are left out. */
  getTmxMapsByUid(uids: readonly string[]): Promise<TmxMap[]>;
  /** Trackmania Exchange maps by TMX id, 100 per request; unknown ids are left out. */
  getTmxMapsById(tmxIds: readonly number[]): Promise<TmxMap[]>;
  getTmxMap(ref: TmxMapRef): Promise<TmxMap | null>;
  /**
   * Where a time stands on a map's world board, with the records just better and just worse (Live
   * surround, exact positions); null when the service answers nothing.
   */
  getSurround(mapUid: string, score: number): Promise<SurroundResult | null>;
  /** The seasonal campaign running now; null if there is none. */
  getCurrentOfficialCampaign(): Promise<OfficialCampaign | null>;
  /** Tracks of the Day of this month (`monthOffset` 0) or an earlier one; only days that have started. */
  getTracksOfTheDay(monthOffset?: number): Promise<TracksOfTheDayMonth>;
  /** Obtains (or reuses) a Live token: answers whether the Nadeo account works. */
  checkHealth(): Promise<TrackmaniaHealth>;
  /** Requests sent since creation or the last reset, per endpoint. */
  stats(): CallStats;
  resetStats(): void;
}

const GROUP = "Personal_Best";
const TOP_PAGE = 100;
const TOP_REACHABLE = 10_000;
const MAP_INFO_BATCH = 100;
const POSITION_BATCH = 50;
const DISPLAY_NAME_BATCH = 50;
/** Core account-id lists: ~37 characters per id keeps 100 of them far below the 8,220-character URI limit. */
const RECORD_ACCOUNT_BATCH = 100;
const TMX_PAGE = 100;
/** TMX's `uid=`/`id=` filters take at most 100 values. */
const TMX_FILTER_BATCH = 100;
const TMX_SEARCH_DEFAULT = 20;
const TMX_SEARCH_MAX = 100;
const TMX_MAX_PAGES = 200;
const DAY_SECONDS = 86_400;

interface CallSpec<S extends z.ZodType> {
  service: TrackmaniaService;
  endpoint: string;
  method: "GET" | "POST";
  url: string;
  /** Which credential goes into `Authorization`. */
  auth: NadeoAudience | "oauth" | null;
  body?: unknown;
  schema: S;
}

export function createTrackmaniaClient(options: TrackmaniaClientOptions): TrackmaniaClient {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;
  const counter = new CallCounter();
  const scheduler =
    options.scheduler ?? createRequestScheduler({ requestsPerSecond: options.requestsPerSecond ?? 0.8, sleep });
  const transport = new Transport({
    fetch: options.fetch ?? ((input, init) => fetch(input, init)),
    userAgent: options.userAgent,
    scheduler,
    counter,
    timeoutMs: options.timeoutMs ?? 15_000,
    maxAttempts: Math.max(1, options.maxAttempts ?? 4),
    retryBaseMs: options.retryBaseMs ?? 1_000,
    maxRetryDelayMs: options.maxRetryDelayMs ?? 60_000,
    sleep,
    random: options.random ?? Math.random,
  });
  const nadeo = new NadeoAuth({
    transport,
    kv: options.kv,
    coreUrl: options.coreUrl,
    serverLogin: options.serverLogin,
    serverPassword: options.serverPassword,
    now,
  });
  const oauth = new OAuthAuth({
    transport,
    kv: options.kv,
    oauthUrl: options.oauthUrl,
    clientId: options.oauthClientId,
    clientSecret: options.oauthClientSecret,
    now,
  });
  const kv = options.kv;
  const displayNameTtl = options.displayNameTtlSeconds ?? 7 * DAY_SECONDS;
  const live = (path: string) => joinUrl(options.liveUrl, path);
  const core = (path: string) => joinUrl(options.coreUrl, path);

  const tokenFor = (auth: CallSpec<z.ZodType>["auth"]): Promise<string | null> =>
    auth === null ? Promise.resolve(null) : auth === "oauth" ? oauth.accessToken() : nadeo.accessToken(auth);

  const renewAfter401 = (auth: NadeoAudience | "oauth", rejected: string): Promise<string> =>
    auth === "oauth" ? oauth.renewAfterRejection(rejected) : nadeo.renewAfterRejection(auth, rejected);

  /** Sends a call with its credential; a 401 gets exactly one renewed token and one retry. */
  async function call<S extends z.ZodType>(spec: CallSpec<S>): Promise<z.output<S>> {
    const send = (token: string | null): Promise<TransportResponse> => {
      const headers: Record<string, string> = {};
      if (token !== null) headers.Authorization = spec.auth === "oauth" ? `Bearer ${token}` : `nadeo_v1 t=${token}`;
      if (spec.body !== undefined) headers["Content-Type"] = "application/json";
      return transport.send({
        service: spec.service,
        endpoint: spec.endpoint,
        method: spec.method,
        url: spec.url,
        headers,
        body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
      });
    };
    try {
      const token = await tokenFor(spec.auth);
      let response = await send(token);
      if (response.status === 401 && spec.auth !== null && token !== null) {
        response = await send(await renewAfter401(spec.auth, token));
        if (response.status === 401) {
          throw new TrackmaniaError(
            `Trackmania ${spec.endpoint} refused a freshly renewed token (HTTP 401 twice).`,
            { kind: "auth", endpoint: spec.endpoint, upstreamStatus: 401, attempts: response.attempts },
          );
        }
      }
      return parseBody(spec.endpoint, okOrThrow(spec.endpoint, response), spec.schema);
    } catch (error) {
      counter.countFailure();
      throw error;
    }
  }

  async function getMapInfo(mapUids: readonly string[]): Promise<MapInfo[]> {
    const uids = unique(mapUids);
    const found = new Map<string, MapInfo>();
    for (const batch of chunks(uids, MAP_INFO_BATCH)) {
      const body = await call({
        service: "live",
        endpoint: "live.mapInfo",
        method: "GET",
        url: live(`/api/token/map/get-multiple?${new URLSearchParams({ mapUidList: batch.join(",") })}`),
        auth: "NadeoLiveServices",
        schema: liveMapListSchema,
      });
      for (const map of body.mapList) found.set(map.uid, toMapInfo(map));
    }
    return uids.flatMap((uid) => found.get(uid) ?? []);
  }

  async function getLeaderboardPage(mapUid: string, page: LeaderboardPageOptions = {}): Promise<LeaderboardEntry[]> {
    const offset = Math.max(0, Math.floor(page.offset ?? 0));
    const length = Math.min(TOP_PAGE, Math.max(1, Math.floor(page.length ?? TOP_PAGE)));
    const query = new URLSearchParams({ onlyWorld: "true", length: String(length), offset: String(offset) });
    const body = await call({
      service: "live",
      endpoint: "live.top",
      method: "GET",
      url: live(`/api/token/leaderboard/group/${GROUP}/map/${encodeURIComponent(mapUid)}/top?${query}`),
      auth: "NadeoLiveServices",
      schema: liveTopSchema,
    });
    const world = body.tops?.[0];
    return (world?.top ?? []).map(toLeaderboardEntry);
  }

  async function getTop(mapUid: string, { depth = TOP_PAGE }: TopOptions = {}): Promise<LeaderboardEntry[]> {
    const limit = Math.min(TOP_REACHABLE, Math.max(1, Math.floor(depth)));
    // Keyed by account: a record driven while we page shifts later pages and would repeat a driver.
    const entries = new Map<string, LeaderboardEntry>();
    for (let offset = 0; offset < limit; offset += TOP_PAGE) {
      const length = Math.min(TOP_PAGE, limit - offset);
      const page = await getLeaderboardPage(mapUid, { offset, length });
      for (const entry of page) if (!entries.has(entry.accountId)) entries.set(entry.accountId, entry);
      if (page.length < length) break;
    }
    return [...entries.values()].sort((a, b) => a.position - b.position);
  }

  async function getPositions(queries: readonly PositionQuery[]): Promise<PositionResult[]> {
    const results: PositionResult[] = [];
    for (const batch of positionBatches(queries)) {
      const query = batch.map((q) => `scores[${encodeURIComponent(q.mapUid)}]=${Math.round(q.score)}`).join("&");
      const body = await call({
        service: "live",
        endpoint: "live.positions",
        method: "POST",
        url: live(`/api/token/leaderboard/group/map?${query}`),
        auth: "NadeoLiveServices",
        // Every uid in the query must also be in the body, or the service may answer 500.
        body: { maps: batch.map((q) => ({ mapUid: q.mapUid, groupUid: GROUP })) },
        schema: livePositionsSchema,
      });
      const asked = new Map(batch.map((q) => [q.mapUid, q.score]));
      for (const answer of body) {
        const score = asked.get(answer.mapUid);
        if (score === undefined) continue;
        const zone = answer.zones.find((z) => z.zoneName === "World") ?? answer.zones[0];
        if (!zone) continue;
        results.push({ mapUid: answer.mapUid, score, position: zone.ranking.position });
      }
    }
    return results;
  }

  async function getMapTypes(mapUids: readonly string[]): Promise<MapTypeInfo[]> {
    const found: MapTypeInfo[] = [];
    for (const batch of chunks(unique(mapUids), MAP_INFO_BATCH)) {
      const body = await call({
        service: "core",
        endpoint: "core.maps",
        method: "GET",
        url: core(`/maps/by-uid/?${new URLSearchParams({ mapUidList: batch.join(",") })}`),
        auth: "NadeoServices",
        schema: coreMapTypeListSchema,
      });
      for (const map of body) found.push({ uid: map.mapUid, mapId: map.mapId, mapType: map.mapType ?? null, hasClones: map.hasClones === true });
    }
    return found;
  }

  async function getPlayerRecords(
    accountIds: string | readonly string[],
    maps: readonly MapRef[],
    options: { onMapError?: (mapUid: string, error: unknown) => void } = {},
  ): Promise<PlayerRecord[]> {
    const accounts = unique(typeof accountIds === "string" ? [accountIds] : accountIds);
    if (accounts.length === 0 || maps.length === 0) return [];
    const mapIdByUid = new Map<string, string>();
    for (const ref of maps) if (typeof ref !== "string") mapIdByUid.set(ref.uid, ref.mapId);
    const unknownUids = unique(maps.filter((ref): ref is string => typeof ref === "string")).filter(
      (uid) => !mapIdByUid.has(uid),
    );
    if (unknownUids.length > 0) {
      for (const info of await getMapInfo(unknownUids)) mapIdByUid.set(info.uid, info.mapId);
    }
    // One Core call per (map, game mode): the same map may be asked in two modes.
    const targets = new Map<string, { mapUid: string; mapId: string; gameMode?: string }>();
    for (const ref of maps) {
      const mapUid = typeof ref === "string" ? ref : ref.uid;
      const mapId = mapIdByUid.get(mapUid);
      const gameMode = typeof ref === "string" ? undefined : ref.gameMode;
      if (mapId !== undefined) targets.set(`${mapUid}\u0000${gameMode ?? ""}`, { mapUid, mapId, gameMode });
    }

    const records: PlayerRecord[] = [];
    let firstFailure: { error: unknown } | undefined;
    for (const { mapUid, mapId, gameMode } of targets.values()) {
      try {
        records.push(...(await readMapRecords(accounts, mapUid, mapId, gameMode)));
      } catch (error) {
        if (options.onMapError) options.onMapError(mapUid, error);
        else firstFailure ??= { error };
      }
    }
    if (firstFailure) throw firstFailure.error;
    return records;
  }

  async function readMapRecords(accounts: readonly string[], mapUid: string, mapId: string, gameMode: string | undefined): Promise<PlayerRecord[]> {
    // Points are the ranking value in Stunt mode; elsewhere the time is (lib/scoring).
    const scoring = gameMode === "Stunt" ? "stunt" : gameMode === "Platform" ? "platform" : "race";
    const records: PlayerRecord[] = [];
    for (const batch of chunks(accounts, RECORD_ACCOUNT_BATCH)) {
      const query = new URLSearchParams({ accountIdList: batch.join(","), mapId });
      if (gameMode) query.set("gameMode", gameMode);
      const body = await call({
        service: "core",
        endpoint: "core.records",
        method: "GET",
        url: core(`/v2/mapRecords/by-account/?${query}`),
        auth: "NadeoServices",
        schema: coreRecordsSchema,
      });
      for (const record of body) {
        if (record.removed) continue;
        records.push({
          accountId: record.accountId,
          mapUid,
          mapId: record.mapId,
          time: toRecordTime(record.recordScore.time),
          score: coreRecordScore(scoring, record.recordScore),
          respawns: record.recordScore.respawnCount === undefined || record.recordScore.respawnCount >= CORE_NO_VALUE ? null : record.recordScore.respawnCount,
          timestamp: isoToDate(record.timestamp),
          medal: record.medal ?? null,
          recordId: record.mapRecordId ?? null,
        });
      }
    }
    return records;
  }

  const nameKey = (accountId: string) => `tm:display-name:${accountId}`;

  async function getCachedDisplayNames(accountIds: readonly string[]): Promise<{ names: Map<string, string>; missing: string[] }> {
    const ids = unique(accountIds);
    const names = new Map<string, string>();
    const missing: string[] = [];
    if (ids.length === 0) return { names, missing };
    const cached = await kv.mget<string>(ids.map(nameKey));
    ids.forEach((id, index) => {
      const hit = cached[index];
      if (typeof hit !== "string") missing.push(id);
      else if (hit !== "") names.set(id, hit);
      // "" = asked before and the service knew no name: skip until that short entry lapses.
    });
    return { names, missing };
  }

  async function getDisplayNames(accountIds: readonly string[]): Promise<Map<string, string>> {
    const { names, missing } = await getCachedDisplayNames(accountIds);

    for (const batch of chunks(missing, DISPLAY_NAME_BATCH)) {
      const query = batch.map((id) => `accountId[]=${encodeURIComponent(id)}`).join("&");
      const body = await call({
        service: "oauth",
        endpoint: "oauth.displayNames",
        method: "GET",
        url: joinUrl(options.oauthUrl, `/api/display-names?${query}`),
        auth: "oauth",
        schema: displayNamesSchema,
      });
      await Promise.all(
        batch.map((id) => {
          const name = body[id];
          if (name !== undefined) names.set(id, name);
          return kv.set(nameKey(id), name ?? "", { ttlSeconds: name !== undefined ? displayNameTtl : DAY_SECONDS });
        }),
      );
    }
    return names;
  }

  async function getAccountIds(displayNames: readonly string[]): Promise<Map<string, string>> {
    const names = unique(displayNames.map((name) => name.trim()));
    if (names.some((name) => name === "")) {
      throw new TrackmaniaError("A display name to look up is empty.", {
        kind: "invalid_request",
        endpoint: "oauth.accountIds",
      });
    }
    const ids = new Map<string, string>();
    for (const batch of chunks(names, DISPLAY_NAME_BATCH)) {
      const query = batch.map((name) => `displayName[]=${encodeURIComponent(name)}`).join("&");
      const body = await call({
        service: "oauth",
        endpoint: "oauth.accountIds",
        method: "GET",
        url: joinUrl(options.oauthUrl, `/api/display-names/account-ids?${query}`),
        auth: "oauth",
        schema: accountIdsByNameSchema,
      });
      const byLowerName = new Map(Object.entries(body).map(([name, id]) => [name.toLowerCase(), { name, id }]));
      for (const asked of batch) {
        const hit = body[asked] !== undefined ? { name: asked, id: body[asked] } : byLowerName.get(asked.toLowerCase());
        if (!hit) continue;
        // The answer is keyed by the name as it was asked (case-insensitive match), so it does not
        // tell the id's canonical display name: that comes from getDisplayNames, never from here.
        ids.set(asked, hit.id);
      }
    }
    return ids;
  }

  async function getAccountId(displayName: string): Promise<string | null> {
    const ids = await getAccountIds([displayName]);
    return ids.get(displayName.trim()) ?? null;
  }

  async function getMapsByAuthor(authorName: string): Promise<AuthoredMap[]> {
    return (await mapsByAuthor(authorName, Number.POSITIVE_INFINITY)).maps;
  }

  function getNewestMapsByAuthor(authorName: string, { limit }: NewestMapsOptions): Promise<{ maps: AuthoredMap[]; more: boolean }> {
    return mapsByAuthor(authorName, Math.max(1, Math.floor(limit)));
  }

  /** An author's maps, newest first, page by page until `limit` maps (or the last page). */
  async function mapsByAuthor(authorName: string, limit: number): Promise<{ maps: AuthoredMap[]; more: boolean }> {
    const author = authorName.trim();
    if (author === "") {
      throw new TrackmaniaError("An author name to search Trackmania Exchange for is empty.", {
        kind: "invalid_request",
        endpoint: "tmx.maps",
      });
    }
    // Keyed by uid: a retried or shifted page can repeat maps, the result never does.
    const maps = new Map<string, AuthoredMap>();
    let after: number | undefined;
    let more = false;
    for (let page = 0; page < TMX_MAX_PAGES && maps.size < limit; page += 1) {
      const count = Math.min(TMX_PAGE, limit - maps.size);
      const query = new URLSearchParams({ author, fields: tmxMapFields.join(","), count: String(count) });
      if (after !== undefined) query.set("after", String(after));
      const body = await tmxPage(query);
      for (const result of body.Results) if (!maps.has(result.MapUid)) maps.set(result.MapUid, toAuthoredMap(result));
      const last = body.Results.at(-1)?.MapId;
      more = body.More;
      // Stop on the last page, and on a cursor that does not move (a server that ignores `after`).
      if (!body.More || last === undefined || last === after) break;
      after = last;
    }
    const all = [...maps.values()];
    return { maps: all.slice(0, limit), more: more || all.length > limit };
  }

  /** One page of Trackmania Exchange's map search. */
  function tmxPage(query: URLSearchParams) {
    return call({
      service: "tmx",
      endpoint: "tmx.maps",
      method: "GET",
      url: joinUrl(options.tmxUrl, `/api/maps?${query}`),
      auth: null,
      schema: tmxMapsPageSchema,
    });
  }

  function tmxMaps(query: URLSearchParams): Promise<TmxMap[]> {
    return tmxPage(query).then((body) => body.Results.map(toTmxMap));
  }

  async function searchMapsByName(name: string, { limit }: SearchMapsOptions = {}): Promise<TmxMap[]> {
    const text = name.trim();
    if (text === "") {
      throw new TrackmaniaError("A map name to search Trackmania Exchange for is empty.", { kind: "invalid_request", endpoint: "tmx.maps" });
    }
    const count = Math.min(TMX_SEARCH_MAX, Math.max(1, Math.floor(limit ?? TMX_SEARCH_DEFAULT)));
    const maps = await tmxMaps(new URLSearchParams({ name: text, fields: tmxSearchFields.join(","), count: String(count) }));
    return maps.slice(0, count);
  }

  /** TMX maps filtered by `uid=` or `id=`, 100 values a request, in the order asked. */
  async function tmxMapsBy<K extends string | number>(filter: "uid" | "id", keys: readonly K[], keyOf: (map: TmxMap) => K): Promise<TmxMap[]> {
    const wanted = [...new Set(keys)];
    const found = new Map<K, TmxMap>();
    for (const batch of chunks(wanted, TMX_FILTER_BATCH)) {
      const query = new URLSearchParams({ [filter]: batch.join(","), fields: tmxSearchFields.join(","), count: String(batch.length) });
      for (const map of await tmxMaps(query)) found.set(keyOf(map), map);
    }
    return wanted.flatMap((key) => found.get(key) ?? []);
  }

  function getTmxMapsByUid(uids: readonly string[]): Promise<TmxMap[]> {
    return tmxMapsBy("uid", uids.map((uid) => uid.trim()).filter(Boolean), (map) => map.uid);
  }

  function getTmxMapsById(tmxIds: readonly number[]): Promise<TmxMap[]> {
    return tmxMapsBy("id", tmxIds.filter((id) => Number.isInteger(id) && id > 0), (map) => map.tmxId);
  }

  async function getTmxMap(ref: TmxMapRef): Promise<TmxMap | null> {
    const maps = "uid" in ref ? await getTmxMapsByUid([ref.uid]) : await getTmxMapsById([ref.tmxId]);
    return maps[0] ?? null;
  }

  async function getSurround(mapUid: string, score: number): Promise<SurroundResult | null> {
    const asked = Math.round(score);
    const query = new URLSearchParams({ score: String(asked), onlyWorld: "true" });
    const body = await call({
      service: "live",
      endpoint: "live.surround",
      method: "GET",
      // At most one record on each side is returned, whatever is asked.
      url: live(`/api/token/leaderboard/group/${GROUP}/map/${encodeURIComponent(mapUid)}/surround/1/1?${query}`),
      auth: "NadeoLiveServices",
      schema: liveTopSchema,
    });
    const world = body.tops?.find((zone) => zone.zoneName === "World") ?? body.tops?.[0];
    const entries = [...(world?.top ?? [])].sort((a, b) => a.position - b.position);
    // The asked score comes back as a record carrying our own account id; a real record with the same
    // time may sit next to it, so the account id decides between them.
    const same = entries.filter((entry) => entry.score === asked);
    let synthetic = same[0];
    if (same.length > 1) {
      const caller = decodeJwtClaims(await nadeo.accessToken("NadeoLiveServices"), "live.surround").sub;
      synthetic = same.find((entry) => entry.accountId === caller) ?? same.at(-1);
    }
    if (!synthetic) return null;
    const index = entries.indexOf(synthetic);
    const above = entries[index - 1];
    const below = entries[index + 1];
    return {
      mapUid,
      score: asked,
      position: synthetic.position,
      above: above ? toLeaderboardEntry(above) : null,
      below: below ? toLeaderboardEntry(below) : null,
    };
  }

  async function getCurrentOfficialCampaign(): Promise<OfficialCampaign | null> {
    const body = await call({
      service: "live",
      endpoint: "live.officialCampaigns",
      method: "GET",
      url: live("/api/campaign/official?offset=0&length=1"),
      auth: "NadeoLiveServices",
      schema: liveOfficialCampaignsSchema,
    });
    const campaign = body.campaignList[0];
    if (!campaign) return null;
    return {
      name: campaign.name,
      mapUids: [...campaign.playlist].sort((a, b) => a.position - b.position).map((item) => item.mapUid).filter(Boolean),
      startsAt: new Date(campaign.startTimestamp * 1000),
      endsAt: new Date(campaign.endTimestamp * 1000),
    };
  }

  async function getTracksOfTheDay(monthOffset = 0): Promise<TracksOfTheDayMonth> {
    const offset = Math.max(0, Math.floor(monthOffset));
    const body = await call({
      service: "live",
      endpoint: "live.totd",
      method: "GET",
      url: live(`/api/token/campaign/month?${new URLSearchParams({ length: "1", offset: String(offset) })}`),
      auth: "NadeoLiveServices",
      schema: liveTotdMonthsSchema,
    });
    const month = body.monthList[0];
    if (!month) {
      // A month before the first Track of the Day: named from our clock (UTC), with no days.
      const today = new Date(now());
      const absolute = today.getUTCFullYear() * 12 + today.getUTCMonth() - offset;
      return { year: Math.floor(absolute / 12), month: (absolute % 12) + 1, days: [] };
    }
    return {
      year: month.year,
      month: month.month,
      days: month.days
        .filter((day) => day.mapUid !== "")
        .map((day) => ({
          day: day.monthDay,
          mapUid: day.mapUid,
          startsAt: new Date(day.startTimestamp * 1000),
          endsAt: new Date(day.endTimestamp * 1000),
        }))
        .sort((a, b) => a.day - b.day),
    };
  }

  async function checkHealth(): Promise<TrackmaniaHealth> {
    const started = performance.now();
    try {
      await nadeo.accessToken("NadeoLiveServices");
      return { ok: true, ms: Math.round(performance.now() - started) };
    } catch (error) {
      return {
        ok: false,
        ms: Math.round(performance.now() - started),
        error: error instanceof Error ? error.message : String(error),
      };
    }
  }

  return {
    getMapInfo,
    getLeaderboardPage,
    getTop,
    getPositions,
    getPlayerRecords,
    getMapTypes,
    getDisplayNames,
    getCachedDisplayNames,
    getAccountIds,
    getAccountId,
    getMapsByAuthor,
    getNewestMapsByAuthor,
    searchMapsByName,
    getTmxMapsByUid,
    getTmxMapsById,
    getTmxMap,
    getSurround,
    getCurrentOfficialCampaign,
    getTracksOfTheDay,
    checkHealth,
    stats: () => counter.snapshot(),
    resetStats: () => counter.reset(),
  };
}

/** Splits position queries into requests of at most 50 maps, each map at most once per request. */
function positionBatches(queries: readonly PositionQuery[]): PositionQuery[][] {
  const batches: PositionQuery[][] = [];
  const seen = new Set<string>();
  for (const query of queries) {
    const key = `${query.mapUid}\u0000${Math.round(query.score)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    let batch = batches.find((b) => b.length < POSITION_BATCH && !b.some((q) => q.mapUid === query.mapUid));
    if (!batch) {
      batch = [];
      batches.push(batch);
    }
    batch.push(query);
  }
  return batches;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
