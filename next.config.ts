import type { NextConfig } from "next";
import { PHASE_PRODUCTION_BUILD } from "next/constants";
import { loadConfig } from "./lib/config";
import { staticSecurityHeaders } from "./lib/http/security-headers";

const nextConfig: NextConfig = {
  // PGlite loads its wasm and data files from its own package directory at run time, and the
  // Prisma schema engine is dev tooling: keep them out of the server bundle.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "pglite-prisma-adapter",
    "@prisma/schema-engine-wasm",
    "pg",
    "ioredis",
  ],
  // The embedded database migrates itself at start-up, so the SQL files ship with the server code.
  outputFileTracingIncludes: { "/**": ["./prisma/migrations/**/*"] },
  poweredByHeader: false,
  // NextRequest would rewrite a 127.0.0.1 or [::1] URL to "localhost", and Auth.js builds its callback
  // URLs from it: with APP_URL on a loopback address (the browser tests), the OAuth redirect_uri would
  // name another origin than the one the browser signs in on. (It only touches pages-router data URLs otherwise.)
  skipProxyUrlNormalize: true,
  typedRoutes: false,
};

export default function config(phase: string): NextConfig {
  // Fail the build, `next dev` and `next start` at once on a missing or malformed variable, naming it.
  const config = loadConfig(process.env, { phase: phase === PHASE_PRODUCTION_BUILD ? "build" : "run" });
  return {
    ...nextConfig,
    // Static files (build output, public/) skip proxy.ts: they get the same headers from here. Pages and
    // routes get theirs, with the per-request CSP, from proxy.ts.
    async headers() {
      const headers = Object.entries(staticSecurityHeaders({ appUrl: config.APP_URL })).map(([key, value]) => ({ key, value }));
      return [
        { source: "/_next/:path*", headers },
        { source: "/screenshots/:path*", headers },
        { source: "/favicon.ico", headers },
      ];
    },
  };
}
