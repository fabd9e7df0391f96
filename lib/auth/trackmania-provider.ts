import "server-only";
import { customFetch } from "next-auth";
import type { OAuthConfig } from "next-auth/providers";
import { appUrl, getConfig } from "@/lib/config";
import { AppError } from "@/lib/errors";
import {
  LINK_INTENT_TTL_SECONDS,
  linkTrackmaniaAccount,
  signInByTrackmaniaAccount,
  takeTrackmaniaLinkIntent,
  trackmaniaProfileSchema,
  type TrackmaniaProfile,
} from "@/lib/settings";
import { getSandbox } from "@/lib/trackmania";

/**
 * "Sign in with Trackmania" and "Link Trackmania account": Trackmania's OAuth authorization-code flow
 * (api.trackmania.com; `shared/research/trackmania-api.md`) as an Auth.js provider. Both buttons run the
 * same round trip; a link intent cookie set by the link action tells the callback which one it is.
 *
 * On the sandbox driver the browser signs in on the sandbox's own page, served by the app at
 * `/sandbox/oauth/...`, while the code exchange and the user lookup go to the in-process sandbox
 * directly: no request of the server to itself, so it works the same under `next dev`, `next start`
 * and in tests. With the Nadeo driver everything goes to TM_OAUTH_URL with the registered app.
 */

export const TRACKMANIA_PROVIDER_ID = "trackmania";

/** Where a round trip that does not simply sign in ends, and why. */
export const trackmaniaOutcomes = {
  linked: "/settings?trackmania=linked",
  taken: "/settings?trackmania=taken",
  expired: "/settings?trackmania=expired",
  notLinked: "/sign-in?error=TrackmaniaNotLinked",
  disabled: "/sign-in?error=AccountDisabled",
  failed: "/sign-in?error=TrackmaniaFailed",
} as const;

const tryAgain = "Signing in with Trackmania did not work this time. Please try again.";

/**
 * What the sign-in page says for the `error=` values above, and for those Auth.js itself sends there
 * when the round trip breaks (Trackmania refused the code, the state cookie was gone…). Password
 * sign-in never lands on an error URL: its server action shows its own messages.
 */
export const trackmaniaSignInErrors: Record<string, string> = {
  TrackmaniaNotLinked:
    "No Trackwatch account is linked to this Trackmania account yet — sign in with email and link it in settings.",
  AccountDisabled: "This account has been disabled. Contact the site admin.",
  TrackmaniaFailed: "Trackmania did not tell us who you are. Please try again.",
  OAuthCallbackError: tryAgain,
  AccessDenied: tryAgain,
  Configuration: tryAgain,
};

const LINK_INTENT_COOKIE = "trackwatch.trackmania-link";
const CALLBACK_PATH = `/api/auth/callback/${TRACKMANIA_PROVIDER_ID}`;

/** The cookie the link action sets: only ever sent to the Trackmania callback, gone when the intent lapses. */
export function linkIntentCookie(nonce: string) {
  return {
    name: LINK_INTENT_COOKIE,
    value: nonce,
    options: {
      httpOnly: true,
      // Lax still reaches the callback: Trackmania sends the browser back with a top-level GET.
      sameSite: "lax" as const,
      secure: getConfig().APP_URL.startsWith("https:"),
      path: CALLBACK_PATH,
      maxAge: LINK_INTENT_TTL_SECONDS,
    },
  };
}

export const clearedLinkIntentCookie = { name: LINK_INTENT_COOKIE, path: CALLBACK_PATH } as const;

/**
 * Drops the link cookie once the callback it was meant for has run, whatever its outcome: the intent
 * is single use, and a leftover cookie would make a later "Sign in with Trackmania" look like a link.
 */
export function forgetLinkIntentCookie(request: Request, response: Response): Response {
  if (new URL(request.url).pathname !== CALLBACK_PATH || readLinkIntentNonce(request) === undefined) return response;
  const cleared = `${LINK_INTENT_COOKIE}=; Path=${CALLBACK_PATH}; Max-Age=0; HttpOnly; SameSite=Lax`;
  try {
    response.headers.append("set-cookie", cleared);
    return response;
  } catch {
    // Responses made by Response.redirect() have immutable headers.
    const copy = new Response(response.body, response);
    copy.headers.append("set-cookie", cleared);
    return copy;
  }
}

/** The link nonce the browser sent with the callback request, if any. */
export function readLinkIntentNonce(request: Request | undefined): string | undefined {
  const header = request?.headers.get("cookie");
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const separator = part.indexOf("=");
    if (separator > 0 && part.slice(0, separator).trim() === LINK_INTENT_COOKIE) return part.slice(separator + 1).trim();
  }
  return undefined;
}

function endpoints() {
  const config = getConfig();
  const sandbox = config.drivers.trackmania === "sandbox" ? getSandbox() : null;
  if (sandbox) {
    return {
      authorization: appUrl("/sandbox/oauth/oauth/authorize").toString(),
      api: sandbox.urls.oauth,
      clientId: sandbox.credentials.oauthClientId,
      clientSecret: sandbox.credentials.oauthClientSecret,
      fetch: sandbox.fetch,
    };
  }
  const api = config.TM_OAUTH_URL.replace(/\/+$/, "");
  return {
    authorization: `${api}/oauth/authorize`,
    api,
    clientId: config.TM_OAUTH_CLIENT_ID,
    clientSecret: config.TM_OAUTH_CLIENT_SECRET,
    fetch: undefined,
  };
}

export function trackmaniaProvider(): OAuthConfig<TrackmaniaProfile> {
  const { authorization, api, clientId, clientSecret, fetch } = endpoints();
  return {
    id: TRACKMANIA_PROVIDER_ID,
    name: "Trackmania",
    type: "oauth",
    // An empty scope is plain sign-in; without it Auth.js would ask for OpenID's "openid profile email".
    authorization: { url: authorization, params: { scope: "" } },
    token: `${api}/api/access_token`,
    userinfo: `${api}/api/user`,
    clientId,
    clientSecret,
    // Trackmania reads the client id and secret from the form body, not from HTTP Basic.
    client: { token_endpoint_auth_method: "client_secret_post" },
    // No PKCE on Trackmania's side; the state check is what ties the callback to this browser.
    checks: ["state"],
    profile(profile) {
      const parsed = trackmaniaProfileSchema.parse(profile);
      return { id: parsed.accountId, name: parsed.displayName };
    },
    ...(fetch ? { [customFetch]: fetch } : {}),
  };
}

export type TrackmaniaSessionUser = { id: string; email: string; name: string | null; role: "USER" | "ADMIN"; sessionVersion: number };

/**
 * What a finished Trackmania round trip does. With a live link intent: links the account to the user who
 * asked, whose session goes on unchanged. Without one: signs in the user who verified this Trackmania
 * account. Otherwise: where to send the browser, with why.
 */
export async function completeTrackmaniaSignIn(
  profile: unknown,
  linkNonce: string | undefined,
): Promise<{ user: TrackmaniaSessionUser } | { redirectTo: string }> {
  const parsed = trackmaniaProfileSchema.safeParse(profile);
  if (!parsed.success) return { redirectTo: linkNonce ? trackmaniaOutcomes.expired : trackmaniaOutcomes.failed };

  if (linkNonce !== undefined) {
    const linking = await takeTrackmaniaLinkIntent(linkNonce);
    if (!linking) return { redirectTo: trackmaniaOutcomes.expired };
    try {
      await linkTrackmaniaAccount(linking, parsed.data);
    } catch (error) {
      if (error instanceof AppError && error.type === "conflict") return { redirectTo: trackmaniaOutcomes.taken };
      throw error;
    }
    return { user: linking };
  }

  const result = await signInByTrackmaniaAccount(parsed.data);
  if (result.status === "not-linked") return { redirectTo: trackmaniaOutcomes.notLinked };
  if (result.status === "disabled") return { redirectTo: trackmaniaOutcomes.disabled };
  return { user: result.user };
}
