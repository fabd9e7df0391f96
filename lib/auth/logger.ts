import type { AuthError } from "next-auth";

/**
 * Auth.js errors a client causes on purpose or by accident: a junk /api/auth URL, a forged or stale
 * session cookie, a missing CSRF token, an OAuth round trip cut short. They are answers, not
 * failures: one warn line each, so real failures (a misconfiguration, an adapter error) stand out.
 */
const CLIENT_ERROR_TYPES = new Set([
  "UnknownAction",
  "JWTSessionError",
  "SessionTokenError",
  "MissingCSRF",
  "InvalidCheck",
  "InvalidCallbackUrl",
  "InvalidProvider",
  "OAuthCallbackError",
  "AccessDenied",
  "Verification",
  "UntrustedHost",
]);

/** Auth.js's `logger.error`: a wrong password says nothing, a client's mistake one line, the rest in full. */
export function logAuthError(error: Error): void {
  const type = (error as Partial<AuthError>).type;
  if (type === "CredentialsSignin") return;
  if (type && CLIENT_ERROR_TYPES.has(type)) {
    // Auth.js messages end with "Read more at https://errors.authjs.dev#…"; the type says as much.
    const detail = error.message.replace(/\s*Read more at \S+$/, "").trim();
    console.warn(`[auth] refused: ${type}${detail ? ` – ${detail.slice(0, 200)}` : ""}`);
    return;
  }
  console.error("[auth]", error);
}
