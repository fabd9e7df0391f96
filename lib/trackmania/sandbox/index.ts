import { timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Route, RouteContext, SandboxState } from "./context";
import { decideFault, validateFaults, type FaultKind, type SandboxFaults } from "./faults";
import { Leaderboards } from "./leaderboard";
import { json, safeDecode, serviceError, type Service } from "./responses";
import { coreRoutes } from "./routes/core";
import { liveRoutes } from "./routes/live";
import { oauthRoutes } from "./routes/oauth";
import { tmxRoutes } from "./routes/tmx";
import { derivedUuid } from "./shapes";
import { renderThumbnailSvg } from "./thumbnail";
import { readAuthorization, TokenAuthority, type TokenClaims } from "./tokens";
import { createWorld, releaseOfficialMaps, type MapActivity, type Player, type SandboxMap, type WellKnown, type Zone } from "./world";

/**
 * The Trackmania sandbox: a deterministic simulated Trackmania world (players, mappers, maps,
 * leaderboards that gain records as simulated time passes) answering the endpoints Trackwatch uses —
 * Nadeo Core and Live, the public OAuth API (api.trackmania.com) and Trackmania Exchange — with the
 * shapes, limits and error bodies of `shared/research/trackmania-api.md`. It is a plain
 * `Request → Response` handler with no Next.js or `server-only` imports, so tests, scripts and the app's
 * embedded mode all use it the same way.
 *
 * Routing (one handler answers all four services):
 * - In-process, by host: `sandbox.urls` — `http://core.sandbox.local`, `http://live.sandbox.local`,
 *   `http://oauth.sandbox.local`, `http://tmx.sandbox.local`. The real hosts
 *   (`prod.trackmania.core.nadeo.online`, `live-services.trackmania.nadeo.live`, `api.trackmania.com`,
 *   `trackmania.exchange`) route the same way, so a client built with production URLs works against
 *   `sandbox.fetch` unchanged.
 * - Over HTTP (`serveSandbox`), where there is one origin, by path prefix: `{url}/core/...`,
 *   `{url}/live/...`, `{url}/oauth/...`, `{url}/tmx/...`. A client's base URLs become `${url}/core`
 *   etc.; e.g. the sign-in page is `${url}/oauth/oauth/authorize` (base + the real path).
 * - Map thumbnails: `GET {any base}/thumbnails/{mapUid}.svg`; `GET {url}/` lists the bases.
 *
 * Determinism: the world and every leaderboard are functions of the seed; leaderboard events are a
 * function of (seed, map, simulated time), official campaigns and Tracks of the Day of (seed, calendar
 * slot) released by simulated time, and faults of (seed, request sequence number). Two sandboxes with
 * the same seed, start time and sequence of requests and `advance()` calls answer identically.
 */

export type { SandboxFaults } from "./faults";
export { parseSandboxFaults } from "./faults";
export type { MapActivity, Player as SandboxPlayer, SandboxMap, WellKnown, Zone as SandboxZone } from "./world";

export type SandboxOptions = {
  /**
   * Where browsers reach this sandbox over HTTP when it runs in-process (the app mounts it at
   * `${APP_URL}/sandbox`): URLs inside its answers, such as thumbnails, are built from it.
   */
  publicUrl?: string;
  /** World seed; default 1. */
  seed?: number;
  /**
   * `manual` (default): simulated time moves only with `advance()` — for tests and benches.
   * `wall`: simulated time follows the real clock from `startTime` (plus any `advance()`) — for the
   * served sandbox and the app's embedded mode.
   */
  clock?: "wall" | "manual";
  /**
   * The instant the simulation starts: initial records are older, new ones appear after it.
   * Default: 2026-06-01T00:00:00Z with the manual clock (reproducible), the current time with the wall clock.
   */
  startTime?: Date;
  faults?: SandboxFaults;
  /** Drivers the boards draw from (mappers are among them); default 3000. MidPackMia and the official account come on top. */
  players?: number;
  /** Mappers besides the two well-known ones, each with 1–40 maps (≈20 on average); default 300. */
  mappers?: number;
  /**
   * Adds ProlificPia (`wellKnown.prolificMapper`), a mapper with exactly this many maps, all on TMX, with
   * boards like anyone's (up to 10,000; for benches of a big catalogue). Absent by default: the world is then
   * exactly as without the option.
   */
  prolificMapperMaps?: number;
  /**
   * Adds StuntMapperStu (`wellKnown.specialMapper`) and the maps that are not plain race maps:
   * `wellKnown.maps.stunt`, `stunt2` (Stunt), `platform`, `clones` (a race map with clones) and `hidden`
   * (hidden times). Off by default: the world is then exactly as without the option (`npm run sandbox` turns it on).
   */
  specialMaps?: boolean;
  /** Nadeo access-token lifetime; default 3600 (refresh allowed after half of it, the `rat` claim). */
  accessTokenTtlSeconds?: number;
  /** Nadeo refresh-token lifetime; default 86,400. */
  refreshTokenTtlSeconds?: number;
  /**
   * How far the position endpoint lags behind the real leaderboard (the real one often lags by hours
   * on non-official maps); default 0.
   */
  positionLagSeconds?: number;
  /** Override the fixed sandbox credentials. */
  credentials?: Partial<SandboxCredentials>;
};

export type SandboxCredentials = { serverLogin: string; serverPassword: string; oauthClientId: string; oauthClientSecret: string };

export type SandboxStats = {
  requests: number;
  byEndpoint: Record<string, number>;
  /** User-Agent header values seen, with counts ("" when absent). */
  userAgents: Record<string, number>;
  /** Injected faults by kind ("429", "500", "503", "expire", "slow"). */
  faults: Record<string, number>;
};

export type SandboxLeaderboardEntry = {
  position: number;
  accountId: string;
  displayName: string;
  zoneId: string;
  zoneName: string;
  /** ms */
  score: number;
  /** Unix seconds */
  timestamp: number;
};

/** Read-only views of the world for tests, benches and the app's seed data. */
export interface SandboxWorld {
  players(): readonly Player[];
  mappers(): readonly Player[];
  player(accountIdOrDisplayName: string): Player | undefined;
  /** All maps (official ones as released by now), or those authored by one account id. */
  maps(authorAccountId?: string): readonly SandboxMap[];
  /** Seasonal campaign and Track of the Day maps released by now, in release order. */
  officialMaps(): readonly SandboxMap[];
  map(mapUid: string): SandboxMap | undefined;
  /** The full board as of `now()` (no 10,000 cap), best first; undefined for unknown uids. */
  leaderboard(mapUid: string): SandboxLeaderboardEntry[] | undefined;
  zones(): readonly Zone[];
  thumbnailSvg(mapUid: string): string | undefined;
}

export interface Sandbox {
  handle(request: Request): Promise<Response>;
  /** `(input, init) => handle(new Request(input, init))`, honouring `init.signal`: inject into the client. */
  fetch: typeof fetch;
  now(): Date;
  /** Moves simulated time forward (both clocks); records appear lazily as boards are read. */
  advance(ms: number): void;
  setFaults(faults: SandboxFaults): void;
  /** How far the position endpoint lags behind the boards from now on (tests of late news). */
  setPositionLag(seconds: number): void;
  /** Renames a player as the game lets them: the display-name API answers the new name, and the old one finds nobody. */
  renamePlayer(accountId: string, displayName: string): void;
  /**
   * Revokes every access token issued so far (Nadeo and OAuth): their next use answers 401, as after
   * expiry. Refresh tokens keep working unless `{ refresh: true }`, so the client's refresh path runs.
   */
  expireAllTokens(options?: { refresh?: boolean }): void;
  stats(): SandboxStats;
  resetStats(): void;
  readonly credentials: SandboxCredentials;
  readonly urls: Record<Service, string>;
  readonly wellKnown: WellKnown;
  readonly world: SandboxWorld;
}

const hourMs = 3_600_000;
const defaultManualStart = Date.UTC(2026, 5, 1);
const defaultCredentials: SandboxCredentials = {
  serverLogin: "trackwatch_sandbox",
  serverPassword: "sandbox-server-password",
  oauthClientId: "sandbox-oauth-client",
  oauthClientSecret: "sandbox-oauth-secret",
};
const inProcessUrls: Record<Service, string> = {
  core: "http://core.sandbox.local",
  live: "http://live.sandbox.local",
  oauth: "http://oauth.sandbox.local",
  tmx: "http://tmx.sandbox.local",
};
const serviceByHost: Record<string, Service> = {
  "core.sandbox.local": "core",
  "live.sandbox.local": "live",
  "oauth.sandbox.local": "oauth",
  "tmx.sandbox.local": "tmx",
  "prod.trackmania.core.nadeo.online": "core",
  "live-services.trackmania.nadeo.live": "live",
  "api.trackmania.com": "oauth",
  "trackmania.exchange": "tmx",
};
const routesByService: Record<Service, Route[]> = { core: coreRoutes, live: liveRoutes, oauth: oauthRoutes, tmx: tmxRoutes };
/** Core refuses request URIs of this length and more. */
const maxCoreUriLength = 8220;

function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

function thumbnailResponse(world: SandboxState["world"], uid: string): Response {
  const map = world.mapsByUid.get(uid);
  if (!map) return json({ message: "Not Found" }, 404);
  return new Response(renderThumbnailSvg(map), {
    headers: { "content-type": "image/svg+xml; charset=utf-8", "cache-control": "public, max-age=86400" },
  });
}

function prefixedBases(origin: string): Record<Service, string> {
  return { core: `${origin}/core`, live: `${origin}/live`, oauth: `${origin}/oauth`, tmx: `${origin}/tmx` };
}

export function createSandbox(options: SandboxOptions = {}): Sandbox {
  const seed = options.seed ?? 1;
  const clock = options.clock ?? "manual";
  const createdAt = Date.now();
  const startTime = options.startTime?.getTime() ?? (clock === "wall" ? Math.floor(createdAt / 1000) * 1000 : defaultManualStart);
  let advancedMs = 0;
  let faults: SandboxFaults = { ...options.faults };
  validateFaults(faults);
  let faultIndex = 0;
  let requestIndex = 0;
  const nowMs = () => startTime + advancedMs + (clock === "wall" ? Date.now() - createdAt : 0);

  const world = createWorld({ seed, startTime, sizes: { players: options.players ?? 3000, mappers: options.mappers ?? 300, prolificMapperMaps: options.prolificMapperMaps, specialMaps: options.specialMaps } });
  const credentials: SandboxCredentials = { ...defaultCredentials, ...options.credentials };
  const state: SandboxState = {
    world,
    boards: new Leaderboards(world),
    nadeoTokens: new TokenAuthority(seed, "nadeo"),
    oauthTokens: new TokenAuthority(seed, "oauth"),
    credentials,
    serverAccountId: derivedUuid(`server-account:${credentials.serverLogin}`),
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 3600,
    refreshTokenTtlSeconds: options.refreshTokenTtlSeconds ?? 86_400,
    positionLagSeconds: options.positionLagSeconds ?? 0,
    renames: new Map(),
    oauthCodes: new Map(),
  };

  let stats: SandboxStats = { requests: 0, byEndpoint: {}, userAgents: {}, faults: {} };
  const count = (bucket: Record<string, number>, key: string) => {
    bucket[key] = (bucket[key] ?? 0) + 1;
  };

  // URLs inside answers (thumbnails, map files) must be reachable by whoever follows them — a browser
  // or a mail client — so in-process requests describe the sandbox by its public mount when it has one.
  const publicBases = options.publicUrl ? prefixedBases(options.publicUrl.replace(/\/+$/, "")) : inProcessUrls;

  function resolveTarget(url: URL): { service: Service | null; path: string; bases: Record<Service, string> } {
    const byHost = serviceByHost[url.hostname];
    if (byHost) return { service: byHost, path: url.pathname, bases: publicBases };
    const bases = prefixedBases(url.origin);
    const prefixed = /^\/(core|live|oauth|tmx)(\/.*)?$/.exec(url.pathname);
    if (prefixed) return { service: prefixed[1] as Service, path: prefixed[2] ?? "/", bases };
    return { service: null, path: url.pathname, bases };
  }

  /** Checks the route's token; answers the service's 401 (or 403) when it does not fit. */
  function authenticate(route: Route, context: RouteContext): { claims: TokenClaims } | Response {
    const nowSeconds = Math.floor(context.now / 1000);
    const deny = (status: number, message: string, hint?: string) => serviceError(context.service, status, context.traceId, { message, hint });
    if (route.auth === "NadeoServices" || route.auth === "NadeoLiveServices") {
      const token = readAuthorization(context.request, "nadeo_v1");
      if (!token) return deny(401, "Missing or malformed nadeo_v1 authorization header.");
      const result = state.nadeoTokens.verify(token, nowSeconds);
      if (!result.ok) return deny(401, result.reason === "expired" || result.reason === "revoked" ? "Token expired." : "Invalid token.");
      if (result.claims.rtk === true) return deny(401, "A refresh token cannot be used as an access token.");
      // One token per audience: Core wants NadeoServices, Live wants NadeoLiveServices.
      if (result.claims.aud !== route.auth) return deny(401, `Invalid token audience: expected ${route.auth}.`);
      return { claims: result.claims };
    }
    const token = readAuthorization(context.request, "Bearer");
    if (!token) return deny(401, "The resource owner or authorization server denied the request.", "Missing \"Authorization\" header");
    const result = state.oauthTokens.verify(token, nowSeconds);
    if (!result.ok || result.claims.typ === "refresh") {
      const hint = result.ok ? "Access token could not be verified" : result.reason === "expired" || result.reason === "revoked" ? "Access token has expired" : "Access token could not be verified";
      return deny(401, "The resource owner or authorization server denied the request.", hint);
    }
    // App (client-credentials) tokens carry no user; /api/user needs a signed-in user.
    if (route.auth === "oauth-user" && !result.claims.sub) return deny(403, "This endpoint requires a user access token.", "client_credentials tokens have no user");
    return { claims: result.claims };
  }

  function faultResponse(kind: FaultKind, context: RouteContext): Response {
    const { service, traceId } = context;
    switch (kind) {
      case "429":
        return serviceError(service, 429, traceId, {
          message: "Too many requests.",
          headers: { "retry-after": String(faults.retryAfterSeconds ?? 1) },
        });
      case "500":
        return serviceError(service, 500, traceId, { message: "Internal Server Error" });
      case "503":
        return serviceError(service, 503, traceId, {
          message: "Service Unavailable",
          ...(faults.retryAfter503Seconds === undefined ? {} : { headers: { "retry-after": String(faults.retryAfter503Seconds) } }),
        });
      case "expire": {
        // As if the token had just expired: it stays dead, so only a refresh (or new login) helps.
        const scheme = service === "oauth" ? "Bearer" : "nadeo_v1";
        const token = readAuthorization(context.request, scheme);
        const authority = service === "oauth" ? state.oauthTokens : state.nadeoTokens;
        const verified = token ? authority.verify(token, Math.floor(context.now / 1000)) : null;
        if (verified?.ok) authority.revoke(verified.claims.jti);
        return service === "oauth"
          ? serviceError(service, 401, traceId, { message: "The resource owner or authorization server denied the request.", hint: "Access token has expired" })
          : serviceError(service, 401, traceId, { message: "Token expired." });
      }
    }
  }

  async function handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const target = resolveTarget(url);
    const traceId = derivedUuid(`trace:${seed}:${requestIndex++}`);
    const userAgent = request.headers.get("user-agent") ?? "";
    stats.requests++;
    count(stats.userAgents, userAgent);

    released();
    const thumbnail = request.method === "GET" ? /^\/thumbnails\/([^/]+)\.svg$/.exec(target.path) : null;
    if (thumbnail) {
      count(stats.byEndpoint, "thumbnail");
      return thumbnailResponse(world, safeDecode(thumbnail[1] as string));
    }
    if (!target.service) {
      count(stats.byEndpoint, target.path === "/" ? "index" : "unknown");
      if (target.path !== "/") return json({ message: "Not Found", services: target.bases }, 404);
      return json({ sandbox: "trackwatch", seed, now: new Date(nowMs()).toISOString(), services: target.bases, wellKnown: world.wellKnown });
    }

    const service = target.service;
    const candidates = routesByService[service]
      .map((route) => ({ route, match: route.pattern.exec(target.path) }))
      .filter((c): c is { route: Route; match: RegExpExecArray } => c.match !== null);
    const found = candidates.find((c) => c.route.method === request.method);
    count(stats.byEndpoint, found?.route.endpoint ?? `${service}.unknown`);
    if (!found) {
      const status = candidates.length ? 405 : 404;
      return serviceError(service, status, traceId, { code: status === 404 ? "C-AL-02-03" : undefined, message: status === 404 ? "Not Found" : "Method Not Allowed" });
    }
    const { route, match } = found;

    // The MX API refuses anonymous clients.
    if (service === "tmx" && !userAgent.trim()) {
      return serviceError("tmx", 400, traceId, { error: "BadRequest", message: "A User-Agent header is required." });
    }
    if (service === "core" && target.path.length + url.search.length >= maxCoreUriLength) {
      return serviceError("core", 414, traceId, { message: "Request-URI Too Long" });
    }

    if (route.faults !== "none") {
      const decision = decideFault(seed, faultIndex++, faults, { expire: route.auth !== "none", error500: route.faults === "all" });
      if (decision.slowMs > 0) {
        count(stats.faults, "slow");
        await delay(decision.slowMs, request.signal);
      }
      if (decision.kind) {
        count(stats.faults, decision.kind);
        const context: RouteContext = { request, url, path: target.path, service, bases: target.bases, traceId, now: nowMs(), state, claims: null };
        return faultResponse(decision.kind, context);
      }
    }

    const base: RouteContext = { request, url, path: target.path, service, bases: target.bases, traceId, now: nowMs(), state, claims: null };
    if (route.auth === "none") return route.handle(base, match);
    const auth = authenticate(route, base);
    if (auth instanceof Response) return auth;
    return route.handle({ ...base, claims: auth.claims }, match);
  }

  const sandboxFetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    if (request.signal.aborted) throw request.signal.reason;
    // Like real fetch, an abort (e.g. a client timeout during a "slow" fault) rejects with the signal's reason.
    return await new Promise<Response>((resolve, reject) => {
      const onAbort = () => reject(request.signal.reason);
      request.signal.addEventListener("abort", onAbort, { once: true });
      handle(request).then(resolve, reject).finally(() => request.signal.removeEventListener("abort", onAbort));
    });
  };

  // Official maps exist from their release on: every read first adds those simulated time has released.
  const released = () => {
    const now = nowMs();
    releaseOfficialMaps(world, now);
    return now;
  };

  const toEntry = (playerIndex: number, score: number, timestamp: number, position: number): SandboxLeaderboardEntry => {
    const player = world.players[playerIndex] as Player;
    return { position, accountId: player.accountId, displayName: player.displayName, zoneId: player.zone.zoneId, zoneName: player.zone.name, score, timestamp };
  };

  return {
    handle,
    fetch: sandboxFetch as typeof fetch,
    now: () => new Date(nowMs()),
    advance(ms: number) {
      if (!Number.isFinite(ms) || ms < 0) throw new Error(`sandbox.advance needs a non-negative number of ms, got ${ms}`);
      advancedMs += ms;
    },
    setFaults(next: SandboxFaults) {
      validateFaults(next);
      faults = { ...next };
    },
    renamePlayer(accountId: string, displayName: string) {
      if (!world.playersByAccountId.has(accountId)) throw new Error(`sandbox.renamePlayer: no player ${accountId}`);
      state.renames.set(accountId, displayName);
    },
    setPositionLag(seconds: number) {
      if (!Number.isFinite(seconds) || seconds < 0) throw new Error(`sandbox.setPositionLag needs a non-negative number of seconds, got ${seconds}`);
      state.positionLagSeconds = seconds;
    },
    expireAllTokens(expireOptions?: { refresh?: boolean }) {
      const refresh = expireOptions?.refresh ?? false;
      state.nadeoTokens.revokeIssued({ refresh });
      state.oauthTokens.revokeIssued({ refresh });
    },
    stats: () => structuredClone(stats),
    resetStats() {
      stats = { requests: 0, byEndpoint: {}, userAgents: {}, faults: {} };
    },
    credentials,
    urls: { ...inProcessUrls },
    wellKnown: world.wellKnown,
    world: {
      players: () => world.players,
      mappers: () => world.mapperIndexes.map((i) => world.players[i] as Player),
      player: (key) => world.playersByAccountId.get(key) ?? world.playersByName.get(key.toLowerCase()),
      maps: (authorAccountId) => {
        released();
        if (authorAccountId === undefined) return world.maps;
        const author = world.playersByAccountId.get(authorAccountId);
        return author ? (world.mapsByAuthor.get(author.index) ?? []) : [];
      },
      officialMaps: () => {
        released();
        return world.calendar.maps;
      },
      map: (uid) => {
        released();
        return world.mapsByUid.get(uid);
      },
      leaderboard: (uid) => state.boards.get(uid, released())?.entries.map((e, i) => toEntry(e.playerIndex, e.score, e.timestamp, i + 1)),
      zones: () => world.zones,
      thumbnailSvg: (uid) => {
        released();
        const map = world.mapsByUid.get(uid);
        return map ? renderThumbnailSvg(map) : undefined;
      },
    },
  };
}

/** Hop-by-hop and framing headers that must not be copied between Node's HTTP objects and fetch ones. */
const skippedHeaders = new Set(["host", "connection", "content-length", "transfer-encoding", "keep-alive", "upgrade"]);

function toRequest(req: IncomingMessage, body: Buffer, origin: string, signal: AbortSignal): Request {
  const headers = new Headers();
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i] as string;
    if (!skippedHeaders.has(name.toLowerCase())) headers.append(name, req.rawHeaders[i + 1] as string);
  }
  const method = req.method ?? "GET";
  return new Request(`${origin}${req.url ?? "/"}`, {
    method,
    headers,
    body: method === "GET" || method === "HEAD" ? undefined : new Uint8Array(body),
    signal,
  });
}

/**
 * Serves a sandbox over HTTP on one origin (path-prefix routing, see the module comment).
 * `port` 0 (the default) picks a free port; `host` defaults to 127.0.0.1.
 */
export async function serveSandbox(
  sandbox: Sandbox,
  options: {
    port?: number;
    host?: string;
    /**
     * Mounts `POST /_sandbox/advance` (body `{"ms": n}`) and `GET /_sandbox/now` for a staging run
     * to move the world's clock. Only on a served sandbox (never in the app), and only for a caller
     * with the sandbox's server credentials (HTTP Basic, as Nadeo's own token request takes them).
     */
    control?: boolean;
  } = {},
): Promise<{ url: string; close(): Promise<void> }> {
  const host = options.host ?? "127.0.0.1";
  const server = createServer(async (req, res) => {
    if (options.control && req.url?.startsWith("/_sandbox/")) {
      await answerControl(sandbox, req, res);
      return;
    }
    const controller = new AbortController();
    // A caller that gives up (timeout) closes the socket: stop any "slow" fault waiting for it.
    res.on("close", () => {
      if (!res.writableFinished) controller.abort(new Error("client disconnected"));
    });
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const origin = `http://${req.headers.host ?? `${host}:${(server.address() as AddressInfo).port}`}`;
      const response = await sandbox.handle(toRequest(req, Buffer.concat(chunks), origin, controller.signal));
      const body = Buffer.from(await response.arrayBuffer());
      const headers: Record<string, string> = {};
      response.headers.forEach((value, name) => {
        headers[name] = value;
      });
      res.writeHead(response.status, { ...headers, "content-length": String(body.length) });
      res.end(body);
    } catch (error) {
      if (controller.signal.aborted || res.headersSent) {
        res.destroy();
        return;
      }
      res.writeHead(500, { "content-type": "application/json; charset=utf-8" });
      res.end(JSON.stringify({ error: "SandboxError", message: error instanceof Error ? error.message : String(error) }));
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host === "0.0.0.0" || host === "::" ? "localhost" : host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

const MAX_ADVANCE_MS = 366 * 24 * hourMs;

/** The served sandbox's clock controls (see `serveSandbox`'s `control`). */
async function answerControl(sandbox: Sandbox, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const send = (status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
    res.end(JSON.stringify(body));
  };
  const { serverLogin, serverPassword } = sandbox.credentials;
  const expected = `Basic ${Buffer.from(`${serverLogin}:${serverPassword}`).toString("base64")}`;
  const given = req.headers.authorization ?? "";
  if (given.length !== expected.length || !timingSafeEqual(Buffer.from(given), Buffer.from(expected))) {
    send(401, { error: "Unauthorized", message: "the sandbox's server credentials are required" });
    return;
  }
  const path = new URL(req.url ?? "/", "http://sandbox").pathname;
  if (path === "/_sandbox/now" && req.method === "GET") {
    send(200, { now: sandbox.now().toISOString() });
    return;
  }
  if (path === "/_sandbox/advance" && req.method === "POST") {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let ms: unknown;
    try {
      ms = (JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as { ms?: unknown }).ms;
    } catch {
      send(400, { error: "BadRequest", message: "the body must be JSON: {\"ms\": <milliseconds>}" });
      return;
    }
    if (typeof ms !== "number" || !Number.isInteger(ms) || ms <= 0 || ms > MAX_ADVANCE_MS) {
      send(400, { error: "BadRequest", message: `ms must be a whole number of milliseconds from 1 to ${MAX_ADVANCE_MS}` });
      return;
    }
    sandbox.advance(ms);
    send(200, { now: sandbox.now().toISOString() });
    return;
  }
  send(404, { error: "NotFound", message: "no such sandbox control" });
}

/** Simulated hours, for `advance()` call sites: `sandbox.advance(hours(25))`. */
export function hours(count: number): number {
  return count * hourMs;
}
