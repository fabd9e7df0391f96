import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";

// A daily run on the embedded defaults (sandbox world with its manual clock, PGlite, in-process
// queue, outbox), traced through the app's own registration with an in-memory exporter beside it:
// its stages, its Trackmania calls, its job deliveries (each a trace, linked to the span that queued
// it) and its email batch, all carrying the run's id.
process.env.SANDBOX_CLOCK = "manual";
process.env.SANDBOX_REQUESTS_PER_SECOND = "1000";
process.env.APP_URL = "https://trackwatch.test";

const exporter = new InMemorySpanExporter();
const { registerTelemetry } = await import("@/lib/observability/register");
registerTelemetry({
  config: { OTEL_EXPORTER_OTLP_ENDPOINT: undefined, OTEL_EXPORTER_OTLP_PROTOCOL: "http/json", OTEL_EXPORTER_OTLP_HEADERS: {} },
  spanProcessors: [new SimpleSpanProcessor(exporter)],
});

const { ATTR, SPAN, withSpan } = await import("@/lib/observability");
const { createMapperAlert } = await import("@/lib/alerts");
const { startDailyRun } = await import("@/lib/daily-run");
const { drainQueue } = await import("@/lib/queue");
const { CallCounter, Transport } = await import("@/lib/trackmania/http");
const { DAY, HOUR, advanceTo, createUser, outboxTo, sandbox } = await import("../daily-run/support");

const t0 = sandbox().now();
const spans = () => exporter.getFinishedSpans();
const named = (name: string) => spans().filter((span) => span.name === name);
const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;
const idOf = (span: ReadableSpan) => span.spanContext().spanId;
const traceOf = (span: ReadableSpan) => span.spanContext().traceId;
const jobSpan = (job: string) => named(SPAN.jobDelivery).filter((span) => span.attributes[ATTR.job] === job);
const linksOf = (span: ReadableSpan) => span.links.map((link) => link.context.spanId);

/** Whether `span` lies beneath `ancestor` in the recorded tree. */
function isBeneath(span: ReadableSpan, ancestor: ReadableSpan): boolean {
  const byId = new Map(spans().map((candidate) => [idOf(candidate), candidate]));
  for (let parent = parentOf(span); parent !== undefined; parent = byId.get(parent) && parentOf(byId.get(parent)!)) {
    if (parent === idOf(ancestor)) return true;
  }
  return false;
}

describe("a daily run's spans", () => {
  let user: Awaited<ReturnType<typeof createUser>>;
  let runId: string;

  beforeAll(async () => {
    user = await createUser({ label: "traced" });
    await createMapperAlert(user, { mapper: "name", displayName: sandbox().wellKnown.smallMapper.displayName });
    advanceTo(new Date(t0.getTime() + DAY + 7 * HOUR));
    // Only the run's own spans: creating the alert made Trackmania calls of its own.
    exporter.reset();
    const { run, queued } = await startDailyRun({ trigger: "schedule" });
    expect(queued).toBe(1);
    runId = run.id;
    await drainQueue({ timeoutMs: 120_000 });
    expect(await outboxTo(user.email)).toHaveLength(1);
  });

  it("plans the run in one span carrying its id, under which the user's check is delivered", () => {
    const [plan] = named(SPAN.dailyRunPlan);
    expect(plan, `a plan span among: ${spans().map((span) => span.name).join(", ")}`).toBeDefined();
    expect(plan!.attributes).toMatchObject({ [ATTR.runId]: runId, [ATTR.trigger]: "schedule", [ATTR.usersDue]: 1 });
    expect(plan!.status.code).toBe(0);

    const [delivery] = jobSpan("user-check");
    expect(delivery).toBeDefined();
    // Its ids read from its payload.
    expect(delivery!.attributes).toMatchObject({ [ATTR.jobAttempt]: 1, [ATTR.messageId]: expect.any(String), [ATTR.runId]: runId, [ATTR.userId]: user.id });
    // A trace of its own, linked to the plan that queued it (the in-process queue keeps the enqueuer).
    expect(parentOf(delivery!)).toBeUndefined();
    expect(linksOf(delivery!)).toEqual([idOf(plan!)]);
  });

  it("checks the user in a check-user span with the run and user ids, beneath its job delivery", () => {
    const checks = named(SPAN.dailyRunCheckUser);
    expect(checks).toHaveLength(1);
    const [check] = checks;
    expect(check!.attributes).toMatchObject({ [ATTR.runId]: runId, [ATTR.userId]: user.id, [ATTR.outcome]: "composed" });
    expect(parentOf(check!)).toBe(idOf(jobSpan("user-check")[0]!));
  });

  it("traces each Trackmania call with its service, endpoint, path, status and retries, inheriting the ids", () => {
    const [check] = named(SPAN.dailyRunCheckUser);
    const calls = named(SPAN.tmRequest).filter((span) => isBeneath(span, check!));
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls) {
      expect(call.attributes).toMatchObject({
        [ATTR.tmService]: expect.stringMatching(/^(core|live|oauth|tmx)$/),
        [ATTR.tmEndpoint]: expect.any(String),
        [ATTR.httpMethod]: expect.stringMatching(/^(GET|POST)$/),
        [ATTR.urlPath]: expect.stringMatching(/^\/[^?]*$/),
        [ATTR.httpStatus]: expect.any(Number),
        [ATTR.tmRetry]: expect.any(Number),
        [ATTR.runId]: runId,
        [ATTR.userId]: user.id,
      });
      expect(traceOf(call)).toBe(traceOf(check!));
    }
    expect(calls.some((call) => call.attributes[ATTR.tmService] === "live" && call.attributes[ATTR.httpStatus] === 200)).toBe(true);
  });

  it("sends the digest in a send span with one email batch span beneath it, the run's id on both", () => {
    const [delivery] = jobSpan("digest-send");
    expect(delivery).toBeDefined();
    expect(parentOf(delivery!)).toBeUndefined();
    expect(linksOf(delivery!)).toEqual([idOf(named(SPAN.dailyRunCheckUser)[0]!)]);
    // Its payload names the digest only: the checked user's ids stay with the check that queued it.
    expect(delivery!.attributes).toMatchObject({ [ATTR.digestId]: expect.any(String) });
    expect(delivery!.attributes[ATTR.userId]).toBeUndefined();

    const sends = named(SPAN.dailyRunSend);
    expect(sends).toHaveLength(1);
    const [send] = sends;
    expect(parentOf(send!)).toBe(idOf(delivery!));
    expect(send!.attributes).toMatchObject({
      [ATTR.digestId]: expect.any(String),
      [ATTR.runId]: runId,
      [ATTR.userId]: user.id,
      [ATTR.sendBatchId]: expect.any(String),
      [ATTR.batchSize]: 1,
      [ATTR.outcome]: "sent",
    });

    const batches = named(SPAN.mailSendBatch);
    expect(batches).toHaveLength(1);
    const [batch] = batches;
    expect(parentOf(batch!)).toBe(idOf(send!));
    expect(batch!.attributes).toMatchObject({ [ATTR.mailDriver]: "outbox", [ATTR.mailMessages]: 1, [ATTR.mailRecipients]: 1, [ATTR.mailFailed]: 0, [ATTR.runId]: runId });
    expect(batch!.attributes[ATTR.userId]).toBeUndefined();
  });

  it("ends every span it started, none failed, and finds the run's spans by its id", () => {
    for (const span of spans()) {
      expect(span.ended, span.name).toBe(true);
      expect(span.status.code, span.name).not.toBe(2);
    }
    // One run, found by its id: its plan, its check, its send and batch, its Trackmania calls.
    const ofRun = new Set(spans().filter((span) => span.attributes[ATTR.runId] === runId).map((span) => span.name));
    expect([...ofRun].sort()).toEqual(
      [SPAN.dailyRunPlan, SPAN.dailyRunPrefetch, SPAN.jobDelivery, SPAN.dailyRunCheckUser, SPAN.tmRequest, SPAN.dailyRunSend, SPAN.mailSendBatch].sort(),
    );
  });
});

describe("span helpers", () => {
  beforeEach(() => exporter.reset());

  function transportAnswering(answers: Response[]) {
    return new Transport({
      fetch: async () => answers.shift()!,
      userAgent: "trackwatch tests",
      scheduler: { run: (_service, task) => task(), pause: () => undefined, requestsPerSecond: 1000 },
      counter: new CallCounter(),
      timeoutMs: 1_000,
      maxAttempts: 3,
      retryBaseMs: 1,
      maxRetryDelayMs: 10,
      sleep: async () => undefined,
      random: () => 0.5,
    });
  }

  it("a Trackmania call retried after a 503 records the retry as an event, and its final status", async () => {
    const transport = transportAnswering([new Response("busy", { status: 503 }), Response.json({ ok: true })]);
    const response = await transport.send({ service: "live", endpoint: "live.top", method: "GET", url: "https://live.test/api/token/leaderboard?secret=x" });
    expect(response.status).toBe(200);
    const [call] = named(SPAN.tmRequest);
    expect(call!.attributes).toMatchObject({ [ATTR.httpStatus]: 200, [ATTR.tmRetry]: 1, [ATTR.urlPath]: "/api/token/leaderboard" });
    expect(call!.events.map((event) => [event.name, event.attributes?.reason])).toEqual([["retry", "HTTP 503"]]);
  });

  it("a Trackmania call answered 4xx ends as an error, as HTTP client spans do, without a retry", async () => {
    const response = await transportAnswering([Response.json({ error: "missing" }, { status: 404 })]).send({ service: "core", endpoint: "core.map", method: "GET", url: "https://core.test/maps/x" });
    expect(response.status).toBe(404);
    const [call] = named(SPAN.tmRequest);
    expect(call!.attributes).toMatchObject({ [ATTR.httpStatus]: 404, [ATTR.tmRetry]: 0 });
    expect(call!.status).toMatchObject({ code: 2, message: "HTTP 404" });
  });

  it("a throw is recorded on the span, which ends with an error status", async () => {
    await expect(withSpan("test.failing", { [ATTR.runId]: "run-x" }, async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    const [span] = named("test.failing");
    expect(span!.status).toMatchObject({ code: 2, message: "Error: boom" });
    expect(span!.events.map((event) => event.name)).toEqual(["exception"]);
  });
});
