import "server-only";
import type { SpanExporter, SpanProcessor } from "@opentelemetry/sdk-trace-base";
import { OTLPHttpJsonTraceExporter, OTLPHttpProtoTraceExporter, registerOTel, type Configuration } from "@vercel/otel";
import { getConfig, type Config } from "@/lib/config";
import { log } from "./log";

/**
 * Registers the OpenTelemetry SDK (instrumentation.ts, once per server process). Kept apart from
 * index.ts so the SDK is loaded only here, not by every module that makes a span.
 */

export type TelemetryConfig = Pick<Config, "OTEL_EXPORTER_OTLP_ENDPOINT" | "OTEL_EXPORTER_OTLP_PROTOCOL" | "OTEL_EXPORTER_OTLP_HEADERS">;

export const SERVICE_NAME = "trackwatch";

/** The OTLP/HTTP exporter the config asks for, or none when OTEL_EXPORTER_OTLP_ENDPOINT is unset. */
export function createTraceExporter(config: TelemetryConfig): SpanExporter | undefined {
  if (config.OTEL_EXPORTER_OTLP_ENDPOINT === undefined) return undefined;
  const options = { url: tracesUrl(config.OTEL_EXPORTER_OTLP_ENDPOINT), headers: config.OTEL_EXPORTER_OTLP_HEADERS };
  return config.OTEL_EXPORTER_OTLP_PROTOCOL === "http/protobuf" ? new OTLPHttpProtoTraceExporter(options) : new OTLPHttpJsonTraceExporter(options);
}

/** `<endpoint>/v1/traces`, as the OTLP spec builds a signal's URL from the base endpoint. */
export function tracesUrl(endpoint: string): string {
  return `${endpoint.replace(/\/+$/, "")}/v1/traces`;
}

/**
 * registerOTel's options. Processors are always listed: its default ("auto") would add an exporter
 * of its own (to localhost:4318, or Vercel's collector) even with no endpoint configured. Tests add
 * their in-memory processor through `spanProcessors`.
 */
export function telemetryConfiguration(config: TelemetryConfig, extra: { spanProcessors?: SpanProcessor[] } = {}): Configuration {
  const traceExporter = createTraceExporter(config);
  const spanProcessors = extra.spanProcessors ?? [];
  const keeping = traceExporter !== undefined || spanProcessors.length > 0;
  return {
    serviceName: SERVICE_NAME,
    spanProcessors,
    ...(traceExporter ? { traceExporter } : {}),
    // With nowhere to go, spans are not recorded; they still get ids, which log lines carry.
    ...(keeping ? {} : { traceSampler: "always_off" as const }),
  };
}

const holder = globalThis as typeof globalThis & { __trackwatchTelemetry?: boolean };

/** Registers the SDK once per process (Next's dev server may run instrumentation again). */
export function registerTelemetry(options: { config?: TelemetryConfig; spanProcessors?: SpanProcessor[] } = {}): void {
  if (holder.__trackwatchTelemetry) return;
  holder.__trackwatchTelemetry = true;
  const config = options.config ?? getConfig();
  registerOTel(telemetryConfiguration(config, options));
  const endpoint = config.OTEL_EXPORTER_OTLP_ENDPOINT === undefined ? undefined : shownUrl(tracesUrl(config.OTEL_EXPORTER_OTLP_ENDPOINT));
  log.info("telemetry.registered", {
    message: endpoint ? `traces exported to ${endpoint} (${config.OTEL_EXPORTER_OTLP_PROTOCOL})` : "traces not exported (OTEL_EXPORTER_OTLP_ENDPOINT is unset)",
    ...(endpoint ? { endpoint } : {}),
  });
}

/** A URL fit for a log line: no user, password or query string. */
function shownUrl(url: string): string {
  const shown = new URL(url);
  shown.username = "";
  shown.password = "";
  shown.search = "";
  return shown.toString();
}
