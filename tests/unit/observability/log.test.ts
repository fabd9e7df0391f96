import { afterEach, describe, expect, it, vi } from "vitest";

// Log lines: one JSON object each in production (a log drain indexes level, event, ids and the
// trace), a readable line elsewhere, as the console showed them before.

// The SDK as the server registers it with no endpoint: nothing recorded or sent, but spans still
// get real ids, which is what puts a trace id on a log line.
const { registerTelemetry } = await import("@/lib/observability/register");
registerTelemetry({ config: { OTEL_EXPORTER_OTLP_ENDPOINT: undefined, OTEL_EXPORTER_OTLP_PROTOCOL: "http/json", OTEL_EXPORTER_OTLP_HEADERS: {} } });
const { ATTR, createLogger, fromConsole, withIds, withSpan } = await import("@/lib/observability");

const at = new Date("2026-06-02T07:00:00.000Z");

function recording(format: "json" | "text") {
  const lines: { level: string; line: string }[] = [];
  const logger = createLogger({ format, now: () => at, write: (level, line) => lines.push({ level, line }) });
  return { logger, lines };
}

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe("JSON lines (production)", () => {
  it("are one parseable object each: level, time, event, message and fields", () => {
    const { logger, lines } = recording("json");
    logger.warn("queue.job-retry", { message: "user-check m1 failed attempt 1, retrying in 1000 ms: boom", job: "user-check", message_id: "m1", attempt: 1 });
    expect(lines).toHaveLength(1);
    expect(lines[0]!.level).toBe("warn");
    expect(lines[0]!.line).not.toContain("\n");
    expect(JSON.parse(lines[0]!.line)).toEqual({
      level: "warn",
      time: "2026-06-02T07:00:00.000Z",
      event: "queue.job-retry",
      message: "user-check m1 failed attempt 1, retrying in 1000 ms: boom",
      job: "user-check",
      message_id: "m1",
      attempt: 1,
    });
  });

  it("carry the active span's trace and span ids and the ids in effect", async () => {
    const { logger, lines } = recording("json");
    let ids: { traceId: string; spanId: string } | undefined;
    await withSpan("test.span", { [ATTR.runId]: "run-1" }, async (span) => {
      ids = span.spanContext();
      await withIds({ [ATTR.userId]: "user-1" }, async () => logger.info("daily-run.checked", { outcome: "composed" }));
    });
    const entry = JSON.parse(lines[0]!.line) as Record<string, unknown>;
    expect(entry).toMatchObject({ event: "daily-run.checked", run_id: "run-1", user_id: "user-1", outcome: "composed" });
    expect(entry.trace_id).toBe(ids!.traceId);
    expect(entry.span_id).toBe(ids!.spanId);
    expect(entry.trace_id).toMatch(/^[0-9a-f]{32}$/);
    expect(entry.trace_id).not.toMatch(/^0+$/);
  });

  it("leave the trace out outside any span, and describe an error with its stack", () => {
    const { logger, lines } = recording("json");
    logger.error("queue.recovery-failed", { message: "could not recover leftover jobs", error: new RangeError("no database") });
    const entry = JSON.parse(lines[0]!.line) as Record<string, unknown>;
    expect(entry).not.toHaveProperty("trace_id");
    expect(entry.error).toMatchObject({ name: "RangeError", message: "no database", stack: expect.stringContaining("RangeError: no database") });
  });

  it("survive what JSON cannot hold", () => {
    const { logger, lines } = recording("json");
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    logger.info("test.odd", { big: 10n, nested: new Error("inner") });
    logger.info("test.loop", { message: "a loop", loop });
    expect(JSON.parse(lines[0]!.line)).toMatchObject({ big: "10", nested: { name: "Error", message: "inner" } });
    expect(JSON.parse(lines[1]!.line)).toMatchObject({ event: "test.loop", message: "a loop", unserializable: true });
  });

  it("are what the process's logger writes when NODE_ENV=production", async () => {
    vi.stubEnv("NODE_ENV", "production");
    // Production with a real database asks for every driver; this test only needs the format.
    vi.stubEnv("DATABASE_URL", "");
    vi.resetModules();
    const { log } = await import("@/lib/observability");
    const info = vi.spyOn(console, "info").mockImplementation(() => undefined);
    log.info("queue.scheduler-started", { message: "embedded scheduler started" });
    expect(JSON.parse(String(info.mock.calls[0]![0]))).toMatchObject({ level: "info", event: "queue.scheduler-started", message: "embedded scheduler started" });
  });
});

describe("readable lines (development and tests)", () => {
  it("read as the console did: [scope] message, then the error", () => {
    const { logger, lines } = recording("text");
    logger.info("queue.scheduler-started", { message: "embedded scheduler started", schedules: 2 });
    logger.error("daily-run.prefetch-failed", { message: "reading watch positions ahead failed", error: new Error("timeout") });
    expect(lines[0]).toEqual({ level: "info", line: "[queue] embedded scheduler started" });
    expect(lines[1]!.level).toBe("error");
    expect(lines[1]!.line).toMatch(/^\[daily-run\] reading watch positions ahead failed\nError: timeout\n\s+at /);
  });

  it("name the event and its fields when there is no message", () => {
    const { logger, lines } = recording("text");
    logger.warn("mail.slow", { driver: "resend", ms: 1200 });
    expect(lines[0]!.line).toBe("[mail] mail.slow driver=resend ms=1200");
  });

  it("are what the process's logger writes under test", async () => {
    // Fresh modules: the config (and so the format) is read once per module instance.
    vi.resetModules();
    const { log } = await import("@/lib/observability");
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    log.warn("queue.job-retry", { message: "digest-send m2 failed attempt 2, retrying in 2000 ms: down", job: "digest-send" });
    expect(warn).toHaveBeenCalledWith("[queue] digest-send m2 failed attempt 2, retrying in 2000 ms: down");
  });
});

describe("a console-shaped logger behind the structured calls", () => {
  it("is called as before: the scoped message, then the error", () => {
    const calls: unknown[][] = [];
    const logger = fromConsole({ info: (...args) => calls.push(["info", ...args]), warn: (...args) => calls.push(["warn", ...args]), error: (...args) => calls.push(["error", ...args]) });
    const failure = new Error("db down");
    logger.error("queue.record-failed", { message: "could not record the failure of user-check m3", job: "user-check", error: failure });
    logger.info("queue.recovered", { message: "re-queued 2 job(s) left over from a previous process", count: 2 });
    expect(calls).toEqual([
      ["error", "[queue] could not record the failure of user-check m3", failure],
      ["info", "[queue] re-queued 2 job(s) left over from a previous process"],
    ]);
  });
});
