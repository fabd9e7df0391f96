import { appUrl } from "@/lib/config";
import { AppError, toResponse, withErrorResponses } from "@/lib/errors";
import { readBodyBytes } from "@/lib/http";
import { getSandbox } from "@/lib/trackmania";

// GET|POST /sandbox/* – the embedded sandbox world over HTTP, for the browser: its "Sign in with
// Trackmania" page above all (`/sandbox/oauth/oauth/authorize`). On the real services there is no
// sandbox and every path answers 404.

/** The sandbox only sends its sign-in back to this app's public origin, whatever headers say. */
function isOwnOrigin(target: string): boolean {
  return URL.canParse(target) && new URL(target).origin === appUrl().origin;
}

/** The sandbox's own forms are a few fields; nothing it answers needs a bigger body. */
const MAX_SANDBOX_BODY_BYTES = 64 * 1024;

async function forwardToSandbox(request: Request): Promise<Response> {
  const sandbox = getSandbox();
  if (!sandbox) return toResponse(new AppError("not_found:sandbox", "There is no sandbox: this app talks to Trackmania's real services."));
  const url = new URL(request.url);
  // The sandbox signs anyone in and sends them to any redirect_uri (it has no app registry); served
  // from this origin that would be an open redirect, so only this app's own callbacks are let through.
  const redirectUri = url.searchParams.get("redirect_uri");
  if (redirectUri !== null && !isOwnOrigin(redirectUri)) {
    return toResponse(new AppError("bad_request:redirect_uri", "The sandbox only signs in to this app."));
  }
  // Over one origin the sandbox routes by path prefix (`/oauth/...`, `/core/...`): drop our mount point.
  url.pathname = url.pathname.replace(/^\/sandbox(?=\/|$)/, "") || "/";
  const body = request.method === "GET" || request.method === "HEAD" ? undefined : await readBodyBytes(request, MAX_SANDBOX_BODY_BYTES);
  return sandbox.handle(new Request(url, { method: request.method, headers: request.headers, body }));
}

export const GET = withErrorResponses(forwardToSandbox);
export const POST = withErrorResponses(forwardToSandbox);
