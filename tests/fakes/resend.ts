import { createHash, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local Resend API for the real `resend` SDK (point RESEND_BASE_URL / the driver's baseUrl at
 * `url`). It answers the endpoints Trackwatch uses as resend.com/docs/api-reference describes:
 *
 * - `POST /emails` with one email → 200 `{ id }`;
 * - `POST /emails/batch` with an array of up to 100 emails → 200 `{ data: [{ id }, ...] }`
 *   (strict validation: one bad email fails the request);
 * - `GET /domains` (the mail driver's health check) → 200 `{ object: "list", has_more, data: [domain] }`,
 *   newest first, with the cursor pagination of resend.com/docs/api-reference/pagination: `limit`
 *   1–100 (all domains without it), `after` / `before` a domain id (the wording of its 422s is ours);
 * - body fields as the SDK sends them: `from, to, subject, html, text, reply_to, headers, tags, ...`;
 * - API keys: `apiKey` has full access; `sendingAccessKey`, if given, is a "sending access" key: it
 *   may send, and every other endpoint answers it 401 `restricted_api_key`;
 * - errors as `{ statusCode, name, message }`: 401 `missing_api_key` / `restricted_api_key`, 403
 *   `invalid_api_key`, 422 `validation_error` / `missing_required_field` / `invalid_from_address`, 400
 *   `invalid_idempotency_key`, 409 `invalid_idempotent_request`, 429 `rate_limit_exceeded` with a
 *   `retry-after` header, 404/405 for other routes;
 * - a request without `User-Agent` gets Cloudflare's 403 "error code: 1010" page, as on resend.com;
 * - `Idempotency-Key`: the same key with the same body answers the first response again and sends
 *   nothing; the same key with another body (or on the other endpoint) answers 409. Only
 *   successful responses are remembered, so a failed request can be retried under its key. Keys are
 *   kept 24 hours, as Resend keeps them: past that, a request under an old key is a new request and
 *   sends again. The fake has its own clock (`now`, `advance(ms)`), so a test can let a day pass.
 *
 * `failNext(status, body?)` makes the next request fail (queued, one per call) after it is read and
 * recorded, whatever it carries: that is how tests simulate outages and rate limits.
 */

export type ResendFakeOptions = {
  /** The full-access key accepted in `Authorization: Bearer <key>`. */
  apiKey: string;
  /** A key with Resend's "sending access" permission: accepted for sending only. */
  sendingAccessKey?: string;
  /** Verified sending domains, oldest first (`GET /domains` lists them newest first); default `["trackwatch.test"]`. */
  domains?: string[];
  /** Defaults to a free port. */
  port?: number;
};

/** A domain as `GET /domains` lists it (the SDK's `Domain`). */
export type FakeDomain = {
  id: string;
  name: string;
  status: "verified";
  created_at: string;
  region: "us-east-1";
  capabilities: { sending: "enabled"; receiving: "disabled" };
};

/** One email the fake accepted (and would have delivered). */
export type FakeSentEmail = {
  id: string;
  endpoint: "/emails" | "/emails/batch";
  /** The request's Idempotency-Key header. */
  idempotencyKey: string | null;
  userAgent: string | null;
  from: string;
  to: string[];
  subject: string;
  html?: string;
  text?: string;
  replyTo?: string[];
  headers?: Record<string, string>;
  tags?: { name: string; value: string }[];
  /** The email exactly as it arrived, in the API's snake_case field names. */
  body: Record<string, unknown>;
};

/** Every request, whatever came of it. */
export type FakeRequest = {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
  status: number;
};

export type ResendFake = {
  url: string;
  apiKey: string;
  sent: FakeSentEmail[];
  requests: FakeRequest[];
  /** Fails the next request with this status; the body defaults to Resend's for that status. */
  failNext(status: number, body?: unknown, options?: { headers?: Record<string, string> }): void;
  /** Forgets sent emails, requests, idempotency keys and queued failures (the clock keeps its time). */
  reset(): void;
  /** The fake's clock (the real time, plus every `advance`): when it stores an idempotency key, and when that key expires. */
  now(): Date;
  /** Moves the fake's clock forward; keys stored more than 24 hours before the new time are forgotten. */
  advance(ms: number): void;
  close(): Promise<void>;
};

type ErrorBody = { statusCode: number; name: string; message: string };
type Answer = { status: number; body: unknown; headers?: Record<string, string> };

/** The endpoints the fake knows and the methods it answers on them. */
const routeMethods: Record<string, string[]> = {
  "/emails": ["POST"],
  "/emails/batch": ["POST"],
  "/domains": ["GET"],
};

/** How long Resend keeps an idempotency key (resend.com/docs/dashboard/emails/idempotency-keys). */
export const RESEND_IDEMPOTENCY_KEY_TTL_MS = 24 * 3_600_000;

const MAX_RECIPIENTS = 50;
const MAX_BATCH = 100;
const emailPattern = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;
const mailboxPattern = /^(?:[^<>]*<([^<>\s]+)>|([^<>\s]+))$/;
const tagPattern = /^[A-Za-z0-9_-]{1,256}$/;

class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

export async function startResendFake({
  apiKey,
  sendingAccessKey,
  domains: domainNames = ["trackwatch.test"],
  port = 0,
}: ResendFakeOptions): Promise<ResendFake> {
  // The real time plus however far tests moved it on.
  let ahead = 0;
  const clock = () => Date.now() + ahead;
  const sent: FakeSentEmail[] = [];
  const createdAt = Date.now();
  // Each a second newer than the one before, kept newest first, as the API lists them.
  const domains: FakeDomain[] = domainNames
    .map((name, index) => ({
      id: randomUUID(),
      name,
      status: "verified" as const,
      created_at: new Date(createdAt + index * 1000).toISOString(),
      region: "us-east-1" as const,
      capabilities: { sending: "enabled" as const, receiving: "disabled" as const },
    }))
    .reverse();
  const requests: FakeRequest[] = [];
  const failures: Answer[] = [];
  const idempotent = new Map<string, { fingerprint: string; answer: Answer; storedAt: number }>();

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const raw = await readBody(req);
    const requestUrl = new URL(req.url ?? "/", "http://fake");
    const path = requestUrl.pathname;
    const headers = Object.fromEntries(
      Object.entries(req.headers).flatMap(([name, value]) => (value === undefined ? [] : [[name, String(value)]])),
    );
    let body: unknown;
    try {
      body = raw === "" ? undefined : JSON.parse(raw);
    } catch {
      body = raw;
    }
    const recorded: FakeRequest = { method: req.method ?? "GET", path, headers, body, status: 0 };
    requests.push(recorded);

    const answer = failures.shift() ?? route(req.method ?? "GET", path, requestUrl.searchParams, headers, body, raw);
    recorded.status = answer.status;
    const payload = typeof answer.body === "string" ? answer.body : JSON.stringify(answer.body);
    res.writeHead(answer.status, {
      "content-type": typeof answer.body === "string" ? "text/plain; charset=utf-8" : "application/json",
      ...answer.headers,
    });
    res.end(payload);
  }

  function route(
    method: string,
    path: string,
    query: URLSearchParams,
    headers: Record<string, string>,
    body: unknown,
    raw: string,
  ): Answer {
    const methods = routeMethods[path];
    if (!methods) return error(404, "not_found", "The requested endpoint does not exist.");
    if (!methods.includes(method)) return error(405, "method_not_allowed", "Method is not allowed for the requested path.");
    // Cloudflare sits in front of the API and refuses requests without a User-Agent with this page.
    if (!headers["user-agent"]) return { status: 403, body: "error code: 1010" };

    const authorization = headers.authorization;
    if (!authorization?.startsWith("Bearer ") || authorization.length === "Bearer ".length) {
      return error(401, "missing_api_key", "Missing API key in the authorization header.");
    }
    const key = authorization.slice("Bearer ".length);
    const access = key === apiKey ? "full" : key === sendingAccessKey ? "sending" : null;
    if (access === null) return error(403, "invalid_api_key", "API key is invalid.");
    const sending = path === "/emails" || path === "/emails/batch";
    // The key is known first, then its permission: a restricted key is told so, not called invalid.
    if (!sending && access !== "full") return error(401, "restricted_api_key", "This API key is restricted to only send emails.");

    return sending ? routeSend(path, headers, body, raw) : listDomains(query);
  }

  function listDomains(query: URLSearchParams): Answer {
    const after = query.get("after");
    const before = query.get("before");
    if (after !== null && before !== null) {
      return error(422, "validation_error", "You can only use one of `after` or `before`, not both.");
    }
    const rawLimit = query.get("limit");
    if (rawLimit === null) return { status: 200, body: { object: "list", has_more: false, data: domains } };
    const limit = Number(rawLimit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
      return error(422, "validation_error", "The `limit` parameter must be an integer between 1 and 100.");
    }
    const cursor = after ?? before;
    const at = cursor === null ? -1 : domains.findIndex((domain) => domain.id === cursor);
    // How Resend answers a cursor it does not know is not documented; refusing beats a wrong page.
    if (cursor !== null && at === -1) return error(404, "not_found", "Domain not found.");
    // The cursor itself is left out of the page, whichever way it goes.
    const page = before !== null ? domains.slice(Math.max(0, at - limit), at) : domains.slice(at + 1, at + 1 + limit);
    const hasMore = before !== null ? at - limit > 0 : at + 1 + limit < domains.length;
    return { status: 200, body: { object: "list", has_more: hasMore, data: page } };
  }

  function routeSend(path: string, headers: Record<string, string>, body: unknown, raw: string): Answer {
    const key = headers["idempotency-key"];
    if (key !== undefined && (key.length < 1 || key.length > 256)) {
      return error(400, "invalid_idempotency_key", "The key must be between 1-256 chars.");
    }
    const fingerprint = `${path} ${canonicalJson(body ?? raw)}`;
    if (key !== undefined) {
      const stored = idempotent.get(key);
      // An expired key is forgotten: this request is new, whatever it carries.
      const previous = stored && clock() - stored.storedAt < RESEND_IDEMPOTENCY_KEY_TTL_MS ? stored : undefined;
      if (previous && previous.fingerprint !== fingerprint) {
        return error(409, "invalid_idempotent_request", "Same idempotency key used with a different request payload.");
      }
      if (previous) return previous.answer;
    }

    let answer: Answer;
    try {
      answer = path === "/emails" ? sendOne(body, headers) : sendMany(body, headers);
    } catch (thrown) {
      if (thrown instanceof ApiError) return error(thrown.status, thrown.code, thrown.message);
      throw thrown;
    }
    if (key !== undefined) idempotent.set(key, { fingerprint, answer, storedAt: clock() });
    return answer;
  }

  function sendOne(body: unknown, headers: Record<string, string>): Answer {
    const email = validateEmail(body, "");
    return { status: 200, body: { id: accept(email, "/emails", headers) } };
  }

  function sendMany(body: unknown, headers: Record<string, string>): Answer {
    if (!Array.isArray(body)) throw new ApiError(422, "validation_error", "The request body must be an array of emails.");
    if (body.length === 0) throw new ApiError(422, "validation_error", "The batch must contain at least one email.");
    if (body.length > MAX_BATCH) {
      throw new ApiError(422, "validation_error", `Too many emails in the batch: ${body.length}. The maximum is ${MAX_BATCH}.`);
    }
    // Strict validation: check every email before accepting any.
    const emails = body.map((item, index) => validateEmail(item, `emails[${index}].`));
    return { status: 200, body: { data: emails.map((email) => ({ id: accept(email, "/emails/batch", headers) })) } };
  }

  function accept(email: Record<string, unknown>, endpoint: FakeSentEmail["endpoint"], headers: Record<string, string>): string {
    const id = randomUUID();
    sent.push({
      id,
      endpoint,
      idempotencyKey: headers["idempotency-key"] ?? null,
      userAgent: headers["user-agent"] ?? null,
      from: email.from as string,
      to: asList(email.to),
      subject: email.subject as string,
      html: email.html as string | undefined,
      text: email.text as string | undefined,
      replyTo: email.reply_to === undefined ? undefined : asList(email.reply_to),
      headers: email.headers as Record<string, string> | undefined,
      tags: email.tags as { name: string; value: string }[] | undefined,
      body: email,
    });
    return id;
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((thrown: unknown) => {
      res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ statusCode: 500, name: "internal_server_error", message: String(thrown) }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const { port: actualPort } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${actualPort}`,
    apiKey,
    sent,
    requests,
    failNext(status, body, options) {
      failures.push({ status, body: body ?? defaultErrorBody(status), headers: options?.headers ?? defaultErrorHeaders(status) });
    },
    reset() {
      sent.length = 0;
      requests.length = 0;
      failures.length = 0;
      idempotent.clear();
    },
    now: () => new Date(clock()),
    advance(ms) {
      if (!(ms >= 0)) throw new Error(`the fake's clock only moves forward (asked to move by ${ms} ms)`);
      ahead += ms;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((closeError) => (closeError ? reject(closeError) : resolve()));
      }),
  };
}

/** Checks one email the way the API does; the prefix names its place in a batch. */
function validateEmail(value: unknown, at: string): Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new ApiError(422, "validation_error", `${at}The email must be an object.`);
  }
  const email = value as Record<string, unknown>;
  for (const field of ["from", "to", "subject"]) {
    if (email[field] === undefined || email[field] === "") {
      throw new ApiError(422, "missing_required_field", `${at}Missing \`${field}\` field.`);
    }
  }
  if (typeof email.from !== "string" || !isMailbox(email.from)) {
    throw new ApiError(
      422,
      "invalid_from_address",
      `${at}Invalid \`from\` field. The email address needs to follow the \`email@example.com\` or \`Name <email@example.com>\` format.`,
    );
  }
  for (const field of ["to", "reply_to", "cc", "bcc"]) {
    if (email[field] === undefined) continue;
    const list = email[field];
    const addresses = Array.isArray(list) ? list : [list];
    if (addresses.length === 0 || addresses.some((address) => typeof address !== "string" || !isMailbox(address))) {
      throw new ApiError(
        422,
        "validation_error",
        `${at}Invalid \`${field}\` field. The email address needs to follow the \`email@example.com\` or \`Name <email@example.com>\` format.`,
      );
    }
    if (addresses.length > MAX_RECIPIENTS) {
      throw new ApiError(422, "validation_error", `${at}Too many recipients in \`${field}\`. The maximum is ${MAX_RECIPIENTS}.`);
    }
  }
  if (typeof email.subject !== "string") throw new ApiError(422, "validation_error", `${at}The \`subject\` field must be a string.`);
  if (typeof email.html !== "string" && typeof email.text !== "string") {
    throw new ApiError(422, "validation_error", `${at}Missing \`html\` or \`text\` field.`);
  }
  if (email.headers !== undefined) {
    const headers = email.headers;
    if (headers === null || typeof headers !== "object" || Array.isArray(headers) || Object.values(headers).some((v) => typeof v !== "string")) {
      throw new ApiError(422, "validation_error", `${at}The \`headers\` field must be an object of strings.`);
    }
  }
  if (email.tags !== undefined) {
    const tags = email.tags;
    const valid =
      Array.isArray(tags) &&
      tags.every(
        (tag: unknown) =>
          tag !== null &&
          typeof tag === "object" &&
          tagPattern.test(String((tag as { name?: unknown }).name)) &&
          tagPattern.test(String((tag as { value?: unknown }).value)),
      );
    if (!valid) {
      throw new ApiError(
        422,
        "validation_error",
        `${at}Tags should only contain ASCII letters (a–z, A–Z), numbers (0–9), underscores (_), or dashes (-).`,
      );
    }
  }
  return email;
}

/** `email@example.com` or `Name <email@example.com>`, the forms the API accepts in address fields. */
function isMailbox(value: string): boolean {
  const match = mailboxPattern.exec(value);
  return emailPattern.test(match?.[1] ?? match?.[2] ?? "");
}

function error(status: number, name: string, message: string): Answer {
  return { status, body: { statusCode: status, name, message } satisfies ErrorBody };
}

function defaultErrorBody(status: number): ErrorBody {
  const known: Record<number, [string, string]> = {
    400: ["validation_error", "We found an error with one or more fields in the request."],
    401: ["missing_api_key", "Missing API key in the authorization header."],
    403: ["invalid_api_key", "API key is invalid."],
    409: ["concurrent_idempotent_requests", "Same idempotency key used while original request is still in progress."],
    422: ["validation_error", "We found an error with one or more fields in the request."],
    429: ["rate_limit_exceeded", "Too many requests. You can only make 2 requests per second."],
    500: ["internal_server_error", "An unexpected error occurred."],
  };
  const [name, message] = known[status] ?? (status >= 500 ? known[500]! : ["validation_error", "The request failed."]);
  return { statusCode: status, name, message };
}

function defaultErrorHeaders(status: number): Record<string, string> | undefined {
  return status === 429 ? { "retry-after": "1", "ratelimit-limit": "2", "ratelimit-remaining": "0", "ratelimit-reset": "1" } : undefined;
}

function asList(value: unknown): string[] {
  return (Array.isArray(value) ? value : [value]).map(String);
}

// The body's meaning, not its bytes, decides whether a repeat under one key is "the same request".
function canonicalJson(value: unknown): string {
  return createHash("sha256")
    .update(
      JSON.stringify(value, (_key, inner: unknown) =>
        inner !== null && typeof inner === "object" && !Array.isArray(inner)
          ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
          : inner,
      ),
    )
    .digest("hex");
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}
