import { z } from "zod";

/**
 * Every environment variable Trackwatch reads, parsed once. Nothing else reads `process.env`.
 *
 * Each external service is chosen by its variables: set them and the production driver is used,
 * leave them unset and the embedded default runs (PGlite, in-memory KV, in-process queue, local
 * outbox, sandbox Trackmania world). Empty strings count as unset, so a blank line in `.env`
 * never switches a driver on by accident.
 */

const emptyAsUndefined = (value: unknown) =>
  typeof value === "string" && value.trim() === "" ? undefined : value;

const optionalString = z.preprocess(emptyAsUndefined, z.string().min(1).optional());
const optionalUrl = z.preprocess(emptyAsUndefined, z.url().optional());
const urlWithDefault = (fallback: string) => z.preprocess(emptyAsUndefined, z.url().default(fallback));
const intWithDefault = (fallback: number, min: number, max: number) =>
  z.preprocess(emptyAsUndefined, z.coerce.number().int().min(min).max(max).default(fallback));
const numberWithDefault = (fallback: number, min: number, max: number) =>
  z.preprocess(emptyAsUndefined, z.coerce.number().min(min).max(max).default(fallback));
const boolWithDefault = (fallback: boolean) =>
  z.preprocess(
    emptyAsUndefined,
    z
      .enum(["1", "0", "true", "false", "yes", "no"])
      .transform((v) => v === "1" || v === "true" || v === "yes")
      .default(fallback),
  );

const postgresUrl = z.preprocess(
  emptyAsUndefined,
  z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
    .refine((value) => {
      try {
        return new URL(value).username !== "";
      } catch {
        return false;
      }
    }, "must name a user, e.g. postgresql://postgres@127.0.0.1:5432/test")
    .optional(),
);

/** `key=value` pairs separated by commas, values URL-encoded (the OpenTelemetry SDKs' format). */
const otlpHeaders = z.preprocess(
  emptyAsUndefined,
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      const headers: Record<string, string> = {};
      for (const pair of value?.split(",") ?? []) {
        const at = pair.indexOf("=");
        const key = pair.slice(0, at).trim();
        try {
          if (at <= 0 || key === "") throw new Error();
          headers[key] = decodeURIComponent(pair.slice(at + 1).trim());
        } catch {
          ctx.addIssue({ code: "custom", message: "must be key=value pairs separated by commas (values URL-encoded)" });
          return z.NEVER;
        }
      }
      return headers;
    }),
);

const envSchema = z.object({
  NODE_ENV: z.preprocess(emptyAsUndefined, z.enum(["development", "test", "production"]).default("development")),

  /**
   * The app's one public origin: every absolute URL it builds (Auth.js, redirects, QStash callbacks,
   * links in emails) comes from here, never from the request's Host or X-Forwarded-* headers.
   */
  APP_URL: z.preprocess(
    emptyAsUndefined,
    z
      .url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" })
      .default("http://localhost:3000"),
  ),

  /** Postgres (Neon's pooled URL works). Unset: embedded PGlite. */
  DATABASE_URL: postgresUrl,
  /**
   * A direct (unpooled) URL to the same database, for migrations: they hold a session-level
   * advisory lock, which a transaction-mode pooler such as Neon's breaks. Vercel's Neon integration
   * sets this name. Unset: migrations use DATABASE_URL.
   */
  DATABASE_URL_UNPOOLED: postgresUrl,
  /** Postgres schema to use (default `public`); tests give each process its own. */
  DATABASE_SCHEMA: z.preprocess(emptyAsUndefined, z.string().regex(/^[a-z_][a-z0-9_]*$/, "must be a lowercase SQL identifier").default("public")),
  /** Apply pending migrations when the app first touches a Postgres database (always on for PGlite). */
  DATABASE_AUTO_MIGRATE: boolWithDefault(false),
  /** Where embedded PGlite keeps its files; `memory://` keeps nothing (tests). */
  PGLITE_DATA_DIR: z.preprocess(emptyAsUndefined, z.string().default(".data/pglite")),

  /** Upstash REST (Vercel KV). Unset: in-memory KV. */
  KV_REST_API_URL: optionalUrl,
  KV_REST_API_TOKEN: optionalString,

  /** QStash. Unset: in-process queue. */
  QSTASH_TOKEN: optionalString,
  QSTASH_URL: urlWithDefault("https://qstash.upstash.io"),
  QSTASH_CURRENT_SIGNING_KEY: optionalString,
  QSTASH_NEXT_SIGNING_KEY: optionalString,

  /** Resend. Unset: the local outbox, viewable at /admin/outbox. */
  RESEND_API_KEY: optionalString,
  RESEND_BASE_URL: urlWithDefault("https://api.resend.com"),
  MAIL_FROM: z.preprocess(emptyAsUndefined, z.string().default("Trackwatch <alerts@trackwatch.local>")),

  /** Auth.js secret. Required with a real database; generated and kept under .data/ otherwise. */
  AUTH_SECRET: optionalString,
  /** Comma-separated emails that become admins when they sign up or sign in. */
  ADMIN_EMAILS: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .default("")
      .transform((value) =>
        value
          .split(",")
          .map((email) => email.trim().toLowerCase())
          .filter(Boolean),
      )
      .pipe(z.array(z.email())),
  ),
  /** Bearer secret for Vercel-style cron calls to /api/cron/*. Unset: those routes refuse every call. */
  CRON_SECRET: optionalString,

  /** Nadeo dedicated-server (or service) account. Unset: the sandbox Trackmania world. */
  NADEO_SERVER_LOGIN: optionalString,
  NADEO_SERVER_PASSWORD: optionalString,
  TM_OAUTH_CLIENT_ID: optionalString,
  TM_OAUTH_CLIENT_SECRET: optionalString,
  /** Names the app, its operator and a contact; required when talking to the real services. */
  TM_USER_AGENT: optionalString,
  NADEO_CORE_URL: urlWithDefault("https://prod.trackmania.core.nadeo.online"),
  NADEO_LIVE_URL: urlWithDefault("https://live-services.trackmania.nadeo.live"),
  TM_OAUTH_URL: urlWithDefault("https://api.trackmania.com"),
  TMX_URL: urlWithDefault("https://trackmania.exchange"),
  /** Sustained request rate per service toward Nadeo; the documented burst ceiling is about 2/s. */
  TM_REQUESTS_PER_SECOND: numberWithDefault(0.8, 0.01, 2),
  TM_REQUEST_TIMEOUT_MS: intWithDefault(15_000, 500, 120_000),

  /** Sandbox world (used when no Nadeo credentials are set). */
  SANDBOX_SEED: intWithDefault(20_201, 0, 2 ** 31 - 1),
  /** Sandbox time: `wall` follows the clock (dev); `manual` moves only when told (tests). */
  SANDBOX_CLOCK: z.preprocess(emptyAsUndefined, z.enum(["wall", "manual"]).default("wall")),
  /** Sandbox fault injection, e.g. `429=0.1,503=0.05,slow=0.02,expire=0.01`. */
  SANDBOX_FAULTS: z.preprocess(emptyAsUndefined, z.string().default("")),
  /** Boot embedded PGlite from this dumpDataDir snapshot (tests use one migrated snapshot per run). */
  PGLITE_SNAPSHOT: optionalString,
  /** Sandbox world size (benchmarks grow it); unset: its defaults (3000 players, about 300 mappers). */
  SANDBOX_PLAYERS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(10).max(1_000_000).optional()),
  SANDBOX_MAPPERS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(100_000).optional()),
  /** Adds ProlificPia, a mapper with exactly this many maps (bench:search); unset: no such mapper, the world unchanged. */
  SANDBOX_PROLIFIC_MAPPER_MAPS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(10_000).optional()),
  /** Request rate toward the in-process sandbox: Nadeo's manners do not apply to it, speed does. */
  SANDBOX_REQUESTS_PER_SECOND: numberWithDefault(25, 0.01, 100_000),
  SANDBOX_PORT: intWithDefault(4010, 1, 65_535),

  /**
   * Embedded stand-ins asked for by name. In production with a real database (NODE_ENV=production and
   * DATABASE_URL), a service whose production variables are unset refuses to start unless its stand-in
   * is named here: a forgotten variable must never put the sandbox (whose sign-in page signs anyone in
   * as any player) or the outbox in front of real users. Elsewhere they only say out loud what runs.
   */
  TRACKMANIA: z.preprocess(emptyAsUndefined, z.literal("sandbox", "the only value is sandbox (unset it to use Nadeo)").optional()),
  MAIL: z.preprocess(emptyAsUndefined, z.literal("outbox", "the only value is outbox (unset it to use Resend)").optional()),
  QUEUE: z.preprocess(emptyAsUndefined, z.literal("in-process", "the only value is in-process (unset it to use QStash)").optional()),
  KV: z.preprocess(emptyAsUndefined, z.literal("memory", "the only value is memory (unset it to use Upstash KV)").optional()),

  /** Embedded scheduler: start the in-process hourly trigger of the daily run. */
  EMBEDDED_SCHEDULER: boolWithDefault(true),

  /**
   * OpenTelemetry traces go to this OTLP/HTTP collector's base URL (spans are posted to
   * `<url>/v1/traces`). Unset: spans are still made, so log lines carry trace ids, but none is kept
   * and nothing is sent anywhere.
   */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.preprocess(
    emptyAsUndefined,
    z.url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" }).optional(),
  ),
  /** The OTLP encoding: `http/json` (default; a local fake can read it) or `http/protobuf`. */
  OTEL_EXPORTER_OTLP_PROTOCOL: z.preprocess(emptyAsUndefined, z.enum(["http/json", "http/protobuf"]).default("http/json")),
  /** Headers sent with every export, e.g. a collector's API key: `x-api-key=…,x-team=…`. */
  OTEL_EXPORTER_OTLP_HEADERS: otlpHeaders,
});

export type Config = z.infer<typeof envSchema> & {
  drivers: {
    db: "postgres" | "pglite";
    kv: "vercel-kv" | "memory";
    queue: "qstash" | "in-process";
    mail: "resend" | "outbox";
    trackmania: "nadeo" | "sandbox";
  };
};

export class ConfigError extends Error {
  constructor(public readonly variable: string, detail: string) {
    super(`Invalid environment variable ${variable}: ${detail}`);
    this.name = "ConfigError";
  }
}

function requireTogether(env: z.infer<typeof envSchema>, names: (keyof typeof env)[], purpose: string) {
  const set = names.filter((name) => env[name] !== undefined);
  if (set.length > 0 && set.length < names.length) {
    const missing = names.find((name) => env[name] === undefined)!;
    throw new ConfigError(String(missing), `required with ${set.join(", ")} (${purpose})`);
  }
}

/**
 * Parses an environment into a Config, throwing a ConfigError that names the first bad variable.
 * `phase: "build"` skips what only the running server needs (a build bakes no secret in).
 */
export function loadConfig(source: Record<string, string | undefined>, options: { phase?: "build" | "run" } = {}): Config {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(String(issue.path[0] ?? "?"), issue.message);
  }
  const env = parsed.data;

  requireTogether(env, ["KV_REST_API_URL", "KV_REST_API_TOKEN"], "Upstash KV");
  requireTogether(env, ["QSTASH_TOKEN", "QSTASH_CURRENT_SIGNING_KEY", "QSTASH_NEXT_SIGNING_KEY"], "QStash");
  requireTogether(env, ["NADEO_SERVER_LOGIN", "NADEO_SERVER_PASSWORD"], "Nadeo account");
  requireTogether(env, ["TM_OAUTH_CLIENT_ID", "TM_OAUTH_CLIENT_SECRET"], "Trackmania OAuth app");

  if (env.DATABASE_URL_UNPOOLED !== undefined && env.DATABASE_URL === undefined) {
    // Alone it would only migrate a database the app never uses (the app would run on PGlite).
    throw new ConfigError("DATABASE_URL", "required with DATABASE_URL_UNPOOLED, which only serves migrations");
  }

  const nadeo = env.NADEO_SERVER_LOGIN !== undefined;
  if (nadeo && env.TM_USER_AGENT === undefined) {
    throw new ConfigError("TM_USER_AGENT", "required with NADEO_SERVER_LOGIN: name the app, its operator and a contact");
  }
  if (nadeo && env.TM_OAUTH_CLIENT_ID === undefined) {
    throw new ConfigError("TM_OAUTH_CLIENT_ID", "required with NADEO_SERVER_LOGIN: display names come from the OAuth API");
  }
  const running = options.phase !== "build";
  if (running && env.DATABASE_URL !== undefined && env.NODE_ENV === "production" && env.AUTH_SECRET === undefined) {
    throw new ConfigError("AUTH_SECRET", "required in production with a real database (openssl rand -base64 32)");
  }

  requireStandInsByName(env, running);

  return {
    ...env,
    drivers: {
      db: env.DATABASE_URL ? "postgres" : "pglite",
      kv: env.KV_REST_API_URL ? "vercel-kv" : "memory",
      queue: env.QSTASH_TOKEN ? "qstash" : "in-process",
      mail: env.RESEND_API_KEY ? "resend" : "outbox",
      trackmania: nadeo ? "nadeo" : "sandbox",
    },
  };
}

/** Each embedded stand-in: the variable that names it, its name, and the variable that selects the real driver. */
const STAND_INS = [
  { variable: "TRACKMANIA", name: "sandbox", production: "NADEO_SERVER_LOGIN", service: "the Trackmania services (Nadeo)" },
  { variable: "MAIL", name: "outbox", production: "RESEND_API_KEY", service: "email (Resend)" },
  { variable: "QUEUE", name: "in-process", production: "QSTASH_TOKEN", service: "the job queue (QStash)" },
  { variable: "KV", name: "memory", production: "KV_REST_API_URL", service: "KV (Upstash)" },
] as const;

/**
 * A stand-in named while its production driver is configured is a contradiction, refused everywhere;
 * in production with a real database, a service with neither refuses to start, naming what is missing.
 */
function requireStandInsByName(env: z.infer<typeof envSchema>, running: boolean): void {
  for (const { variable, name, production } of STAND_INS) {
    if (env[variable] !== undefined && env[production] !== undefined) {
      throw new ConfigError(variable, `${variable}=${name} asks for the embedded stand-in, but ${production} configures the real driver: unset one`);
    }
  }
  if (!running || env.NODE_ENV !== "production" || env.DATABASE_URL === undefined) return;
  const missing = STAND_INS.filter(({ variable, production }) => env[variable] === undefined && env[production] === undefined);
  if (missing.length === 0) return;
  const [first] = missing;
  const all = missing.map(({ variable, name, production, service }) => `${service}: set ${production} (and its companions) or ${variable}=${name}`);
  throw new ConfigError(
    first!.production,
    `required in production with a real database, or its embedded stand-in asked for by name. Not configured: ${all.join("; ")}`,
  );
}

let cached: Config | undefined;

/** An absolute URL on the app's public origin (APP_URL), for links that leave the current request. */
export function appUrl(path = "/"): URL {
  return new URL(path, getConfig().APP_URL);
}

/** The process's config, parsed on first use. */
export function getConfig(): Config {
  cached ??= loadConfig(process.env);
  return cached;
}
