import "server-only";
import NextAuth, { CredentialsSignin, type DefaultSession } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import type { NextRequest } from "next/server";
import { cache } from "react";
import { authorizeCredentials, recordPasswordSignInRefusal } from "@/lib/accounts/authorize-credentials";
import { toResponse } from "@/lib/errors";
import { authSecret } from "./secret";
import {
  completeTrackmaniaSignIn,
  forgetLinkIntentCookie,
  readLinkIntentNonce,
  TRACKMANIA_PROVIDER_ID,
  trackmaniaProvider,
} from "./trackmania-provider";
import { getUserState } from "./user-state";

declare module "next-auth" {
  interface Session {
    user: { id: string; role: "USER" | "ADMIN" } & DefaultSession["user"];
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
  }
}

// Built per request: the Trackmania callback needs its request's link-intent cookie (see trackmania-provider.ts).
const nextAuth = NextAuth((request) => ({
  secret: authSecret(),
  trustHost: true,
  session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
  // Auth.js's own error page is a bare 500: a broken Trackmania round trip lands on sign-in, which says why.
  pages: { signIn: "/sign-in", error: "/sign-in" },
  // A wrong password is an answer, not an error: don't print a stack trace for each one.
  logger: {
    error(error) {
      if (error instanceof CredentialsSignin) return;
      console.error("[auth]", error);
    },
  },
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
    async jwt({ token, user }) {
      if (user?.id) {
        token.uid = user.id;
        token.role = user.role ?? "USER";
        token.sv = user.sessionVersion ?? 0;
        return token;
      }
      if (!token.uid) return null;
      // Revocation: a password change or disable bumps the version, which ends older sessions at once.
      const state = await getUserState(token.uid);
      if (!state || state.disabled || state.sessionVersion !== token.sv) return null;
      token.role = state.role;
      return token;
    },
    session({ session, token }) {
      if (token.uid) {
        session.user.id = token.uid;
        session.user.role = token.role ?? "USER";
      }
      return session;
    },
  },
}));

export const { signIn, signOut } = nextAuth;

/**
 * `signIn()` in a server action builds Auth.js's URLs from the Host header, while a route handler gets a
 * NextRequest whose URL Next has rewritten (127.0.0.1 and [::1] become "localhost"). An OAuth
 * redirect_uri must be the same string when the browser is sent to Trackmania and when the code is
 * exchanged, so Auth.js's own endpoints get the request at the origin the browser used, read from the
 * headers as Auth.js itself reads them — as a plain Request, which keeps its URL as given. (Auth.js
 * only needs `nextUrl` when AUTH_URL is set, which Trackwatch does not use: APP_URL is the public URL.)
 */
async function atBrowserOrigin(request: NextRequest): Promise<NextRequest> {
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  if (!host) return request;
  const url = new URL(request.url);
  const protocol = (request.headers.get("x-forwarded-proto") ?? url.protocol).replace(/:?$/, ":");
  const origin = `${protocol}//${host}`;
  if (url.origin === origin || !URL.canParse(origin)) return request;
  const body = request.method === "GET" || request.method === "HEAD" ? undefined : await request.arrayBuffer();
  return new Request(`${origin}${url.pathname}${url.search}`, { method: request.method, headers: request.headers, body }) as NextRequest;
}

export const handlers = {
  GET: async (request: NextRequest) => forgetLinkIntentCookie(request, await nextAuth.handlers.GET(await atBrowserOrigin(request))),
  POST: async (request: NextRequest) => {
    const forwarded = await atBrowserOrigin(request);
    const { result: response, refusal } = await recordPasswordSignInRefusal(() => nextAuth.handlers.POST(forwarded));
    // Auth.js redirects every refused credentials sign-in to the sign-in page, a rate-limited one too.
    // Anyone posting to this endpoint directly (a script, bypassing the form) is told 429 with
    // Retry-After and the wait instead; wrong passwords and successes keep Auth.js's own answers.
    if (refusal?.type === "rate_limited") return toResponse(refusal);
    return forgetLinkIntentCookie(request, response);
  },
};

/** The current session, read once per request. */
export const auth = cache(() => nextAuth.auth());
