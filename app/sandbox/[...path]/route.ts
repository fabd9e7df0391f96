import { getConfig } from "@/lib/config";
import { AppError, toResponse } from "@/lib/errors";
import { getSandbox } from "@/lib/trackmania";

// GET|POST /sandbox/* – the embedded sandbox world over HTTP, for the browser: its "Sign in with
// Trackmania" page above all (`/sandbox/oauth/oauth/authorize`). On the real services there is no
// sandbox and every path answers 404.

/** This app's own origins: the public APP_URL, and the one the browser used. */
function isOwnOrigin(target: string, request: Request): boolean {
  if (!URL.canParse(target)) return false;
  const origin = new URL(target).origin;
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  const protocol = (request.headers.get("x-forwarded-proto") ?? new URL(request.url).protocol).replace(/:?$/, ":");
  return origin === new URL(getConfig().APP_URL).origin || (host !== null && origin === `${protocol}//${host}`);
}

async function forwardToSandbox(request: Request): Promise<Response> {
  const sandbox = getSandbox();
  if (!sandbox) return toResponse(new AppError("not_found:sandbox", "There is no sandbox: this app talks to Trackmania's real services."));
  const url = new URL(request.url);
  // The sandbox signs anyone in and sends them to any redirect_uri (it has no app registry); served
  // from this origin that would be an open redirect, so only this app's own callbacks are let through.
  const redirectUri = url.searchParams.get("redirect_uri");
  if (redirectUri !== null && !isOwnOrigin(redirectUri, request)) {
    return toResponse(new AppError("bad_request:redirect_uri", "The sandbox only signs in to this app."));
  }
  // Over one origin the sandbox routes by path prefix (`/oauth/...`, `/core/...`): drop our mount point.
  url.pathname = url.pathname.replace(/^\/sandbox(?=\/|$)/, "") || "/";
  const body = request.method === "GET" || request.method === "HEAD" ? undefined : await request.arrayBuffer();
  return sandbox.handle(new Request(url, { method: request.method, headers: request.headers, body }));
}

export const GET = forwardToSandbox;
export const POST = forwardToSandbox;
