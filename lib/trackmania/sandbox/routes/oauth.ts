import type { Route, RouteContext } from "../context";
import { escapeHtml, html, json, listParam, safeDecode, serviceError } from "../responses";
import type { Player } from "../world";

/**
 * The public OAuth API (api.trackmania.com): app tokens (client credentials), "Sign in with
 * Trackmania" (authorization code + refresh), the signed-in user, and display-name lookups.
 */

const accessTtlSeconds = 3600;
const refreshTtlSeconds = 30 * 86_400;
const codeTtlMs = 10 * 60_000;
const maxNamesPerRequest = 50;

function oauthError(context: RouteContext, status: number, error: string, message: string, hint?: string): Response {
  return serviceError("oauth", status, context.traceId, { error, message, ...(hint ? { hint } : {}) });
}

async function readForm(request: Request): Promise<URLSearchParams> {
  const text = await request.text();
  if ((request.headers.get("content-type") ?? "").includes("application/json")) {
    try {
      return new URLSearchParams(Object.entries(JSON.parse(text) as Record<string, string>).map(([k, v]) => [k, String(v)]));
    } catch {
      return new URLSearchParams();
    }
  }
  return new URLSearchParams(text);
}

/** Client id/secret from the form, or from HTTP Basic (both are allowed by OAuth 2.0). */
function readClient(request: Request, form: URLSearchParams): { id: string; secret: string } {
  const basic = /^Basic\s+(\S+)$/i.exec(request.headers.get("authorization")?.trim() ?? "");
  if (basic) {
    const decoded = Buffer.from(basic[1] as string, "base64").toString("utf8");
    const separator = decoded.indexOf(":");
    return { id: safeDecode(decoded.slice(0, separator)), secret: safeDecode(decoded.slice(separator + 1)) };
  }
  return { id: form.get("client_id") ?? "", secret: form.get("client_secret") ?? "" };
}

function issueAccessToken(context: RouteContext, clientId: string, accountId: string, scope: string): string {
  const iat = Math.floor(context.now / 1000);
  const { oauthTokens } = context.state;
  return oauthTokens.sign(
    { aud: clientId, jti: oauthTokens.nextId(), iat, nbf: iat, exp: iat + accessTtlSeconds, sub: accountId, scopes: scope ? scope.split(" ") : [] },
    "access",
  );
}

function issueRefreshToken(context: RouteContext, clientId: string, accountId: string, scope: string): string {
  const iat = Math.floor(context.now / 1000);
  const { oauthTokens } = context.state;
  return oauthTokens.sign(
    { aud: clientId, jti: oauthTokens.nextId(), iat, exp: iat + refreshTtlSeconds, sub: accountId, scope, typ: "refresh" },
    "refresh",
  );
}

/** The accounts offered on the sign-in page: the well-known three, a few mappers and drivers, MidPackMia. */
function signInChoices(context: RouteContext): Player[] {
  const { players, driverPool, midPackIndex } = context.state.world;
  return [0, 1, 2, 3, 4, 5, driverPool - 2, driverPool - 1, midPackIndex]
    .map((i) => players[i])
    .filter((p, i, all): p is Player => p !== undefined && all.indexOf(p) === i);
}

function renderSignIn(context: RouteContext, error?: string): Response {
  const keep = new URLSearchParams(context.url.searchParams);
  keep.delete("accountId");
  keep.delete("displayName");
  const link = (player: Player) => {
    const query = new URLSearchParams(keep);
    query.set("accountId", player.accountId);
    return `<li><a href="?${escapeHtml(query.toString())}">${escapeHtml(player.displayName)}</a> <small>${escapeHtml(player.accountId)}</small></li>`;
  };
  const hidden = [...keep].map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`).join("");
  return html(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sign in with Trackmania (sandbox)</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem}li{margin:.4rem 0}small{color:#777}</style></head>
<body><h1>Sign in with Trackmania</h1><p>Sandbox: pick the account to sign in as.</p>
${error ? `<p role="alert" style="color:#b00">${escapeHtml(error)}</p>` : ""}
<ul>${signInChoices(context).map(link).join("")}</ul>
<form method="get">${hidden}<label>Or any display name: <input name="displayName" required></label> <button type="submit">Sign in</button></form>
</body></html>`);
}

export const oauthRoutes: Route[] = [
  {
    // POST /api/access_token – client_credentials, authorization_code and refresh_token grants
    method: "POST",
    pattern: /^\/api\/access_token\/?$/,
    endpoint: "oauth.token",
    auth: "none",
    faults: "token",
    async handle(context) {
      const form = await readForm(context.request);
      const client = readClient(context.request, form);
      const { oauthClientId, oauthClientSecret } = context.state.credentials;
      if (client.id !== oauthClientId || client.secret !== oauthClientSecret) {
        return oauthError(context, 401, "invalid_client", "Client authentication failed");
      }
      const grant = form.get("grant_type");
      if (grant === "client_credentials") {
        return json({ token_type: "bearer", expires_in: accessTtlSeconds, access_token: issueAccessToken(context, client.id, "", "") });
      }
      if (grant === "authorization_code") {
        const code = form.get("code") ?? "";
        const pending = context.state.oauthCodes.get(code);
        // Codes are single use: the first exchange consumes them, successful or not.
        context.state.oauthCodes.delete(code);
        if (!pending || pending.expiresAt < context.now || pending.clientId !== client.id || pending.redirectUri !== form.get("redirect_uri")) {
          return oauthError(context, 400, "invalid_grant", "The provided authorization grant is invalid, expired, revoked, or was issued to another client.");
        }
        return json({
          token_type: "bearer",
          expires_in: accessTtlSeconds,
          access_token: issueAccessToken(context, client.id, pending.accountId, pending.scope),
          refresh_token: issueRefreshToken(context, client.id, pending.accountId, pending.scope),
        });
      }
      if (grant === "refresh_token") {
        const result = context.state.oauthTokens.verify(form.get("refresh_token") ?? "", Math.floor(context.now / 1000));
        if (!result.ok || result.claims.typ !== "refresh" || result.claims.aud !== client.id) {
          return oauthError(context, 400, "invalid_grant", "The refresh token is invalid.", "Token has been revoked or has expired");
        }
        // Refresh tokens rotate: the old one stops working once used.
        context.state.oauthTokens.revoke(result.claims.jti);
        const accountId = String(result.claims.sub ?? "");
        const scope = String(result.claims.scope ?? "");
        return json({
          token_type: "bearer",
          expires_in: accessTtlSeconds,
          access_token: issueAccessToken(context, client.id, accountId, scope),
          refresh_token: issueRefreshToken(context, client.id, accountId, scope),
        });
      }
      return oauthError(context, 400, "unsupported_grant_type", "The authorization grant type is not supported by the authorization server.");
    },
  },
  {
    // GET /oauth/authorize – sign-in page; with accountId= or displayName= it redirects back with a code
    method: "GET",
    pattern: /^\/oauth\/authorize\/?$/,
    endpoint: "oauth.authorize",
    auth: "none",
    faults: "none",
    handle(context) {
      const params = context.url.searchParams;
      if (params.get("response_type") !== "code") {
        return oauthError(context, 400, "unsupported_response_type", "The authorization server does not support this response type.");
      }
      const clientId = params.get("client_id") ?? "";
      if (clientId !== context.state.credentials.oauthClientId) return oauthError(context, 401, "invalid_client", "Client authentication failed");
      const redirectUri = params.get("redirect_uri") ?? "";
      // The sandbox accepts any http(s) redirect URI: it has no app registration page.
      if (!/^https?:\/\/[^\s]+$/.test(redirectUri)) {
        return oauthError(context, 400, "invalid_request", "Check the `redirect_uri` parameter", "redirect_uri");
      }
      const accountId = params.get("accountId");
      const displayName = params.get("displayName");
      if (!accountId && !displayName) return renderSignIn(context);
      const world = context.state.world;
      const player = accountId ? world.playersByAccountId.get(accountId) : world.playersByName.get((displayName ?? "").toLowerCase());
      if (!player) return renderSignIn(context, `No account "${accountId ?? displayName}" in the sandbox.`);
      const code = `def50200${context.state.oauthTokens.nextId().replace(/-/g, "")}`;
      context.state.oauthCodes.set(code, { accountId: player.accountId, clientId, redirectUri, scope: params.get("scope") ?? "", expiresAt: context.now + codeTtlMs });
      const target = new URL(redirectUri);
      target.searchParams.set("code", code);
      const state = params.get("state");
      if (state !== null) target.searchParams.set("state", state);
      return new Response(null, { status: 302, headers: { location: target.toString() } });
    },
  },
  {
    // GET /api/user – the signed-in user (authorization-code tokens only)
    method: "GET",
    pattern: /^\/api\/user\/?$/,
    endpoint: "oauth.user",
    auth: "oauth-user",
    faults: "all",
    handle(context) {
      const player = context.state.world.playersByAccountId.get(String(context.claims?.sub ?? ""));
      if (!player) return oauthError(context, 404, "not_found", "User not found.");
      return json({ accountId: player.accountId, displayName: context.state.renames.get(player.accountId) ?? player.displayName });
    },
  },
  {
    // GET /api/display-names?accountId[]= – ids → names, at most 50
    method: "GET",
    pattern: /^\/api\/display-names\/?$/,
    endpoint: "oauth.displayNames",
    auth: "oauth",
    faults: "all",
    handle(context) {
      const ids = listParam(context.url, "accountId");
      if (ids.length > maxNamesPerRequest) {
        return oauthError(context, 400, "invalid_request", `At most ${maxNamesPerRequest} account ids per request.`, "accountId");
      }
      const names: Record<string, string> = {};
      for (const id of ids) {
        const player = context.state.world.playersByAccountId.get(id);
        if (player) names[id] = context.state.renames.get(id) ?? player.displayName;
      }
      // When nothing resolves the real API answers an empty JSON array, not an object (documented quirk).
      return json(Object.keys(names).length ? names : []);
    },
  },
  {
    // GET /api/display-names/account-ids?displayName[]= – names → ids
    method: "GET",
    pattern: /^\/api\/display-names\/account-ids\/?$/,
    endpoint: "oauth.accountIds",
    auth: "oauth",
    faults: "all",
    handle(context) {
      const names = listParam(context.url, "displayName");
      if (names.length > maxNamesPerRequest) {
        return oauthError(context, 400, "invalid_request", `At most ${maxNamesPerRequest} display names per request.`, "displayName");
      }
      const ids: Record<string, string> = {};
      for (const name of names) {
        // Case-insensitive, keyed by the name as sent (the real case handling is unconfirmed).
        const renamed = [...context.state.renames].find(([, current]) => current.toLowerCase() === name.toLowerCase())?.[0];
        const player = renamed ? context.state.world.playersByAccountId.get(renamed) : context.state.world.playersByName.get(name.toLowerCase());
        if (player && !(context.state.renames.has(player.accountId) && !renamed)) ids[name] = player.accountId;
      }
      return json(Object.keys(ids).length ? ids : []);
    },
  },
];
