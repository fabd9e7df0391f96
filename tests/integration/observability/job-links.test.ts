import { InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { startQStashEnvironment, type QStashEnvironment } from "../queue/qstash-environment";

// Through QStash, a job's delivery span still links to the span that queued it: the enqueuer's
// trace context travels as a forwarded header, the route reads it back. The delivery is its own
// trace (the route's), never a child of the enqueuer.

// First: the app reads its config (QStash or not) once, and registering already logs through it.
const qstash: QStashEnvironment = await startQStashEnvironment({ retryDelayMs: 5, delayScale: 0.01 });
afterAll(() => qstash.close());

const exporter = new InMemorySpanExporter();
const { registerTelemetry } = await import("@/lib/observability/register");
registerTelemetry({
  config: { OTEL_EXPORTER_OTLP_ENDPOINT: undefined, OTEL_EXPORTER_OTLP_PROTOCOL: "http/json", OTEL_EXPORTER_OTLP_HEADERS: {} },
  spanProcessors: [new SimpleSpanProcessor(exporter)],
});
const { ATTR, SPAN, fromTraceparent, toTraceparent, withSpan } = await import("@/lib/observability");
const { defineJob, getQueue } = await import("@/lib/queue");
const { ENQUEUED_BY_HEADER } = await import("@/lib/queue/qstash");

const tracedJob = defineJob({
  name: "traced-test",
  schema: z.object({ searchId: z.string() }),
  handle: async () => undefined,
});

describe("job deliveries through QStash", () => {
  it("link to the span that queued them, carrying the ids of their payload", async () => {
    expect(getQueue().driver).toBe("qstash");
    const enqueuer = await withSpan("test.enqueue", {}, async (span) => {
      await tracedJob.enqueue({ searchId: "search-1" });
      return span.spanContext();
    });
    await qstash.fake.idle();

    const [published] = qstash.fake.messages.filter((message) => message.destination.endsWith("/api/jobs/traced-test"));
    expect(published!.forwardHeaders[ENQUEUED_BY_HEADER]).toBe(toTraceparent(enqueuer));

    const [delivery] = exporter.getFinishedSpans().filter((span) => span.name === SPAN.jobDelivery);
    expect(delivery!.attributes).toMatchObject({ [ATTR.job]: "traced-test", [ATTR.jobAttempt]: 1, [ATTR.searchId]: "search-1" });
    expect(delivery!.links.map((link) => link.context.spanId)).toEqual([enqueuer.spanId]);
    expect(delivery!.spanContext().traceId).not.toBe(enqueuer.traceId);
  });
});

describe("traceparent values", () => {
  it("round-trip, and anything malformed or all-zero reads as none", () => {
    const spanContext = { traceId: "4bf92f3577b34da6a3ce929d0e0e4736", spanId: "00f067aa0ba902b7", traceFlags: 1 };
    expect(toTraceparent(spanContext)).toBe("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    expect(fromTraceparent(toTraceparent(spanContext))).toEqual({ ...spanContext, isRemote: true });
    for (const junk of [null, "", "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "00-00000000000000000000000000000000-00f067aa0ba902b7-01", "00-4bf92f35-00f067aa0ba902b7-01"]) {
      expect(fromTraceparent(junk)).toBeUndefined();
    }
  });
});
