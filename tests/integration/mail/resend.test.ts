import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createMailer, MailError, type MailConfig } from "@/lib/mail";
import { startResendFake, type FakeSentEmail, type ResendFake } from "../../fakes/resend";
import { describeMailContract, TEST_FROM, type DeliveredEmail } from "./mail-contract";

// The Resend driver through the real `resend` SDK, against tests/fakes/resend.ts.

const API_KEY = "re_test_4f9c2a";
let fake: ResendFake;

const configFor = (overrides: Partial<MailConfig> = {}): MailConfig => ({
  drivers: { mail: "resend" },
  MAIL_FROM: TEST_FROM,
  RESEND_API_KEY: API_KEY,
  RESEND_BASE_URL: fake.url,
  ...overrides,
});

beforeAll(async () => {
  fake = await startResendFake({ apiKey: API_KEY });
});

afterAll(async () => {
  await fake.close();
});

describeMailContract("resend", async () => ({
  mailer: createMailer(configFor()),
  delivered: async () => fake.sent.map(asDelivered),
}));

function asDelivered(email: FakeSentEmail): DeliveredEmail {
  return {
    id: email.id,
    from: email.from,
    to: email.to,
    subject: email.subject,
    html: email.html ?? "",
    text: email.text ?? "",
    headers: email.headers ?? {},
    tags: email.tags ?? [],
    ...(email.replyTo ? { replyTo: email.replyTo } : {}),
  };
}

describe("resend driver", () => {
  beforeEach(() => fake.reset());

  it("speaks Resend's wire format: bearer key, user agent, idempotency header, snake_case body", async () => {
    // A trailing slash in RESEND_BASE_URL must not produce "//emails".
    const mailer = createMailer(configFor({ RESEND_BASE_URL: `${fake.url}/` }));
    await mailer.sendEmail({
      to: "mapper@example.com",
      replyTo: ["a@example.com", "b@example.com"],
      subject: "Wire",
      html: "<p>wire</p>",
      headers: { "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
      idempotencyKey: "wire/1",
    });

    const [request] = fake.requests;
    expect(request).toMatchObject({ method: "POST", path: "/emails", status: 200 });
    expect(request!.headers).toMatchObject({
      authorization: `Bearer ${API_KEY}`,
      "idempotency-key": "wire/1",
      "content-type": "application/json",
      "user-agent": expect.stringMatching(/^resend-node:/),
    });
    expect(request!.body).toEqual({
      from: TEST_FROM,
      to: ["mapper@example.com"],
      reply_to: ["a@example.com", "b@example.com"],
      subject: "Wire",
      html: "<p>wire</p>",
      text: "wire",
      headers: { "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
    });
  });

  it("reports a wrong API key as a MailError that is not worth retrying", async () => {
    const mailer = createMailer(configFor({ RESEND_API_KEY: "re_wrong" }));
    const error = await mailer.sendEmail({ to: "mapper@example.com", subject: "Hi", html: "<p>x</p>" }).catch((thrown: unknown) => thrown);

    expect(error).toBeInstanceOf(MailError);
    expect(error).toMatchObject({ retryable: false, reason: "invalid_api_key", providerStatus: 403, driver: "resend", code: "upstream:mail" });
    expect((error as MailError).detail).toBe("API key is invalid.");
    expect(fake.sent).toHaveLength(0);
  });

  it("reports 429 as retryable with Retry-After, and a retry under the same key then succeeds once", async () => {
    const mailer = createMailer(configFor());
    const message = { to: "mapper@example.com", subject: "Digest", html: "<p>x</p>", idempotencyKey: "digest/u1/2026-11-25" };
    fake.failNext(429);
    const error = await mailer.sendEmail(message).catch((thrown: unknown) => thrown);

    expect(error).toBeInstanceOf(MailError);
    expect(error).toMatchObject({ retryable: true, reason: "rate_limit_exceeded", providerStatus: 429, retryAfter: 1, code: "unavailable:mail" });

    const first = await mailer.sendEmail(message);
    const again = await mailer.sendEmail(message);
    expect(again.id).toBe(first.id);
    expect(fake.sent).toHaveLength(1);
  });

  it.each([
    ["a 500", 500, undefined, "internal_server_error"],
    ["a proxy's non-JSON 502", 502, "<html>Bad gateway</html>", "application_error"],
  ])("reports %s as retryable", async (_case, status, body, reason) => {
    fake.failNext(status, body);
    const error = await createMailer(configFor())
      .sendEmail({ to: "mapper@example.com", subject: "Hi", html: "<p>x</p>" })
      .catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ retryable: true, reason, providerStatus: status });
  });

  it("reports a 422 from Resend as not retryable", async () => {
    fake.failNext(422, { statusCode: 422, name: "validation_error", message: "The trackwatch.test domain is not verified." });
    const error = await createMailer(configFor())
      .sendEmail({ to: "mapper@example.com", subject: "Hi", html: "<p>x</p>" })
      .catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ retryable: false, reason: "validation_error", providerStatus: 422, detail: "The trackwatch.test domain is not verified." });
  });

  it("reports an unreachable API as retryable", async () => {
    const closed = await startResendFake({ apiKey: API_KEY });
    await closed.close();
    const error = await createMailer(configFor({ RESEND_BASE_URL: closed.url }))
      .sendEmail({ to: "mapper@example.com", subject: "Hi", html: "<p>x</p>" })
      .catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ retryable: true, reason: "application_error", providerStatus: null });
  });

  it("splits a batch over 100 into chunks of 100 with per-chunk idempotency keys", async () => {
    const mailer = createMailer(configFor());
    const messages = Array.from({ length: 250 }, (_, i) => ({ to: `driver${i}@example.com`, subject: `Record ${i}`, html: `<p>${i}</p>` }));
    const { results } = await mailer.sendBatch(messages, { idempotencyKey: "daily/2026-11-25" });

    expect(fake.requests.map((request) => [request.path, (request.body as unknown[]).length, request.headers["idempotency-key"]])).toEqual([
      ["/emails/batch", 100, "daily/2026-11-25:0"],
      ["/emails/batch", 100, "daily/2026-11-25:1"],
      ["/emails/batch", 50, "daily/2026-11-25:2"],
    ]);
    expect(fake.requests[0]!.headers["x-batch-validation"]).toBe("strict");
    expect(results).toHaveLength(250);
    const sentIdByRecipient = new Map(fake.sent.map((email) => [email.to[0], email.id]));
    results.forEach((result, i) => expect(result).toEqual({ id: sentIdByRecipient.get(`driver${i}@example.com`) }));
  });

  it("marks only the failed chunk's messages, and a retry of the same batch sends just that chunk", async () => {
    const mailer = createMailer(configFor());
    const messages = Array.from({ length: 150 }, (_, i) => ({ to: `retry${i}@example.com`, subject: `Retry ${i}`, html: `<p>${i}</p>` }));
    fake.failNext(429);
    const first = await mailer.sendBatch(messages, { idempotencyKey: "retry-batch" });

    expect(first.results.slice(0, 100).every((result) => "error" in result && result.error.retryable)).toBe(true);
    expect(first.results.slice(100).every((result) => "id" in result)).toBe(true);
    expect(fake.sent).toHaveLength(50);

    const second = await mailer.sendBatch(messages, { idempotencyKey: "retry-batch" });
    expect(second.results.every((result) => "id" in result)).toBe(true);
    expect(second.results.slice(100)).toEqual(first.results.slice(100));
    expect(fake.sent).toHaveLength(150);
  });

  it("refuses a batch key too long to take a chunk suffix", async () => {
    const error = await createMailer(configFor())
      .sendBatch([{ to: "mapper@example.com", subject: "Hi", html: "<p>x</p>" }], { idempotencyKey: "k".repeat(241) })
      .catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ reason: "invalid_message", retryable: false });
    expect(fake.requests).toHaveLength(0);
  });

  it("is healthy when Resend answers a read, without sending anything", async () => {
    expect(await createMailer(configFor()).health()).toBe(true);
    expect(fake.sent).toHaveLength(0);
    expect(fake.requests.map((request) => `${request.method} ${request.path}`)).toEqual(["GET /domains"]);
  });
});

describe("resend fake", () => {
  beforeEach(() => fake.reset());

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${fake.url}${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${API_KEY}`, "user-agent": "test", "content-type": "application/json", ...headers },
      body: JSON.stringify(body),
    });

  it("answers Resend's error bodies", async () => {
    const missingKey = await fetch(`${fake.url}/emails`, { method: "POST", headers: { "user-agent": "test" }, body: "{}" });
    expect(missingKey.status).toBe(401);
    expect(await missingKey.json()).toEqual({ statusCode: 401, name: "missing_api_key", message: "Missing API key in the authorization header." });

    const noAgent = await fetch(`${fake.url}/emails`, { method: "POST", headers: { authorization: `Bearer ${API_KEY}`, "user-agent": "" }, body: "{}" });
    expect(noAgent.status).toBe(403);

    const missingField = await post("/emails", { from: TEST_FROM, subject: "Hi", html: "x" });
    expect(missingField.status).toBe(422);
    expect(await missingField.json()).toMatchObject({ name: "missing_required_field", message: "Missing `to` field." });

    const tooMany = await post("/emails/batch", Array.from({ length: 101 }, () => ({ from: TEST_FROM, to: "a@example.com", subject: "s", html: "x" })));
    expect(tooMany.status).toBe(422);

    const badKey = await post("/emails", { from: TEST_FROM, to: "a@example.com", subject: "s", html: "x" }, { "idempotency-key": "k".repeat(257) });
    expect(await badKey.json()).toMatchObject({ statusCode: 400, name: "invalid_idempotency_key" });
    expect(fake.sent).toHaveLength(0);
  });

  it("answers a reused key with a different body with 409, and the same body with the same id", async () => {
    const email = { from: TEST_FROM, to: "a@example.com", subject: "s", html: "x" };
    const first = await (await post("/emails", email, { "idempotency-key": "k1" })).json();
    const repeat = await (await post("/emails", { html: "x", subject: "s", to: "a@example.com", from: TEST_FROM }, { "idempotency-key": "k1" })).json();
    const other = await post("/emails", { ...email, subject: "other" }, { "idempotency-key": "k1" });

    expect(repeat).toEqual(first);
    expect(other.status).toBe(409);
    expect(await other.json()).toMatchObject({ name: "invalid_idempotent_request" });
    expect(fake.sent).toHaveLength(1);
  });
});
