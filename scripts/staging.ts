// scripts/staging.ts — `npm run staging`: the production build as it is deployed, every production
// driver on, each pointed at a local service speaking its protocol over HTTP:
//
//   queue       QStash            tests/fakes/qstash.ts delivers signed callbacks to /api/jobs/*
//   KV          Upstash REST      tests/fakes/upstash-rest.ts over a real Redis (a private one if none runs)
//   mail        Resend            tests/fakes/resend.ts, through the resend SDK
//   Trackmania  Nadeo/OAuth/TMX   the sandbox world served over HTTP, signed in with its credentials
//   traces      OTLP/HTTP         tests/fakes/otlp.ts receives the app's spans
//   database    PostgreSQL        DATABASE_URL (required), a fresh `staging` schema each start
//
// It is the deployment recipe of the README run for real: the same variables, set to local hosts.
// A control server (printed, and written to .data/staging/endpoints.json for the browser journey)
// lists the mail the Resend fake received and the spans the OTLP fake received; the sandbox's own
// clock controls (POST /_sandbox/advance) take the sandbox's server credentials.
//
//   npm run build && DATABASE_URL=postgresql://… npm run staging [-- --port 3200]
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream, existsSync } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { parseArgs } from "node:util";
import pg from "pg";
import { createSandbox, serveSandbox } from "@/lib/trackmania/sandbox";
import { startOtlpFake } from "../tests/fakes/otlp";
import { startQStashFake } from "../tests/fakes/qstash";
import { startResendFake } from "../tests/fakes/resend";
import { startUpstashRestFake } from "../tests/fakes/upstash-rest";
import { ensureTestRedis } from "../tests/support/test-redis";

const { values } = parseArgs({ options: { port: { type: "string" }, seed: { type: "string" } } });
const port = Number(values.port ?? process.env.STAGING_PORT ?? 3200);
const seed = Number(values.seed ?? process.env.SANDBOX_SEED ?? 20_201);
const stateDir = ".data/staging";
const schema = "staging";

function fail(message: string): never {
  console.error(`[staging] ${message}`);
  process.exit(1);
}

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) fail("needs DATABASE_URL: staging runs on PostgreSQL, as a deployment does (a fresh `staging` schema each start)");
if (!existsSync(".next/BUILD_ID")) fail("needs the production build first: npm run build");
if (!Number.isInteger(port) || port < 1 || port > 65_535) fail(`--port must be a port number, got "${values.port}"`);

await rm(stateDir, { recursive: true, force: true });
await mkdir(stateDir, { recursive: true });
const client = new pg.Client({ connectionString: databaseUrl });
await client.connect();
await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
await client.end();

const secret = () => randomBytes(24).toString("base64url");
const redis = await ensureTestRedis();
const upstash = await startUpstashRestFake({ redisUrl: redis.url, token: secret(), keyPrefix: `staging:${secret()}:` });
const resend = await startResendFake({ apiKey: `re_${secret()}` });
const qstashKeys = { token: secret(), currentSigningKey: `sig_${secret()}`, nextSigningKey: `sig_${secret()}` };
const qstash = await startQStashFake({ ...qstashKeys, retryDelayMs: 1_000 });
// The wall clock, as production: the journey moves the world ahead with the sandbox's own control.
const sandbox = createSandbox({ seed, clock: "wall" });
const served = await serveSandbox(sandbox, { control: true });
const otlp = await startOtlpFake();

const appUrl = `http://127.0.0.1:${port}`;
const cronSecret = secret();
const control = await serveControl();

const env: NodeJS.ProcessEnv = {
  ...process.env,
  NODE_ENV: "production",
  NEXT_TELEMETRY_DISABLED: "1",
  APP_URL: appUrl,
  AUTH_SECRET: secret(),
  CRON_SECRET: cronSecret,
  ADMIN_EMAILS: process.env.ADMIN_EMAILS ?? "admin@trackwatch.test",
  DATABASE_URL: databaseUrl,
  DATABASE_SCHEMA: schema,
  DATABASE_AUTO_MIGRATE: "1",
  KV_REST_API_URL: upstash.url,
  KV_REST_API_TOKEN: upstash.token,
  QSTASH_URL: qstash.url,
  QSTASH_TOKEN: qstashKeys.token,
  QSTASH_CURRENT_SIGNING_KEY: qstashKeys.currentSigningKey,
  QSTASH_NEXT_SIGNING_KEY: qstashKeys.nextSigningKey,
  RESEND_API_KEY: resend.apiKey,
  RESEND_BASE_URL: resend.url,
  MAIL_FROM: "Trackwatch <alerts@trackwatch.test>",
  NADEO_SERVER_LOGIN: sandbox.credentials.serverLogin,
  NADEO_SERVER_PASSWORD: sandbox.credentials.serverPassword,
  TM_OAUTH_CLIENT_ID: sandbox.credentials.oauthClientId,
  TM_OAUTH_CLIENT_SECRET: sandbox.credentials.oauthClientSecret,
  TM_USER_AGENT: "Trackwatch staging / local run / staging@trackwatch.test",
  NADEO_CORE_URL: `${served.url}/core`,
  NADEO_LIVE_URL: `${served.url}/live`,
  TM_OAUTH_URL: `${served.url}/oauth`,
  TMX_URL: `${served.url}/tmx`,
  // Nadeo's ceiling (2/s per service): the sandbox has no manners to keep, the journey has a clock.
  TM_REQUESTS_PER_SECOND: process.env.TM_REQUESTS_PER_SECOND ?? "2",
  OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url,
  OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
};
// No stand-in may be named: the point is that every production driver runs.
for (const name of ["TRACKMANIA", "MAIL", "QUEUE", "KV", "PGLITE_DATA_DIR", "SANDBOX_CLOCK", "EMBEDDED_SCHEDULER"]) delete env[name];

const endpoints = {
  app: appUrl,
  control: control.url,
  sandbox: served.url,
  sandboxCredentials: { serverLogin: sandbox.credentials.serverLogin, serverPassword: sandbox.credentials.serverPassword },
  cronSecret,
  wellKnown: { smallMapper: sandbox.wellKnown.smallMapper.displayName, bigMapper: sandbox.wellKnown.bigMapper.displayName, midPackDriver: sandbox.wellKnown.midPackDriver.displayName },
};
await writeFile(`${stateDir}/endpoints.json`, `${JSON.stringify(endpoints, null, 2)}\n`);

console.log(`[staging] app        ${appUrl}`);
console.log(`[staging] control    ${control.url} (GET /mail, GET /spans, GET /queue)`);
console.log(`[staging] sandbox    ${served.url} (Nadeo, OAuth, TMX; POST /_sandbox/advance with its server credentials)`);
console.log(`[staging] QStash     ${qstash.url}   Upstash REST ${upstash.url} (Redis ${redis.url})`);
console.log(`[staging] Resend     ${resend.url}   OTLP ${otlp.url}`);

const log = createWriteStream(`${stateDir}/server.log`, { flags: "a" });
const server = spawn("npx", ["next", "start", "-p", String(port), "-H", "127.0.0.1"], { env, stdio: ["ignore", "pipe", "pipe"] });
for (const stream of [server.stdout, server.stderr]) {
  stream.on("data", (chunk: Buffer) => {
    process.stdout.write(chunk);
    log.write(chunk);
  });
}

let stopping = false;
async function stop(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    if (server.exitCode === null) server.kill("SIGTERM");
    await Promise.allSettled([control.close(), qstash.close(), resend.close(), served.close(), otlp.close(), upstash.close()]);
    await redis.stop();
    log.end();
  }
  process.exit(code);
}
server.on("exit", (code) => void stop(code ?? 1));
process.once("SIGINT", () => void stop(0));
process.once("SIGTERM", () => void stop(0));

/** What the fakes received, as JSON, for the browser journey (which runs in another process). */
async function serveControl(): Promise<{ url: string; close(): Promise<void> }> {
  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
    res.end(JSON.stringify(body));
  };
  const http = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://control");
    if (req.method !== "GET") return send(res, 405, { error: "GET only" });
    switch (url.pathname) {
      case "/mail": {
        const to = url.searchParams.get("to")?.toLowerCase();
        const mail = resend.sent
          .filter((email) => !to || email.to.some((address) => address.toLowerCase() === to))
          .map(({ id, to: recipients, subject, text, html, headers }) => ({ id, to: recipients, subject, text, html, headers }));
        return send(res, 200, { mail });
      }
      case "/spans":
        return send(res, 200, { spans: otlp.spans() });
      case "/queue":
        return send(res, 200, {
          messages: qstash.messages.map(({ messageId, destination, state, attempts }) => ({
            messageId,
            destination,
            state,
            statuses: attempts.map((attempt) => attempt.status),
          })),
        });
      default:
        return send(res, 404, { error: "unknown path: /mail, /spans or /queue" });
    }
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => http.close(() => resolve())),
  };
}
