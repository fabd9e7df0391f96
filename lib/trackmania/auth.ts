import { createHash } from "node:crypto";
import { z } from "zod";
import type { KvValueStore } from "@/lib/kv/types";
import { TrackmaniaError } from "./errors";
import { httpError, parseBody, type Transport, type TransportResponse } from "./http";
import { jwtClaimsSchema, nadeoTokenPairSchema, oauthTokenSchema, type JwtClaims } from "./schemas";

/**
 * Tokens for Trackmania's services, cached in KV so every instance shares them (logging in once per
 * instance would look like a stampede to Nadeo) and in memory so a warm instance skips the KV read.
 *
 * Nadeo: one token per audience, obtained with the dedicated-server (or service) account by Basic auth,
 * refreshed with `nadeo_v1 t=<refreshToken>` once the access token's `rat` has passed (or its `exp` is
 * near), and obtained again by Basic auth when the refresh fails or the refresh token has lapsed.
 * OAuth (display names): client credentials, a new token when the old one lapses.
 */

export type NadeoAudience = "NadeoServices" | "NadeoLiveServices";

/** Refresh this long before `exp` even when the token carries no `rat`. */
const EXPIRY_MARGIN_MS = 60_000;

const storedNadeoTokenSchema = z.object({
  accessToken: z.string(),
  refreshToken: z.string(),
  /** Epoch ms. */
  accessExpiresAt: z.number(),
  refreshAfter: z.number(),
  refreshExpiresAt: z.number(),
});
export type StoredNadeoToken = z.infer<typeof storedNadeoTokenSchema>;

const storedOAuthTokenSchema = z.object({ accessToken: z.string(), expiresAt: z.number() });
type StoredOAuthToken = z.infer<typeof storedOAuthTokenSchema>;

export interface NadeoAuthOptions {
  transport: Transport;
  kv: KvValueStore;
  coreUrl: string;
  serverLogin: string;
  serverPassword: string;
  now: () => number;
}

export class NadeoAuth {
  private readonly memory = new Map<NadeoAudience, StoredNadeoToken>();
  private readonly inflight = new Map<NadeoAudience, Promise<StoredNadeoToken>>();
  private readonly keyPrefix: string;

  constructor(private readonly options: NadeoAuthOptions) {
    this.keyPrefix = `tm:nadeo-token:${fingerprint(options.coreUrl, options.serverLogin)}`;
  }

  /** A usable access token for the audience, from memory, KV, a refresh or a login (in that order). */
  async accessToken(audience: NadeoAudience): Promise<string> {
    const cached = this.memory.get(audience);
    if (cached && this.isFresh(cached)) return cached.accessToken;
    const token = await this.singleFlight(audience, async () => {
      const stored = await this.readStored(audience);
      if (stored && this.isFresh(stored)) return stored;
      return this.renew(audience, newest(stored, this.memory.get(audience)));
    });
    return token.accessToken;
  }

  /**
   * Called once after a request was answered 401 with `rejected`: returns a different token — one another
   * instance already stored, or a refreshed / re-obtained one. Concurrent callers share one renewal.
   */
  async renewAfterRejection(audience: NadeoAudience, rejected: string): Promise<string> {
    const pending = this.inflight.get(audience);
    if (pending) {
      const token = await pending.catch(() => undefined);
      if (token && token.accessToken !== rejected) return token.accessToken;
    }
    const token = await this.singleFlight(audience, async () => {
      const cached = this.memory.get(audience);
      if (cached && cached.accessToken !== rejected && this.isFresh(cached)) return cached;
      const stored = await this.readStored(audience);
      if (stored && stored.accessToken !== rejected && this.isFresh(stored)) return stored;
      return this.renew(audience, newest(stored, cached));
    });
    return token.accessToken;
  }

  /** Forgets tokens held in memory (KV keeps its copy). */
  forgetMemory(): void {
    this.memory.clear();
  }

  private isFresh(token: StoredNadeoToken): boolean {
    const now = this.options.now();
    return now < token.refreshAfter && now < token.accessExpiresAt - EXPIRY_MARGIN_MS;
  }

  private async renew(audience: NadeoAudience, previous: StoredNadeoToken | undefined): Promise<StoredNadeoToken> {
    let pair: z.infer<typeof nadeoTokenPairSchema> | undefined;
    if (previous && this.options.now() < previous.refreshExpiresAt - EXPIRY_MARGIN_MS) {
      // A failed refresh (refused, expired, or the service hiccuped) falls back to a fresh login.
      pair = await this.refresh(previous.refreshToken).catch(() => undefined);
    }
    pair ??= await this.login(audience);
    const token = this.toStored(pair, audience);
    this.memory.set(audience, token);
    const ttlSeconds = Math.ceil((token.refreshExpiresAt - this.options.now()) / 1000);
    if (ttlSeconds > 0) await this.options.kv.set(this.key(audience), token, { ttlSeconds });
    return token;
  }

  private async login(audience: NadeoAudience) {
    const endpoint = "core.token";
    const basic = base64(`${this.options.serverLogin}:${this.options.serverPassword}`);
    const response = await this.options.transport.send({
      service: "core",
      endpoint,
      method: "POST",
      url: joinUrl(this.options.coreUrl, "/v2/authentication/token/basic"),
      headers: { Authorization: `Basic ${basic}`, "Content-Type": "application/json" },
      body: JSON.stringify({ audience }),
    });
    if (response.status === 401 || response.status === 403) {
      throw new TrackmaniaError(
        `Trackmania ${endpoint} refused the server account's credentials (HTTP ${response.status}); check NADEO_SERVER_LOGIN / NADEO_SERVER_PASSWORD.`,
        { kind: "auth", endpoint, upstreamStatus: response.status, attempts: response.attempts },
      );
    }
    return parseBody(endpoint, okOrThrow(endpoint, response), nadeoTokenPairSchema);
  }

  private async refresh(refreshToken: string) {
    const endpoint = "core.refresh";
    const response = await this.options.transport.send({
      service: "core",
      endpoint,
      method: "POST",
      url: joinUrl(this.options.coreUrl, "/v2/authentication/token/refresh"),
      headers: { Authorization: `nadeo_v1 t=${refreshToken}` },
    });
    return parseBody(endpoint, okOrThrow(endpoint, response), nadeoTokenPairSchema);
  }

  private toStored(pair: z.infer<typeof nadeoTokenPairSchema>, audience: NadeoAudience): StoredNadeoToken {
    const endpoint = "core.token";
    const access = decodeJwtClaims(pair.accessToken, endpoint);
    const refresh = decodeJwtClaims(pair.refreshToken, endpoint);
    const accessExpiresAt = access.exp * 1000;
    // Without `rat`, refresh halfway through the token's life (Nadeo's own tokens say 30 of 60 minutes).
    const refreshAfter =
      access.rat !== undefined
        ? access.rat * 1000
        : access.iat !== undefined
          ? ((access.iat + access.exp) / 2) * 1000
          : accessExpiresAt - 5 * 60_000;
    if (access.aud !== undefined && access.aud !== audience) {
      throw new TrackmaniaError(`Trackmania ${endpoint} returned a token for ${access.aud}, not ${audience}.`, {
        kind: "invalid_response",
        endpoint,
      });
    }
    return {
      accessToken: pair.accessToken,
      refreshToken: pair.refreshToken,
      accessExpiresAt,
      refreshAfter,
      refreshExpiresAt: refresh.exp * 1000,
    };
  }

  private async readStored(audience: NadeoAudience): Promise<StoredNadeoToken | undefined> {
    const parsed = storedNadeoTokenSchema.safeParse(await this.options.kv.get(this.key(audience)));
    if (!parsed.success) return undefined;
    this.memory.set(audience, parsed.data);
    return parsed.data;
  }

  private key(audience: NadeoAudience): string {
    return `${this.keyPrefix}:${audience}`;
  }

  private singleFlight(audience: NadeoAudience, work: () => Promise<StoredNadeoToken>): Promise<StoredNadeoToken> {
    const pending = this.inflight.get(audience);
    if (pending) return pending;
    const promise = work().finally(() => this.inflight.delete(audience));
    this.inflight.set(audience, promise);
    return promise;
  }
}

export interface OAuthAuthOptions {
  transport: Transport;
  kv: KvValueStore;
  oauthUrl: string;
  clientId: string;
  clientSecret: string;
  now: () => number;
}

/** Client-credentials tokens for the public OAuth API (display names). No refresh token: ask again. */
export class OAuthAuth {
  private memory: StoredOAuthToken | undefined;
  private inflight: Promise<StoredOAuthToken> | undefined;
  private readonly key: string;

  constructor(private readonly options: OAuthAuthOptions) {
    this.key = `tm:oauth-token:${fingerprint(options.oauthUrl, options.clientId)}`;
  }

  async accessToken(): Promise<string> {
    if (this.memory && this.isFresh(this.memory)) return this.memory.accessToken;
    const token = await this.singleFlight(async () => {
      const parsed = storedOAuthTokenSchema.safeParse(await this.options.kv.get(this.key));
      if (parsed.success && this.isFresh(parsed.data)) return parsed.data;
      return this.obtain();
    });
    this.memory = token;
    return token.accessToken;
  }

  async renewAfterRejection(rejected: string): Promise<string> {
    const token = await this.singleFlight(async () => {
      if (this.memory && this.memory.accessToken !== rejected && this.isFresh(this.memory)) return this.memory;
      const parsed = storedOAuthTokenSchema.safeParse(await this.options.kv.get(this.key));
      if (parsed.success && parsed.data.accessToken !== rejected && this.isFresh(parsed.data)) return parsed.data;
      return this.obtain();
    });
    this.memory = token;
    return token.accessToken;
  }

  private isFresh(token: StoredOAuthToken): boolean {
    return this.options.now() < token.expiresAt - EXPIRY_MARGIN_MS;
  }

  private async obtain(): Promise<StoredOAuthToken> {
    const endpoint = "oauth.token";
    const response = await this.options.transport.send({
      service: "oauth",
      endpoint,
      method: "POST",
      url: joinUrl(this.options.oauthUrl, "/api/access_token"),
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_id: this.options.clientId,
        client_secret: this.options.clientSecret,
      }).toString(),
    });
    if (response.status === 400 || response.status === 401 || response.status === 403) {
      throw new TrackmaniaError(
        `Trackmania ${endpoint} refused the OAuth client credentials (HTTP ${response.status}); check TM_OAUTH_CLIENT_ID / TM_OAUTH_CLIENT_SECRET.`,
        { kind: "auth", endpoint, upstreamStatus: response.status, attempts: response.attempts },
      );
    }
    const body = parseBody(endpoint, okOrThrow(endpoint, response), oauthTokenSchema);
    const token = { accessToken: body.access_token, expiresAt: this.options.now() + body.expires_in * 1000 };
    const ttlSeconds = Math.floor(body.expires_in - EXPIRY_MARGIN_MS / 1000);
    if (ttlSeconds > 0) await this.options.kv.set(this.key, token, { ttlSeconds });
    return token;
  }

  private singleFlight(work: () => Promise<StoredOAuthToken>): Promise<StoredOAuthToken> {
    this.inflight ??= work().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }
}

/** Reads a JWT's payload without verifying it (we are its audience, not its judge). */
export function decodeJwtClaims(token: string, endpoint: string): JwtClaims {
  const payload = token.split(".")[1];
  let claims: unknown;
  try {
    if (!payload) throw new Error("not a JWT");
    const base64Payload = payload.replace(/-/g, "+").replace(/_/g, "/");
    const binary = atob(base64Payload.padEnd(Math.ceil(base64Payload.length / 4) * 4, "="));
    claims = JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0))));
  } catch (cause) {
    throw new TrackmaniaError(`Trackmania ${endpoint} returned a token that is not a readable JWT.`, {
      kind: "invalid_response",
      endpoint,
      cause,
    });
  }
  const parsed = jwtClaimsSchema.safeParse(claims);
  if (!parsed.success) {
    throw new TrackmaniaError(`Trackmania ${endpoint} returned a token without a numeric \`exp\` claim.`, {
      kind: "invalid_response",
      endpoint,
      cause: parsed.error,
    });
  }
  return parsed.data;
}

export function okOrThrow(endpoint: string, response: TransportResponse): TransportResponse {
  if (response.status >= 200 && response.status < 300) return response;
  throw httpError(endpoint, response);
}

export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, "")}${path}`;
}

function newest(a: StoredNadeoToken | undefined, b: StoredNadeoToken | undefined): StoredNadeoToken | undefined {
  if (!a) return b;
  if (!b) return a;
  return a.refreshExpiresAt >= b.refreshExpiresAt ? a : b;
}

function base64(text: string): string {
  return btoa(String.fromCharCode(...new TextEncoder().encode(text)));
}

/** A short, stable, non-reversible tag for a (service, account) pair: KV keys never carry logins. */
function fingerprint(...parts: string[]): string {
  return createHash("sha256").update(parts.join("\n")).digest("hex").slice(0, 16);
}
