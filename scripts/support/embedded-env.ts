// The benches' environment: the embedded drivers whatever the shell has set (a bench is not a
// deployment), the sandbox on a manual clock far above Nadeo's pace, React's production build.
const SERVICE_VARS = [
  "DATABASE_URL",
  "KV_REST_API_URL",
  "KV_REST_API_TOKEN",
  "QSTASH_TOKEN",
  "QSTASH_CURRENT_SIGNING_KEY",
  "QSTASH_NEXT_SIGNING_KEY",
  "RESEND_API_KEY",
  "NADEO_SERVER_LOGIN",
  "NADEO_SERVER_PASSWORD",
  "TM_OAUTH_CLIENT_ID",
  "TM_OAUTH_CLIENT_SECRET",
  "PGLITE_SNAPSHOT",
  "SANDBOX_FAULTS",
  "SANDBOX_PLAYERS",
  "SANDBOX_MAPPERS",
  "SANDBOX_PROLIFIC_MAPPER_MAPS",
];

/** Call before importing any of the app's modules: config is read once, at first use. */
export function useEmbeddedDrivers(sandbox: { seed: number } & Record<string, string | number>): void {
  for (const name of SERVICE_VARS) delete process.env[name];
  const { seed, ...world } = sandbox;
  Object.assign(process.env, {
    PGLITE_DATA_DIR: "memory://",
    SANDBOX_CLOCK: "manual",
    SANDBOX_SEED: String(seed),
    ...Object.fromEntries(Object.entries(world).map(([name, value]) => [name, String(value)])),
    // Far above Nadeo's pace, so a bench measures Trackwatch; paced times are computed from the calls.
    SANDBOX_REQUESTS_PER_SECOND: "100000",
    EMBEDDED_SCHEDULER: "0",
    NEXT_TELEMETRY_DISABLED: "1",
    // Production mode on a real database (DATABASE_URL) runs stand-ins only when they are named.
    TRACKMANIA: "sandbox",
    MAIL: "outbox",
    QUEUE: "in-process",
    KV: "memory",
    // React's production build: the development one renders emails several times slower.
    NODE_ENV: "production",
    APP_URL: "http://localhost:3000",
    AUTH_SECRET: "bench-only-secret-not-for-production",
  });
}
