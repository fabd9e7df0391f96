import { afterAll, describe, expect, it } from "vitest";
import { startOtlpFake } from "../../fakes/otlp";

// The exporter the server registers, pointed at a local OTLP/HTTP collector: spans really leave the
// process as OTLP JSON, batched, under the service name "trackwatch", with the configured headers.

const otlp = await startOtlpFake();
afterAll(() => otlp.close());

const { loadConfig } = await import("@/lib/config");
const { registerTelemetry, telemetryConfiguration } = await import("@/lib/observability/register");
const { ATTR, flushTelemetry, withSpan } = await import("@/lib/observability");

const config = loadConfig({
  OTEL_EXPORTER_OTLP_ENDPOINT: `${otlp.url}/`,
  OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
  OTEL_EXPORTER_OTLP_HEADERS: "x-collector-key=s3cret%2C1,x-team=trackwatch",
});
registerTelemetry({ config });

describe("exporting traces over OTLP/HTTP", () => {
  it("sends a span and its child to the collector once flushed", async () => {
    await withSpan("test.parent", { [ATTR.runId]: "run-otlp" }, () => withSpan("test.child", { [ATTR.tmService]: "live", [ATTR.httpStatus]: 200 }, async () => undefined));
    await flushTelemetry();

    const [parent] = otlp.findByName("test.parent");
    const [child] = otlp.findByName("test.child");
    expect(parent).toMatchObject({ scope: "trackwatch", attributes: { [ATTR.runId]: "run-otlp" } });
    expect(parent!.parentSpanId).toBeUndefined();
    expect(parent!.resource["service.name"]).toBe("trackwatch");
    expect(child).toMatchObject({ traceId: parent!.traceId, parentSpanId: parent!.spanId });
    // An int attribute comes back as a number, the inherited run id along with it.
    expect(child!.attributes).toMatchObject({ [ATTR.tmService]: "live", [ATTR.httpStatus]: 200, [ATTR.runId]: "run-otlp" });
    expect(parent!.traceId).toMatch(/^[0-9a-f]{32}$/);
  });

  it("posts JSON to <endpoint>/v1/traces with the configured headers, and lists what arrived over HTTP", async () => {
    expect(otlp.requests.length).toBeGreaterThan(0);
    expect(otlp.requests.every((request) => request.status === 200 && request.contentType?.startsWith("application/json"))).toBe(true);
    expect(otlp.requests[0]!.headers).toMatchObject({ "x-collector-key": "s3cret,1", "x-team": "trackwatch" });
    // The exporter's own requests are not traced (no span about sending spans).
    expect(otlp.spans().map((span) => span.scope)).toEqual(["trackwatch", "trackwatch"]);

    const listed = (await (await fetch(`${otlp.url}/v1/traces?name=test.child`)).json()) as { spans: { name: string }[] };
    expect(listed.spans.map((span) => span.name)).toEqual(["test.child"]);
    const byRun = (await (await fetch(`${otlp.url}/spans?attribute=${encodeURIComponent(`${ATTR.runId}=run-otlp`)}`)).json()) as { spans: { name: string }[] };
    expect(byRun.spans.map((span) => span.name).sort()).toEqual(["test.child", "test.parent"]);
  });

  it("records a failure's error status and exception event", async () => {
    await expect(withSpan("test.failing", {}, () => Promise.reject(new TypeError("bad input")))).rejects.toThrow("bad input");
    await flushTelemetry();
    const [failing] = otlp.findByName("test.failing");
    expect(failing!.status).toEqual({ code: 2, message: "TypeError: bad input" });
    expect(failing!.events.map((event) => event.name)).toEqual(["exception"]);
  });
});

describe("telemetry configuration", () => {
  it("without an endpoint: no exporter, no processor, nothing sampled (no network at all)", () => {
    const options = telemetryConfiguration(loadConfig({}));
    expect(options).toEqual({ serviceName: "trackwatch", spanProcessors: [], traceSampler: "always_off" });
  });

  it("with an endpoint: its exporter, and @vercel/otel's automatic processors left out", () => {
    const options = telemetryConfiguration(config);
    expect(options.spanProcessors).toEqual([]);
    expect(options.traceExporter).toBeDefined();
    expect(options.traceSampler).toBeUndefined();
  });

  it("refuses an endpoint that is not an http(s) URL and headers that are not key=value pairs", () => {
    expect(() => loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: "grpc://collector:4317" })).toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT/);
    expect(() => loadConfig({ OTEL_EXPORTER_OTLP_PROTOCOL: "grpc" })).toThrow(/OTEL_EXPORTER_OTLP_PROTOCOL/);
    expect(() => loadConfig({ OTEL_EXPORTER_OTLP_HEADERS: "just-a-token" })).toThrow(/OTEL_EXPORTER_OTLP_HEADERS/);
    expect(loadConfig({ OTEL_EXPORTER_OTLP_HEADERS: "" }).OTEL_EXPORTER_OTLP_HEADERS).toEqual({});
  });
});
