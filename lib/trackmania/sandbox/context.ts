import type { Leaderboards } from "./leaderboard";
import type { Service } from "./responses";
import type { TokenAuthority, TokenClaims } from "./tokens";
import type { World } from "./world";

/** What every route handler can see: the request, the world, the token authorities and the clock. */
export type SandboxState = {
  readonly world: World;
  readonly boards: Leaderboards;
  readonly nadeoTokens: TokenAuthority;
  readonly oauthTokens: TokenAuthority;
  readonly credentials: {
    serverLogin: string;
    serverPassword: string;
    oauthClientId: string;
    oauthClientSecret: string;
  };
  /** The dedicated-server account that Basic-auth tokens are issued to (`sub` claim). */
  readonly serverAccountId: string;
  readonly accessTokenTtlSeconds: number;
  readonly refreshTokenTtlSeconds: number;
  /** How far behind the position endpoint answers (the real one lags by up to hours). */
  positionLagSeconds: number;
  /** Pending authorization codes of the OAuth sign-in flow. */
  /** Display names changed since the world was built (a player renamed in the game), by account id. */
  readonly renames: Map<string, string>;
  readonly oauthCodes: Map<string, { accountId: string; clientId: string; redirectUri: string; scope: string; expiresAt: number }>;
};

export type RouteContext = {
  readonly request: Request;
  readonly url: URL;
  /** Path inside the service (prefix such as `/core` removed). */
  readonly path: string;
  readonly service: Service;
  /** Public base URL of each service as seen by this request's caller (for URLs inside answers). */
  readonly bases: Record<Service, string>;
  readonly traceId: string;
  /** Simulated time of the request, Unix ms. */
  readonly now: number;
  readonly state: SandboxState;
  /** Verified token claims when the route requires authentication. */
  readonly claims: TokenClaims | null;
};

export type RouteAuth = "none" | "NadeoServices" | "NadeoLiveServices" | "oauth" | "oauth-user";

export type Route = {
  readonly method: "GET" | "POST";
  /** Matched against `RouteContext.path`. */
  readonly pattern: RegExp;
  /** Key in `stats().byEndpoint`. */
  readonly endpoint: string;
  readonly auth: RouteAuth;
  /** Token endpoints get 429/503/slow but never "expire" or 500; assets get no faults. */
  readonly faults: "all" | "token" | "none";
  handle(context: RouteContext, match: RegExpExecArray): Response | Promise<Response>;
};
