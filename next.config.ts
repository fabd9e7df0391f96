import type { NextConfig } from "next";
import { PHASE_PRODUCTION_BUILD } from "next/constants";
import { loadConfig } from "./lib/config";

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
  typedRoutes: false,
};

export default function config(phase: string): NextConfig {
  // Fail the build, `next dev` and `next start` at once on a missing or malformed variable, naming it.
  loadConfig(process.env, { phase: phase === PHASE_PRODUCTION_BUILD ? "build" : "run" });
  return nextConfig;
}
