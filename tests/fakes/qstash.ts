import { createHash, createHmac, randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local QStash for tests: enough of the REST API for `@upstash/qstash` 2.12's `Client` (publish,
 * publishJSON, schedules.create/get/list/delete) and a delivery loop that calls destinations the
 * way QStash does: POST with the raw body, `Upstash-Signature` (an HS256 JWT made with the current
 * signing key), `Upstash-Message-Id` and `Upstash-Retried`, retrying non-2xx answers up to
 * `Upstash-Retries` times. No QStash emulator can be installed here (the CLI downloads a binary at
 * install), so this is the protocol as the SDK sends it (node_modules/@upstash/qstash, processHeaders
 * and Schedules.create) and as `Receiver.verify` checks it.
 *
 * Simplified on purpose: retries wait `retryDelayMs` instead of QStash's exponential minutes;
 * delays can be scaled down; deduplication ids never expire; schedules fire only through
 * `triggerSchedule`, never by their cron.
 */

export interface QStashFakeOptions {
  currentSigningKey: string;
  nextSigningKey: string;
  token: string;
  /** Wait between delivery attempts. Default 10 ms. */
  retryDelayMs?: number;
  /** Multiplies every Upstash-Delay / Not-Before wait (0.01 turns "2s" into 20 ms). Default 1. */
  delayScale?: number;
  /** When false, published messages wait for `deliver()`. Default true. */
  autoDeliver?: boolean;
  /** Which key signs deliveries (QStash signs with the current one; "next" imitates a rotation). */
  signWith?: "current" | "next";
}

export interface FakeFlowControl {
  key: string;
  parallelism?: number;
  rate?: number;
  /** Milliseconds. */
  periodMs?: number;
}

export interface FakeDeliveryAttempt {
  retried: number;
  /** HTTP status, or 0 when the destination could not be reached. */
  status: number;
  body: string;
}

export interface FakeMessage {
  messageId: string;
  destination: string;
  method: string;
  body: string;
  /** Headers the destination receives besides QStash's own (`Upstash-Forward-*` unprefixed, Content-Type). */
  forwardHeaders: Record<string, string>;
  retries: number;
  delayMs: number;
  deduplicationId?: string;
  flowControl?: FakeFlowControl;
  scheduleId?: string;
  state: "pending" | "delivering" | "delivered" | "failed";
  attempts: FakeDeliveryAttempt[];
}

export interface FakePublish {
  messageId: string;
  destination: string;
  deduplicated: boolean;
  /** Every request header as received, lower-cased. */
  headers: Record<string, string>;
  body: string;
}

export interface FakeSchedule {
  scheduleId: string;
  cron: string;
  destination: string;
  method: string;
  body: string;
  forwardHeaders: Record<string, string>;
  retries: number;
  delayMs: number;
  flowControl?: FakeFlowControl;
  createdAt: number;
}

export interface QStashFake {
  /** Give this to the SDK as `baseUrl` (QSTASH_URL). */
  url: string;
  /** Every publish call, in order, including deduplicated ones. */
  published: FakePublish[];
  /** Every distinct message, with its delivery attempts. */
  messages: FakeMessage[];
  schedules: Map<string, FakeSchedule>;
  /** Starts delivering what is pending (with autoDeliver off) and waits until nothing is in flight. */
  deliver(): Promise<void>;
  /** Resolves once no message is pending, delayed, waiting for a retry or being delivered. */
  idle(): Promise<void>;
  /** Publishes one message from a schedule, as QStash does when its cron fires. */
  triggerSchedule(scheduleId: string): FakeMessage;
  close(): Promise<void>;
}

const DEFAULT_RETRIES = 3;

/** A QStash-style signature for `body` sent to `url`; exported so tests can forge bad ones. */
export function signQStashJwt({
  key,
  url,
  body,
  nowSeconds = Math.floor(Date.now() / 1000),
  claims = {},
}: {
  key: string;
  url: string;
  body: string;
  nowSeconds?: number;
  claims?: Record<string, unknown>;
}): string {
  const header = { alg: "HS256", typ: "JWT" };
  const payload = {
    iss: "Upstash",
    sub: url,
    exp: nowSeconds + 300,
    nbf: nowSeconds,
    iat: nowSeconds,
    jti: `jwt_${randomBytes(12).toString("hex")}`,
    body: createHash("sha256").update(body).digest("base64url"),
    ...claims,
  };
  const signingInput = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  return `${signingInput}.${createHmac("sha256", key).update(signingInput).digest("base64url")}`;
}

const b64url = (text: string) => Buffer.from(text).toString("base64url");

function parseDuration(value: string): number | undefined {
  const match = /^(\d+)(ms|s|m|h|d)?$/.exec(value.trim());
  if (!match) return undefined;
  const unit = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] ?? "s"]!;
  return Number(match[1]) * unit;
}

function parseFlowControl(key: string | undefined, value: string | undefined): FakeFlowControl | undefined | "invalid" {
  if (key === undefined) return undefined;
  const flow: FakeFlowControl = { key };
  for (const part of (value ?? "").split(",").map((p) => p.trim()).filter(Boolean)) {
    const [name, raw = ""] = part.split("=").map((p) => p.trim());
    if (name === "parallelism") flow.parallelism = Number(raw);
    else if (name === "rate") flow.rate = Number(raw);
    else if (name === "period") flow.periodMs = parseDuration(raw);
    else return "invalid";
  }
  if (flow.parallelism === undefined && flow.rate === undefined) return "invalid";
  return flow;
}

/** Splits a request's headers into QStash's own and those to forward to the destination. */
function headersOf(req: http.IncomingMessage): { all: Record<string, string>; forward: Record<string, string> } {
  const all: Record<string, string> = {};
  const forward: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(", ") : value;
    all[name] = text;
    if (name.startsWith("upstash-forward-")) forward[name.slice("upstash-forward-".length)] = text;
    if (name === "content-type") forward["content-type"] = text;
  }
  return { all, forward };
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function sendJson(res: http.ServerResponse, status: number, value: unknown) {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(value));
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));

export async function startQStashFake(options: QStashFakeOptions): Promise<QStashFake> {
  const retryDelayMs = options.retryDelayMs ?? 10;
  const delayScale = options.delayScale ?? 1;
  let autoDeliver = options.autoDeliver ?? true;
  const signingKey = options.signWith === "next" ? options.nextSigningKey : options.currentSigningKey;

  const published: FakePublish[] = [];
  const messages: FakeMessage[] = [];
  const schedules = new Map<string, FakeSchedule>();
  const byDeduplicationId = new Map<string, FakeMessage>();
  const inFlight = new Set<Promise<void>>();
  const launched = new Set<string>();
  const flowState = new Map<string, { active: number; starts: number[]; waiters: (() => void)[] }>();
  let idleWaiters: (() => void)[] = [];
  let closed = false;

  const newId = (prefix: string) => `${prefix}_${randomBytes(10).toString("hex")}`;

  function flowOf(key: string) {
    let state = flowState.get(key);
    if (!state) {
      state = { active: 0, starts: [], waiters: [] };
      flowState.set(key, state);
    }
    return state;
  }

  /** Waits for a parallelism slot and a rate slot of the message's flow-control key. */
  async function acquire(flow: FakeFlowControl | undefined): Promise<() => void> {
    if (!flow) return () => undefined;
    const state = flowOf(flow.key);
    for (;;) {
      const now = Date.now();
      const periodMs = flow.periodMs ?? 1_000;
      state.starts = state.starts.filter((at) => now - at < periodMs);
      const parallelOk = flow.parallelism === undefined || state.active < flow.parallelism;
      const rateOk = flow.rate === undefined || state.starts.length < flow.rate;
      if (parallelOk && rateOk) break;
      if (!parallelOk) await new Promise<void>((resolve) => state.waiters.push(resolve));
      else await sleep(state.starts[0]! + periodMs - now);
    }
    state.active += 1;
    state.starts.push(Date.now());
    return () => {
      state.active -= 1;
      state.waiters.shift()?.();
    };
  }

  async function deliverOnce(message: FakeMessage): Promise<FakeDeliveryAttempt> {
    const retried = message.attempts.length;
    const headers: Record<string, string> = {
      ...message.forwardHeaders,
      "upstash-signature": signQStashJwt({ key: signingKey, url: message.destination, body: message.body }),
      "upstash-message-id": message.messageId,
      "upstash-retried": String(retried),
      "user-agent": "Upstash-QStash",
    };
    if (message.scheduleId) headers["upstash-schedule-id"] = message.scheduleId;
    try {
      const response = await fetch(message.destination, {
        method: message.method,
        headers,
        body: message.method === "GET" || message.method === "HEAD" ? undefined : message.body,
        signal: AbortSignal.timeout(30_000),
      });
      return { retried, status: response.status, body: await response.text() };
    } catch (error) {
      return { retried, status: 0, body: (error as Error).message };
    }
  }

  async function run(message: FakeMessage) {
    if (message.delayMs > 0) await sleep(message.delayMs * delayScale);
    message.state = "delivering";
    for (;;) {
      if (closed) return;
      const release = await acquire(message.flowControl);
      let attempt: FakeDeliveryAttempt;
      try {
        attempt = await deliverOnce(message);
      } finally {
        release();
      }
      message.attempts.push(attempt);
      if (attempt.status >= 200 && attempt.status < 300) {
        message.state = "delivered";
        return;
      }
      if (attempt.retried >= message.retries) {
        message.state = "failed"; // QStash would move it to the DLQ.
        return;
      }
      await sleep(retryDelayMs);
    }
  }

  function launch(message: FakeMessage) {
    launched.add(message.messageId);
    const task = run(message).finally(() => {
      inFlight.delete(task);
      if (inFlight.size > 0) return;
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const resolve of waiters) resolve();
    });
    inFlight.add(task);
  }

  function accept(message: FakeMessage) {
    messages.push(message);
    if (autoDeliver) launch(message);
  }

  function publish(req: http.IncomingMessage, res: http.ServerResponse, destination: string, body: string) {
    const { all, forward } = headersOf(req);
    const messageBase = messageOptions(all, res);
    if (!messageBase) return;
    const deduplicationId = all["upstash-deduplication-id"];
    const duplicate = deduplicationId !== undefined ? byDeduplicationId.get(deduplicationId) : undefined;
    if (duplicate) {
      published.push({ messageId: duplicate.messageId, destination, deduplicated: true, headers: all, body });
      return sendJson(res, 201, { messageId: duplicate.messageId, url: destination, deduplicated: true });
    }
    const message: FakeMessage = {
      messageId: newId("msg"),
      destination,
      body,
      forwardHeaders: forward,
      deduplicationId,
      state: "pending",
      attempts: [],
      ...messageBase,
    };
    if (deduplicationId !== undefined) byDeduplicationId.set(deduplicationId, message);
    published.push({ messageId: message.messageId, destination, deduplicated: false, headers: all, body });
    accept(message);
    sendJson(res, 201, { messageId: message.messageId, url: destination });
  }

  /** Method, retries, delay and flow control from Upstash-* headers; answers 400 itself when they are bad. */
  function messageOptions(all: Record<string, string>, res: http.ServerResponse) {
    const retries = all["upstash-retries"] === undefined ? DEFAULT_RETRIES : Number(all["upstash-retries"]);
    if (!Number.isInteger(retries) || retries < 0) return void sendJson(res, 400, { error: "invalid Upstash-Retries" });
    let delayMs = 0;
    if (all["upstash-delay"] !== undefined) {
      const parsed = parseDuration(all["upstash-delay"]);
      if (parsed === undefined) return void sendJson(res, 400, { error: "invalid Upstash-Delay" });
      delayMs = parsed;
    }
    if (all["upstash-not-before"] !== undefined) delayMs = Math.max(0, Number(all["upstash-not-before"]) * 1000 - Date.now());
    const flowControl = parseFlowControl(all["upstash-flow-control-key"], all["upstash-flow-control-value"]);
    if (flowControl === "invalid") return void sendJson(res, 400, { error: "invalid Upstash-Flow-Control-Value" });
    return { method: (all["upstash-method"] ?? "POST").toUpperCase(), retries, delayMs, flowControl };
  }

  function createSchedule(req: http.IncomingMessage, res: http.ServerResponse, destination: string, body: string) {
    const { all, forward } = headersOf(req);
    const cron = all["upstash-cron"];
    if (!cron) return sendJson(res, 400, { error: "Upstash-Cron header is required" });
    const base = messageOptions(all, res);
    if (!base) return;
    const scheduleId = all["upstash-schedule-id"] ?? newId("scd");
    const existing = schedules.get(scheduleId);
    schedules.set(scheduleId, {
      scheduleId,
      cron,
      destination,
      body,
      forwardHeaders: forward,
      createdAt: existing?.createdAt ?? Date.now(),
      method: base.method,
      retries: base.retries,
      delayMs: base.delayMs,
      flowControl: base.flowControl,
    });
    sendJson(res, 201, { scheduleId });
  }

  function scheduleJson(schedule: FakeSchedule) {
    return {
      scheduleId: schedule.scheduleId,
      cron: schedule.cron,
      createdAt: schedule.createdAt,
      destination: schedule.destination,
      method: schedule.method,
      header: Object.fromEntries(Object.entries(schedule.forwardHeaders).map(([k, v]) => [k, [v]])),
      body: schedule.body,
      retries: schedule.retries,
      delay: Math.round(schedule.delayMs / 1000),
      isPaused: false,
      ...(schedule.flowControl
        ? { flowControlKey: schedule.flowControl.key, parallelism: schedule.flowControl.parallelism, rate: schedule.flowControl.rate }
        : {}),
    };
  }

  const server = http.createServer((req, res) => {
    void (async () => {
      if (req.headers.authorization !== `Bearer ${options.token}`) {
        await readBody(req);
        return sendJson(res, 401, { error: "Unauthorized" });
      }
      const body = await readBody(req);
      // The SDK puts the destination URL into the path as is: /v2/publish/http://host/api/jobs/x
      const path = req.url ?? "/";
      const publishMatch = /^\/v2\/publish\/(.+)$/.exec(path);
      const scheduleMatch = /^\/v2\/schedules(?:\/(.+))?$/.exec(path);
      if (req.method === "POST" && publishMatch) {
        const destination = publishMatch[1]!;
        if (!/^https?:\/\//.test(destination)) return sendJson(res, 400, { error: `invalid destination url: ${destination}` });
        return publish(req, res, destination, body);
      }
      if (scheduleMatch) {
        const rest = scheduleMatch[1];
        if (req.method === "POST" && rest && /^https?:\/\//.test(rest)) return createSchedule(req, res, rest, body);
        if (req.method === "GET" && !rest) return sendJson(res, 200, [...schedules.values()].map(scheduleJson));
        const schedule = rest ? schedules.get(decodeURIComponent(rest)) : undefined;
        if (req.method === "GET" && schedule) return sendJson(res, 200, scheduleJson(schedule));
        if (req.method === "DELETE" && rest) {
          schedules.delete(decodeURIComponent(rest));
          return res.writeHead(200).end();
        }
        return sendJson(res, 404, { error: "schedule not found" });
      }
      sendJson(res, 404, { error: `not implemented by the fake: ${req.method} ${path}` });
    })().catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: (error as Error).message });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  const idle = () =>
    inFlight.size === 0 ? Promise.resolve() : new Promise<void>((resolve) => idleWaiters.push(resolve));

  return {
    url: `http://127.0.0.1:${port}`,
    published,
    messages,
    schedules,
    async deliver() {
      autoDeliver = true;
      for (const message of messages) if (!launched.has(message.messageId)) launch(message);
      await idle();
    },
    idle,
    triggerSchedule(scheduleId) {
      const schedule = schedules.get(scheduleId);
      if (!schedule) throw new Error(`No schedule ${scheduleId}`);
      const message: FakeMessage = {
        messageId: newId("msg"),
        destination: schedule.destination,
        method: schedule.method,
        body: schedule.body,
        forwardHeaders: schedule.forwardHeaders,
        retries: schedule.retries,
        delayMs: schedule.delayMs,
        flowControl: schedule.flowControl,
        scheduleId,
        state: "pending",
        attempts: [],
      };
      accept(message);
      return message;
    },
    async close() {
      closed = true;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
