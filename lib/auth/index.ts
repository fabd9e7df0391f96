import "server-only";
import NextAuth, { type DefaultSession } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { cookies, headers } from "next/headers";
import type { NextRequest } from "next/server";
import { cache } from "react";
import { authorizeCredentials, recordPasswordSignInRefusal } from "@/lib/accounts/authorize-credentials";
import { appUrl } from "@/lib/config";
import { toResponse } from "@/lib/errors";
import { forgetSession, getUserState, SESSION_LIFETIME_SECONDS, startSession, verifySession } from "@/lib/sessions";
import { logAuthError } from "./logger";
import { sessionIdInCookies } from "./session-cookie";
import { authSecret } from "./secret";
import {
  completeTrackmaniaSignIn,
  forgetLinkIntentCookie,
  readLinkIntentNonce,
  TRACKMANIA_PROVIDER_ID,
  trackmaniaProvider,
} from "./trackmania-provider";

declare module "next-auth" {
  interface Session {
    user: { id: string; role: "USER" | "ADMIN" } & DefaultSession["user"];
    /** This sign-in's record in lib/sessions ("this device" on the device list). */
    sessionId?: string;
    /** The session store could not be reached on this request, so the session is not confirmed. */
    sessionUnverified?: boolean;
  }
  interface User {
    role?: "USER" | "ADMIN";
    sessionVersion?: number;
  }
}

declare module "@auth/core/jwt" {
  interface JWT {
    uid?: string;
    role?: "USER" | "ADMIN";
    sv?: number;
    sid?: string;
    unverified?: boolean;
  }
}

/**
 * Auth.js builds every URL it uses (callbacks, OAuth redirect_uri, its session endpoint in server
 * components) from AUTH_URL when it is set, and otherwise from the request's Host / X-Forwarded-*
 * headers, which a client can forge ("null/sign-in" 500s, callbacks to another host). It only reads
 * that setting from process.env, so it is derived from APP_URL, the one public origin — per request,
 * before Auth.js looks, since reading the config at import time would run at build time too.
 */
function pinAuthUrlToAppUrl(): void {
  process.env.AUTH_URL = appUrl("/api/auth").toString();
}

/** The browser's User-Agent: from the Auth.js request, or from the page or action that called signIn. */
async function userAgentOf(request: NextRequest | undefined): Promise<string | null> {
  const fromRequest = request?.headers.get("user-agent");
  if (fromRequest) return fromRequest;
  try {
    return (await headers()).get("user-agent");
  } catch {
    return null;
  }
}

/** The session this browser held before this sign-in, if any: its cookie is about to be replaced. */
async function replacedSessionId(request: NextRequest | undefined): Promise<string | null> {
  if (request) return sessionIdInCookies(request.cookies);
  try {
    return await sessionIdInCookies(await cookies());
  } catch {
    return null;
  }
}

// Built per request: the Trackmania callback needs its request's link-intent cookie (see trackmania-provider.ts).
const nextAuth = NextAuth((request) => {
  pinAuthUrlToAppUrl();
  return {
    secret: authSecret(),
    // The host is not taken from the request: AUTH_URL (above) fixes it, so there is nothing to distrust.
    trustHost: true,
    session: { strategy: "jwt", maxAge: SESSION_LIFETIME_SECONDS },
    // Auth.js's own error page is a bare 500: a broken Trackmania round trip lands on sign-in, which says why.
    pages: { signIn: "/sign-in", error: "/sign-in" },
    logger: { error: logAuthError },
    providers: [
      Credentials({
        credentials: { email: { label: "Email" }, password: { label: "Password", type: "password" } },
        // Password check, rate limits and ADMIN_EMAILS promotion: lib/accounts.
        authorize: authorizeCredentials,
      }),
      trackmaniaProvider(),
    ],
    callbacks: {
      async signIn({ user, account, profile }) {
        if (account?.provider !== TRACKMANIA_PROVIDER_ID) return true;
        const outcome = await completeTrackmaniaSignIn(profile, readLinkIntentNonce(request));
        if ("redirectTo" in outcome) return outcome.redirectTo;
        // Without a database adapter Auth.js hands this same object to the jwt callback, which builds the
        // session from it: it becomes the Trackwatch account, never the Trackmania profile.
        Object.assign(user, outcome.user);
        return true;
      },
      async jwt({ token, user, account }) {
        if (user?.id) {
          token.uid = user.id;
          token.role = user.role ?? "USER";
          token.sv = user.sessionVersion ?? 0;
          // Without the store there is no record to check later: the sign-in fails rather than half-works.
          token.sid = await startSession({
            userId: user.id,
            sessionVersion: token.sv,
            method: account?.provider === TRACKMANIA_PROVIDER_ID ? "trackmania" : "password",
            userAgent: await userAgentOf(request),
            replaces: await replacedSessionId(request),
          });
          return token;
        }
        // Sessions from before device records have no id: they sign in again, once.
        if (!token.uid || !token.sid) return null;
        // Revocation: a password change or disable bumps the version, which ends older sessions at once;
        // signing a device out deletes its record.
        const [state, session] = await Promise.all([getUserState(token.uid), verifySession({ sessionId: token.sid, userId: token.uid })]);
        if (!state || state.disabled || state.sessionVersion !== token.sv || session === "ended") return null;
        token.role = state.role;
        // A store outage must not sign everyone out: the session goes on, unconfirmed, and writes are refused (lib/auth/session.ts).
        if (session === "unknown") token.unverified = true;
        else delete token.unverified;
        return token;
      },
      session({ session, token }) {
        if (token.uid) {
          session.user.id = token.uid;
          session.user.role = token.role ?? "USER";
          session.sessionId = token.sid;
          if (token.unverified) session.sessionUnverified = true;
        }
        return session;
      },
    },
    events: {
      async signOut(message) {
        const sessionId = "token" in message ? message.token?.sid : undefined;
        if (!sessionId) return;
        // The cookie is gone either way; a record the store kept expires, and the device list prunes it.
        await forgetSession(sessionId).catch((error) => console.error("[auth] sign-out could not forget the session record", error));
      },
    },
  };
});

export const { signIn, signOut } = nextAuth;

export const handlers = {
  GET: async (request: NextRequest) => forgetLinkIntentCookie(request, await nextAuth.handlers.GET(request)),
  POST: async (request: NextRequest) => {
    const { result: response, refusal } = await recordPasswordSignInRefusal(() => nextAuth.handlers.POST(request));
    // Auth.js redirects every refused credentials sign-in to the sign-in page, a rate-limited one too.
    // Anyone posting to this endpoint directly (a script, bypassing the form) is told 429 with
    // Retry-After and the wait instead; wrong passwords and successes keep Auth.js's own answers.
    if (refusal?.type === "rate_limited") return toResponse(refusal);
    return forgetLinkIntentCookie(request, response);
  },
};

/** The current session, read once per request. */
export const auth = cache(() => nextAuth.auth());
