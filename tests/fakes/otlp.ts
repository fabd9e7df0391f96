import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";

/**
 * A local OpenTelemetry collector for traces over OTLP/HTTP with the JSON encoding (point
 * OTEL_EXPORTER_OTLP_ENDPOINT at `url`, OTEL_EXPORTER_OTLP_PROTOCOL=http/json). It answers:
 *
 * - `POST /v1/traces` with an `ExportTraceServiceRequest` as JSON
 *   (opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding: `resourceSpans[].scopeSpans[].spans[]`,
 *   hex trace and span ids, attributes as `[{ key, value: { stringValue | intValue | … } }]`) → 200 `{}`,
 *   keeping every span; gzip bodies are accepted, as collectors do;
 * - `POST /v1/traces` with another content type (protobuf) → 415: this fake reads JSON only;
 * - `GET /v1/traces` (also `GET /spans`) → 200 `{ spans }`, what was received, oldest first,
 *   narrowed by `?name=`, `?traceId=` or `?attribute=key=value` (repeatable): the staging journey reads it over HTTP;
 * - anything else → 404, or 405 for another method on a known path.
 *
 * Spans come back flattened: attributes as a plain object of values (intValue as a number).
 */

export type OtlpSpan = {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  /** OTLP's SpanKind: 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: Record<string, unknown>;
  events: { name: string; attributes: Record<string, unknown> }[];
  /** OTLP's StatusCode: 0 unset, 1 ok, 2 error. */
  status: { code: number; message?: string };
  /** The instrumentation scope's name (`trackwatch` for our own spans). */
  scope: string;
  /** The resource's attributes (`service.name`…). */
  resource: Record<string, unknown>;
};

export type OtlpFakeOptions = {
  /** Defaults to a free port. */
  port?: number;
};

export type OtlpFake = {
  /** The collector's base URL: the exporter posts to `${url}/v1/traces`. */
  url: string;
  /** Every span received, oldest first. */
  spans(): OtlpSpan[];
  findByName(name: string): OtlpSpan[];
  /** The spans of one trace. */
  trace(traceId: string): OtlpSpan[];
  /** Resolves with the first span `match` accepts, once it has arrived; rejects after `timeoutMs` (default 10 s). */
  waitForSpan(match: (span: OtlpSpan) => boolean, options?: { timeoutMs?: number }): Promise<OtlpSpan>;
  /** Export requests received (each one batch), with their headers and what came of them. */
  requests: { contentType: string | null; headers: Record<string, string>; status: number; spans: number }[];
  reset(): void;
  close(): Promise<void>;
};

type AnyValue = {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: number | string;
  doubleValue?: number;
  bytesValue?: string;
  arrayValue?: { values?: AnyValue[] };
  kvlistValue?: { values?: KeyValue[] };
};
type KeyValue = { key: string; value?: AnyValue };
type JsonSpan = {
  traceId?: string;
  spanId?: string;
  parentSpanId?: string;
  name?: string;
  kind?: number;
  startTimeUnixNano?: string | number;
  endTimeUnixNano?: string | number;
  attributes?: KeyValue[];
  events?: { name?: string; attributes?: KeyValue[] }[];
  status?: { code?: number; message?: string };
};
type ExportRequest = {
  resourceSpans?: {
    resource?: { attributes?: KeyValue[] };
    scopeSpans?: { scope?: { name?: string }; spans?: JsonSpan[] }[];
  }[];
};

/** Export bodies are batches of a few hundred spans at most; anything far bigger is a mistake. */
const MAX_BODY_BYTES = 16 * 1024 * 1024;

export async function startOtlpFake({ port = 0 }: OtlpFakeOptions = {}): Promise<OtlpFake> {
  const received: OtlpSpan[] = [];
  const requests: OtlpFake["requests"] = [];
  let waiters: { match: (span: OtlpSpan) => boolean; resolve: (span: OtlpSpan) => void }[] = [];

  function keep(spans: OtlpSpan[]) {
    received.push(...spans);
    waiters = waiters.filter((waiter) => {
      const found = spans.find(waiter.match);
      if (found) waiter.resolve(found);
      return !found;
    });
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", "http://otlp.local");
    const known = url.pathname === "/v1/traces" || url.pathname === "/spans";
    if (!known) return send(res, 404, { error: `unknown path ${url.pathname}: POST /v1/traces, GET /v1/traces or /spans` });

    if (req.method === "GET") return send(res, 200, { spans: filterSpans(received, url.searchParams) });
    if (req.method !== "POST" || url.pathname !== "/v1/traces") return send(res, 405, { error: `${req.method} is not allowed on ${url.pathname}` });

    const contentType = req.headers["content-type"] ?? null;
    const headers = Object.fromEntries(Object.entries(req.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(", ") : (value ?? "")]));
    const raw = await readBody(req);
    if (!contentType?.startsWith("application/json")) {
      requests.push({ contentType, headers, status: 415, spans: 0 });
      return send(res, 415, { error: "this fake reads the OTLP JSON encoding only (OTEL_EXPORTER_OTLP_PROTOCOL=http/json)" });
    }
    let body: ExportRequest;
    try {
      const text = (req.headers["content-encoding"] === "gzip" ? gunzipSync(raw) : raw).toString("utf8");
      body = JSON.parse(text) as ExportRequest;
    } catch (error) {
      requests.push({ contentType, headers, status: 400, spans: 0 });
      return send(res, 400, { error: `not an ExportTraceServiceRequest: ${(error as Error).message}` });
    }
    const spans = flatten(body);
    requests.push({ contentType, headers, status: 200, spans: spans.length });
    keep(spans);
    // An ExportTraceServiceResponse with nothing rejected.
    return send(res, 200, {});
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((thrown: unknown) => send(res, 500, { error: String(thrown) }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const { port: actualPort } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${actualPort}`,
    spans: () => [...received],
    findByName: (name) => received.filter((span) => span.name === name),
    trace: (traceId) => received.filter((span) => span.traceId === traceId),
    waitForSpan(match, { timeoutMs = 10_000 } = {}) {
      const found = received.find(match);
      if (found) return Promise.resolve(found);
      return new Promise<OtlpSpan>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters = waiters.filter((waiter) => waiter.resolve !== done);
          reject(new Error(`no matching span arrived within ${timeoutMs} ms; received: ${received.map((span) => span.name).join(", ") || "none"}`));
        }, timeoutMs);
        const done = (span: OtlpSpan) => {
          clearTimeout(timer);
          resolve(span);
        };
        waiters.push({ match, resolve: done });
      });
    },
    requests,
    reset() {
      received.length = 0;
      requests.length = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((closeError) => (closeError ? reject(closeError) : resolve()));
      }),
  };
}

/** One OtlpSpan per span in the request, carrying its resource's and scope's names. */
function flatten(body: ExportRequest): OtlpSpan[] {
  return (body.resourceSpans ?? []).flatMap((resourceSpans) => {
    const resource = attributesOf(resourceSpans.resource?.attributes);
    return (resourceSpans.scopeSpans ?? []).flatMap((scopeSpans) =>
      (scopeSpans.spans ?? []).map((span) => ({
        traceId: span.traceId ?? "",
        spanId: span.spanId ?? "",
        // The JS exporter leaves it out for a root span; others send an empty string.
        ...(span.parentSpanId ? { parentSpanId: span.parentSpanId } : {}),
        name: span.name ?? "",
        kind: span.kind ?? 0,
        startTimeUnixNano: String(span.startTimeUnixNano ?? "0"),
        endTimeUnixNano: String(span.endTimeUnixNano ?? "0"),
        attributes: attributesOf(span.attributes),
        events: (span.events ?? []).map((event) => ({ name: event.name ?? "", attributes: attributesOf(event.attributes) })),
        status: { code: span.status?.code ?? 0, ...(span.status?.message ? { message: span.status.message } : {}) },
        scope: scopeSpans.scope?.name ?? "",
        resource,
      })),
    );
  });
}

function attributesOf(list: KeyValue[] | undefined): Record<string, unknown> {
  return Object.fromEntries((list ?? []).map(({ key, value }) => [key, valueOf(value)]));
}

function valueOf(value: AnyValue | undefined): unknown {
  if (!value) return null;
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  // proto3's JSON mapping writes int64 as a string; the JS exporter writes a number.
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.bytesValue !== undefined) return value.bytesValue;
  if (value.arrayValue !== undefined) return (value.arrayValue.values ?? []).map(valueOf);
  if (value.kvlistValue !== undefined) return attributesOf(value.kvlistValue.values);
  return null;
}

/** `?name=`, `?traceId=` and `?attribute=key=value` (all must hold). */
function filterSpans(spans: OtlpSpan[], query: URLSearchParams): OtlpSpan[] {
  const name = query.get("name");
  const traceId = query.get("traceId");
  const attributes = query.getAll("attribute").map((pair) => {
    const at = pair.indexOf("=");
    return at < 0 ? { key: pair, value: null } : { key: pair.slice(0, at), value: pair.slice(at + 1) };
  });
  return spans.filter(
    (span) =>
      (name === null || span.name === name) &&
      (traceId === null || span.traceId === traceId) &&
      attributes.every(({ key, value }) => key in span.attributes && (value === null || String(span.attributes[key]) === value)),
  );
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error(`body over ${MAX_BODY_BYTES} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown) {
  if (res.headersSent) return;
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}
