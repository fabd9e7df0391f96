import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Real-looking JWTs (HS256, signed with a secret derived from the seed) whose `iat`/`exp`/`rat` follow
 * the sandbox clock, so a manual clock can make tokens lapse on demand. Verification is stateless
 * except for `expireAllTokens()`, which remembers the ids of tokens this instance issued: tokens of an
 * earlier process with the same seed stay valid, like real tokens survive a service restart.
 */

export type TokenClaims = Record<string, unknown> & { jti: string; iat: number; exp: number };

export type VerifyResult =
  | { ok: true; claims: TokenClaims }
  | { ok: false; reason: "malformed" | "signature" | "expired" | "revoked" };

function base64url(data: string | Buffer): string {
  return Buffer.from(data).toString("base64url");
}

export class TokenAuthority {
  private readonly secret: Buffer;
  private readonly issuedAccess = new Set<string>();
  private readonly issuedRefresh = new Set<string>();
  private readonly revoked = new Set<string>();
  private counter = 0;

  constructor(seed: number, private readonly idPrefix: string) {
    this.secret = createHmac("sha256", "trackwatch-sandbox").update(String(seed)).digest();
  }

  /** A unique, deterministic token id (uuid-shaped): the n-th token an instance issues. */
  nextId(): string {
    const h = createHmac("sha256", this.secret).update(`${this.idPrefix}:${this.counter++}`).digest("hex");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }

  sign(claims: TokenClaims, kind: "access" | "refresh"): string {
    (kind === "access" ? this.issuedAccess : this.issuedRefresh).add(claims.jti);
    const header = base64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
    const payload = base64url(JSON.stringify(claims));
    const signature = createHmac("sha256", this.secret).update(`${header}.${payload}`).digest("base64url");
    return `${header}.${payload}.${signature}`;
  }

  verify(token: string, nowSeconds: number): VerifyResult {
    const parts = token.split(".");
    if (parts.length !== 3) return { ok: false, reason: "malformed" };
    const [header, payload, signature] = parts as [string, string, string];
    const expected = createHmac("sha256", this.secret).update(`${header}.${payload}`).digest();
    const given = Buffer.from(signature, "base64url");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: "signature" };
    let claims: TokenClaims;
    try {
      claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as TokenClaims;
    } catch {
      return { ok: false, reason: "malformed" };
    }
    if (typeof claims.exp !== "number" || typeof claims.jti !== "string") return { ok: false, reason: "malformed" };
    if (this.revoked.has(claims.jti)) return { ok: false, reason: "revoked" };
    if (claims.exp <= nowSeconds) return { ok: false, reason: "expired" };
    return { ok: true, claims };
  }

  /** Revokes one token (rotated OAuth refresh tokens, used authorization codes). */
  revoke(jti: string): void {
    this.revoked.add(jti);
  }

  /** Revokes every access token issued so far (and refresh tokens when asked). */
  revokeIssued(options: { refresh: boolean }): void {
    for (const id of this.issuedAccess) this.revoked.add(id);
    this.issuedAccess.clear();
    if (options.refresh) {
      for (const id of this.issuedRefresh) this.revoked.add(id);
      this.issuedRefresh.clear();
    }
  }
}

/** Reads `nadeo_v1 t=<token>` (Nadeo) or `Bearer <token>` (public OAuth API) from an Authorization header. */
export function readAuthorization(request: Request, scheme: "nadeo_v1" | "Bearer"): string | null {
  const header = request.headers.get("authorization");
  if (!header) return null;
  if (scheme === "nadeo_v1") {
    const match = /^nadeo_v1\s+t=(\S+)$/i.exec(header.trim());
    return match?.[1] ?? null;
  }
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return match?.[1] ?? null;
}
