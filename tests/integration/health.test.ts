import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { GET } from "@/app/api/health/route";
import { checkHealth } from "@/lib/health";
import { createMailer, type MailConfig } from "@/lib/mail";
import { createSandbox, serveSandbox, type Sandbox } from "@/lib/trackmania/sandbox";
import { startQStashFake, type QStashFake } from "@/tests/fakes/qstash";
import { startResendFake, type ResendFake } from "@/tests/fakes/resend";
import { startUpstashRestFake, type UpstashRestFake } from "@/tests/fakes/upstash-rest";

// /api/health with every production driver the test machine can reach: Upstash REST (the fake over the
// local Redis), QStash, Resend and Nadeo (the sandbox served over HTTP, reached as the real services
// would be), plus whichever database the run uses. Config is read lazily, so the env set in beforeAll
// (before anything calls getConfig) is what this file's module graph sees.

// `connection()` only tells Next the route is dynamic, and throws outside a Next request scope; the
// handler's own work (the checks and the 200/503 choice) is what this file tests.
vi.mock("next/server", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next/server")>()),
  connection: async () => {},
}));

const secret = (prefix: string) => `${prefix}_${randomBytes(12).toString("hex")}`;
const keys = {
  resend: secret("re"),
  resendSendingOnly: secret("re_sending"),
  kv: secret("kv"),
  qstash: { token: secret("qstash"), currentSigningKey: secret("sig_current"), nextSigningKey: secret("sig_next") },
};

let resend: ResendFake;
let kv: UpstashRestFake;
let qstash: QStashFake;
let sandbox: Sandbox;
let nadeo: { url: string; close(): Promise<void> };

beforeAll(async () => {
  [resend, kv, qstash] = await Promise.all([
    startResendFake({ apiKey: keys.resend, sendingAccessKey: keys.resendSendingOnly }),
    // A key prefix of its own (removed on close) rather than a Redis database: health only pings,
    // and the Nadeo token the Trackmania check caches lands under the prefix too.
    startUpstashRestFake({ token: keys.kv }),
    startQStashFake(keys.qstash),
  ]);
  // The wall clock: the app's client judges token lifetimes by the real time.
  sandbox = createSandbox({ seed: 11, clock: "wall" });
  nadeo = await serveSandbox(sandbox);

  Object.assign(process.env, {
    KV_REST_API_URL: kv.url,
    KV_REST_API_TOKEN: keys.kv,
    QSTASH_URL: qstash.url,
    QSTASH_TOKEN: keys.qstash.token,
    QSTASH_CURRENT_SIGNING_KEY: keys.qstash.currentSigningKey,
    QSTASH_NEXT_SIGNING_KEY: keys.qstash.nextSigningKey,
    RESEND_API_KEY: keys.resend,
    RESEND_BASE_URL: resend.url,
    NADEO_SERVER_LOGIN: sandbox.credentials.serverLogin,
    NADEO_SERVER_PASSWORD: sandbox.credentials.serverPassword,
    TM_OAUTH_CLIENT_ID: sandbox.credentials.oauthClientId,
    TM_OAUTH_CLIENT_SECRET: sandbox.credentials.oauthClientSecret,
    TM_USER_AGENT: "Trackwatch tests / health / tests@example.com",
    NADEO_CORE_URL: `${nadeo.url}/core`,
    NADEO_LIVE_URL: `${nadeo.url}/live`,
    TM_OAUTH_URL: `${nadeo.url}/oauth`,
    TMX_URL: `${nadeo.url}/tmx`,
  });
});

afterAll(async () => {
  await Promise.all([resend?.close().catch(() => undefined), kv?.close(), qstash?.close(), nadeo?.close()]);
});

const expectedDb = process.env.DATABASE_URL ? "postgres" : "pglite";

describe("GET /api/health with the production drivers", () => {
  it("names every driver, and each answers", async () => {
    const report = await checkHealth();
    expect(report.status).toBe("ok");
    expect(report.sandbox).toBe(false);
    expect(report.drivers).toEqual({
      db: expect.objectContaining({ driver: expectedDb, ok: true }),
      kv: expect.objectContaining({ driver: "vercel-kv", ok: true }),
      queue: expect.objectContaining({ driver: "qstash", ok: true }),
      mail: expect.objectContaining({ driver: "resend", ok: true }),
      trackmania: expect.objectContaining({ driver: "nadeo", ok: true }),
    });
    for (const check of Object.values(report.drivers)) {
      expect(check.ms).toBeGreaterThanOrEqual(0);
      expect(check).not.toHaveProperty("error");
    }
    expect(report.drivers.trackmania).toMatchObject({ urls: { core: `${nadeo.url}/core`, live: `${nadeo.url}/live` } });

    // Each check reached its service, and the mail check sent nothing.
    expect(resend.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual(["GET /domains 200"]);
    expect(resend.sent).toEqual([]);
    expect(sandbox.stats().byEndpoint).toMatchObject({ "core.auth.basic": 1 });
  });

  it("answers 200 with the report, uncached", async () => {
    const response = await GET();
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = (await response.json()) as { status: string; checkedAt: string; drivers: Record<string, { ok: boolean }> };
    expect(body.status).toBe("ok");
    expect(Object.keys(body.drivers).sort()).toEqual(["db", "kv", "mail", "queue", "trackmania"]);
    expect(Date.parse(body.checkedAt)).not.toBeNaN();
    // The Trackmania check reused the Nadeo token cached in KV (the Upstash fake) instead of logging in again.
    expect(sandbox.stats().byEndpoint["core.auth.basic"]).toBe(1);
  });

  // Last in this block: the Resend fake stays closed afterwards.
  it("marks mail down when Resend stops answering, and the route answers 503", async () => {
    await resend.close();
    const report = await checkHealth();
    expect(report.status).toBe("degraded");
    expect(report.drivers.mail).toMatchObject({ driver: "resend", ok: false });
    for (const name of ["db", "kv", "queue", "trackmania"] as const) expect(report.drivers[name].ok).toBe(true);

    const response = await GET();
    expect(response.status).toBe(503);
    const body = (await response.json()) as { status: string; drivers: { mail: { driver: string; ok: boolean } } };
    expect(body).toMatchObject({ status: "degraded", drivers: { mail: { driver: "resend", ok: false } } });
  });
});

describe("the Resend driver's health check", () => {
  let fake: ResendFake;
  const fullKey = secret("re_full");
  const sendingKey = secret("re_sending");
  const mailer = (apiKey: string, baseUrl = fake.url) =>
    createMailer({
      drivers: { mail: "resend" },
      MAIL_FROM: "Trackwatch <alerts@trackwatch.test>",
      RESEND_API_KEY: apiKey,
      RESEND_BASE_URL: baseUrl,
    } satisfies MailConfig);

  beforeAll(async () => {
    fake = await startResendFake({ apiKey: fullKey, sendingAccessKey: sendingKey });
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.reset());

  it("reads one page of domains with a full-access key", async () => {
    expect(await mailer(fullKey).health()).toBe(true);
    expect(fake.requests).toEqual([
      expect.objectContaining({
        method: "GET",
        path: "/domains",
        status: 200,
        headers: expect.objectContaining({ authorization: `Bearer ${fullKey}` }),
      }),
    ]);
  });

  it("counts a sending-only key as healthy: Resend accepted it before refusing the read", async () => {
    expect(await mailer(sendingKey).health()).toBe(true);
    expect(fake.requests.map((r) => r.status)).toEqual([401]);
  });

  it("is down for a wrong key, a missing-key answer, a server error, and no server at all", async () => {
    expect(await mailer("re_wrong").health()).toBe(false);
    fake.failNext(401); // missing_api_key: the key did not arrive, so nothing is known about it
    expect(await mailer(fullKey).health()).toBe(false);
    fake.failNext(500);
    expect(await mailer(fullKey).health()).toBe(false);
    expect(fake.requests.map((r) => r.status)).toEqual([403, 401, 500]);
    expect(fake.sent).toEqual([]);

    const closed = await startResendFake({ apiKey: fullKey });
    await closed.close();
    expect(await mailer(fullKey, closed.url).health()).toBe(false);
  });
});

describe("the Resend fake's GET /domains", () => {
  let fake: ResendFake;
  const apiKey = secret("re_domains");
  type ListBody = { object?: string; has_more?: boolean; data?: { id: string; name: string }[]; name?: string };
  const list = async (query = "") => {
    const response = await fetch(`${fake.url}/domains${query}`, {
      headers: { authorization: `Bearer ${apiKey}`, "user-agent": "test" },
    });
    return { status: response.status, body: (await response.json()) as ListBody };
  };

  beforeAll(async () => {
    fake = await startResendFake({ apiKey, domains: ["a.example", "b.example", "c.example"] });
  });
  afterAll(() => fake.close());

  it("lists domains newest first, in Resend's list shape", async () => {
    const { status, body } = await list();
    expect(status).toBe(200);
    expect(body).toMatchObject({ object: "list", has_more: false });
    expect(body.data!.map((d) => d.name)).toEqual(["c.example", "b.example", "a.example"]);
    expect(body.data![0]).toEqual({
      id: expect.any(String),
      name: "c.example",
      status: "verified",
      created_at: expect.any(String),
      region: "us-east-1",
      capabilities: { sending: "enabled", receiving: "disabled" },
    });
  });

  it("pages with limit and after/before cursors, leaving the cursor out", async () => {
    const first = await list("?limit=2");
    expect(first.body.data!.map((d) => d.name)).toEqual(["c.example", "b.example"]);
    expect(first.body.has_more).toBe(true);
    const second = await list(`?limit=2&after=${first.body.data![1]!.id}`);
    expect(second.body.data!.map((d) => d.name)).toEqual(["a.example"]);
    expect(second.body.has_more).toBe(false);
    const back = await list(`?limit=1&before=${second.body.data![0]!.id}`);
    expect(back.body.data!.map((d) => d.name)).toEqual(["b.example"]);
    expect(back.body.has_more).toBe(true);
  });

  it("refuses a limit outside 1–100", async () => {
    expect(await list("?limit=0")).toMatchObject({ status: 422, body: { name: "validation_error" } });
    expect(await list("?limit=101")).toMatchObject({ status: 422, body: { name: "validation_error" } });
  });
});
