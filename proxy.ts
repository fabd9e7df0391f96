import { NextResponse, type NextRequest } from "next/server";
import { SESSION_COOKIES } from "@/lib/auth/cookies";
import { appUrl, getConfig } from "@/lib/config";
import { AppError, toResponse } from "@/lib/errors";
import {
  appContentSecurityPolicy,
  checkServerActionRequest,
  looksLikeServerAction,
  sandboxContentSecurityPolicy,
  securityHeaderOptions,
  staticSecurityHeaders,
  type SecurityHeaderOptions,
} from "@/lib/http";

// Runs before every page and route (static files aside): refuses server-action bodies Next could not
// decode, sends visitors without any session cookie to sign in (optimistic only: every page, action
// and route handler still checks the session and role itself), and puts the security headers and a
// per-request CSP nonce on the response. Next reads the nonce from the request's CSP header.

const SIGNED_IN_AREAS = ["/dashboard", "/alerts", "/watches", "/search", "/history", "/settings", "/admin"];

const inArea = (pathname: string, area: string) => pathname === area || pathname.startsWith(`${area}/`);

/** What the headers depend on never changes while the process runs: worked out on the first request. */
let headerSettings: { options: SecurityHeaderOptions; fixed: [string, string][] } | undefined;
function securityHeaderSettings() {
  if (!headerSettings) {
    const options = securityHeaderOptions(getConfig());
    headerSettings = { options, fixed: Object.entries(staticSecurityHeaders(options)) };
  }
  return headerSettings;
}

/** Answers the proxy makes itself (redirects, refusals) carry no page, so they allow nothing. */
function withHeaders(response: Response, csp = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'"): Response {
  for (const [name, value] of securityHeaderSettings().fixed) response.headers.set(name, value);
  response.headers.set("Content-Security-Policy", csp);
  return response;
}

/** Next answers a path whose %-escapes do not decode to UTF-8 (`/alerts/%FF`) with a bare 500. */
function decodesCleanly(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}

export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (!decodesCleanly(pathname)) {
    return withHeaders(toResponse(new AppError("bad_request:path", "This address is not valid: it has a broken %-escape.")));
  }
  const isPage = !inArea(pathname, "/api") && !inArea(pathname, "/sandbox");

  if (isPage && looksLikeServerAction(request)) {
    // Next refuses an action posted from another origin, or from an opaque one ("null"), with a 500 (its
    // CSRF check): refuse it first, as what it is. No Origin at all (not a browser) is left to Next.
    const origin = request.headers.get("origin");
    // The same comparison Next makes. X-Forwarded-Host is Vercel's own header (it sets it to the host the
    // browser used); it is read here only to agree with Next, never to build a URL (those come from APP_URL).
    const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
    if (origin !== null && (!URL.canParse(origin) || new URL(origin).host !== host)) {
      return withHeaders(toResponse(new AppError("forbidden:origin", "This form was sent from another site.")));
    }
    try {
      await checkServerActionRequest(request);
    } catch (error) {
      return withHeaders(toResponse(error));
    }
  }

  if (SIGNED_IN_AREAS.some((area) => inArea(pathname, area)) && !SESSION_COOKIES.some((name) => request.cookies.has(name))) {
    // Built on APP_URL: a redirect never follows a forged Host or X-Forwarded-Host.
    return withHeaders(NextResponse.redirect(appUrl(`/sign-in?next=${encodeURIComponent(`${pathname}${search}`)}`)));
  }

  const nonce = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
  const csp = inArea(pathname, "/sandbox")
    ? sandboxContentSecurityPolicy()
    : appContentSecurityPolicy(securityHeaderSettings().options, nonce);
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", csp);
  return withHeaders(NextResponse.next({ request: { headers: requestHeaders } }), csp);
}

export const config = {
  // Everything but Next's build output and the files in public/ (next.config.ts gives those their headers).
  matcher: ["/((?!_next/static|_next/image|favicon\\.ico|screenshots/|robots\\.txt).*)"],
};
