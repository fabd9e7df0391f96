/**
 * The security headers of every response. Kept free of `server-only` and of request state so both
 * next.config.ts (static files) and proxy.ts (pages, routes, with a per-request nonce) use them.
 */

export interface SecurityHeaderOptions {
  /** APP_URL: HSTS and upgrade-insecure-requests only make sense over https. */
  appUrl: string;
  /** Where map thumbnails come from besides this app (Nadeo's and Trackmania Exchange's hosts). */
  imageOrigins: readonly string[];
  /** Where a form post may lead besides this app: Trackmania's OAuth sign-in page. */
  formActionOrigins: readonly string[];
  /** `next dev` evaluates code and injects styles for fast refresh; production never needs either. */
  development: boolean;
}

const directiveList = (directives: Record<string, readonly string[]>) =>
  Object.entries(directives)
    .map(([name, values]) => [name, ...values].join(" "))
    .join("; ");

/** The policy of the app's own pages and routes: scripts only with this request's nonce. */
export function appContentSecurityPolicy(options: SecurityHeaderOptions, nonce: string): string {
  const https = options.appUrl.startsWith("https:");
  return directiveList({
    "default-src": ["'self'"],
    // 'strict-dynamic': the chunks Next's nonce'd scripts load are trusted; nothing else runs.
    "script-src": ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(options.development ? ["'unsafe-eval'"] : [])],
    "style-src": options.development ? ["'self'", "'unsafe-inline'"] : ["'self'", `'nonce-${nonce}'`],
    // style="" attributes (charts size their own boxes) cannot carry a nonce and run no code.
    "style-src-attr": ["'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:", ...options.imageOrigins],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "worker-src": ["'self'"],
    "manifest-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'", ...options.formActionOrigins],
    "frame-ancestors": ["'none'"],
    ...(https ? { "upgrade-insecure-requests": [] } : {}),
  });
}

/**
 * The embedded sandbox's "Sign in with Trackmania" page stands in for Trackmania's own site and
 * carries its own inline style; it runs no script at all.
 */
export function sandboxContentSecurityPolicy(): string {
  return directiveList({
    "default-src": ["'none'"],
    "style-src": ["'unsafe-inline'"],
    "img-src": ["'self'"],
    "form-action": ["'self'"],
    "base-uri": ["'none'"],
    "frame-ancestors": ["'none'"],
  });
}

/** The headers every response carries, static files included. */
export function staticSecurityHeaders(options: Pick<SecurityHeaderOptions, "appUrl">): Record<string, string> {
  return {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy":
      "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), publickey-credentials-get=(), usb=(), xr-spatial-tracking=(), browsing-topics=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    ...(options.appUrl.startsWith("https:") ? { "Strict-Transport-Security": "max-age=63072000; includeSubDomains" } : {}),
  };
}
