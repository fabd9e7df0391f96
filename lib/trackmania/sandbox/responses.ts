/**
 * Response helpers and each service's error body, as trackmania-api.md describes them:
 * - Core: `{ code, correlation_id, message }` — `code` only where the docs name one (C-AA-00-03
 *   validation, C-AA-00-19 forbidden, C-AL-02-03 not found); other Core codes are not public, and an
 *   invented one would look authoritative.
 * - Live, two kinds: a refused request (bad parameter, missing activity…) is a JSON array of
 *   `field:error-rule` strings (`["length:error-greaterOrEqualThan"]`, status 400 for parameters), see
 *   `liveRefusal`; an exception (the documented 500 for a missing map, auth, rate and server errors) is
 *   `{ error: "<Symfony exception>", message, traceId }`.
 * - OAuth (api.trackmania.com): `{ error, error_description, message }` plus `hint`, the
 *   league/oauth2-server shape ManiaAPI's model reflects.
 * - TMX: `{ error, message }` (its error shape is not documented).
 */

export type Service = "core" | "live" | "oauth" | "tmx";

export function json(body: unknown, status = 200, headers?: Record<string, string>): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
  });
}

const liveExceptions: Record<number, string> = {
  400: "BadRequestHttpException",
  401: "UnauthorizedHttpException",
  403: "AccessDeniedHttpException",
  404: "NotFoundHttpException",
  405: "MethodNotAllowedHttpException",
  429: "TooManyRequestsHttpException",
  500: "HttpException",
  503: "ServiceUnavailableHttpException",
};

const oauthErrors: Record<number, { error: string; description: string }> = {
  400: {
    error: "invalid_request",
    description:
      "The request is missing a required parameter, includes an invalid parameter value, includes a parameter more than once, or is otherwise malformed.",
  },
  401: { error: "access_denied", description: "The resource owner or authorization server denied the request." },
  403: { error: "access_denied", description: "The resource owner or authorization server denied the request." },
  404: { error: "not_found", description: "Not Found" },
  429: { error: "too_many_requests", description: "Too Many Attempts." },
  500: { error: "server_error", description: "The authorization server encountered an unexpected condition." },
  503: { error: "temporarily_unavailable", description: "Service Unavailable" },
};

export type ErrorDetail = {
  message: string;
  /** Core only: a documented Nadeo error code. */
  code?: string;
  /** Live: the exception class; OAuth: the OAuth error code. Defaults by status. */
  error?: string;
  /** OAuth: league's extra explanation. */
  hint?: string;
  headers?: Record<string, string>;
};

export function serviceError(service: Service, status: number, traceId: string, detail: ErrorDetail): Response {
  switch (service) {
    case "core":
      return json(
        { ...(detail.code ? { code: detail.code } : {}), correlation_id: traceId.replace(/-/g, ""), message: detail.message },
        status,
        detail.headers,
      );
    case "live":
      return json({ error: detail.error ?? liveExceptions[status] ?? "HttpException", message: detail.message, traceId }, status, detail.headers);
    case "oauth": {
      const known = oauthErrors[status] ?? oauthErrors[500]!;
      return json(
        {
          error: detail.error ?? known.error,
          error_description: known.description,
          ...(detail.hint ? { hint: detail.hint } : {}),
          message: detail.message,
        },
        status,
        detail.headers,
      );
    }
    case "tmx":
      return json({ error: detail.error ?? `HTTP ${status}`, message: detail.message }, status, detail.headers);
  }
}

/**
 * Live's answer to a request it refuses: a bare array of `field:error-rule` strings. The rules the docs
 * show are `greaterOrEqualThan`, `range`, `propertyNotSet`, `inArray` and `notFound`; others here follow
 * that pattern but are not confirmed.
 */
export function liveRefusal(errors: readonly string[], status = 400): Response {
  return json(errors, status);
}

export function html(body: string, status = 200): Response {
  return new Response(body, { status, headers: { "content-type": "text/html; charset=utf-8" } });
}

export function escapeHtml(text: string): string {
  const entities: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
  return text.replace(/[&<>"']/g, (c) => entities[c] ?? c);
}

/** Values of a repeated query parameter, accepting both `name[]=` and `name=` spellings. */
export function listParam(url: URL, name: string): string[] {
  return [...url.searchParams.getAll(`${name}[]`), ...url.searchParams.getAll(name)];
}

/** A comma-separated list parameter (`mapUidList=a,b,c`), empty items dropped. */
export function commaList(url: URL, name: string): string[] {
  return (url.searchParams.get(name) ?? "").split(",").map((s) => s.trim()).filter(Boolean);
}

/** An integer query parameter, or the fallback when absent or not an integer. */
export function intParam(url: URL, name: string, fallback: number): number {
  const raw = url.searchParams.get(name);
  if (raw === null || raw.trim() === "") return fallback;
  const value = Number(raw);
  return Number.isInteger(value) ? value : fallback;
}

/** decodeURIComponent that keeps malformed escapes as they are (a bad path must not crash the handler). */
export function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
