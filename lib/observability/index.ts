/**
 * Traces and log lines. Make spans with `withSpan` (names and attribute names in `SPAN` and `ATTR`),
 * log with `log.info/warn/error(event, fields)`. Both work with or without an SDK: the server
 * registers one in instrumentation.ts through `registerTelemetry` (./register, imported apart so the
 * SDK stays out of every other module), exporting over OTLP/HTTP when OTEL_EXPORTER_OTLP_ENDPOINT is set.
 *
 * No `server-only` here: the Trackmania client, which the `tm` CLI also runs, makes spans and logs too.
 */

export { ATTR, INHERITED_IDS, SPAN } from "./attributes";
export { createLogger, fromConsole, log, type LogFields, type LogFormat, type Logger, type LoggerOptions, type LogLevel } from "./log";
export {
  currentIds,
  currentSpanContext,
  currentTraceIds,
  flushTelemetry,
  fromTraceparent,
  toTraceparent,
  withIds,
  withSpan,
  type SpanAttributes,
  type WithSpanOptions,
} from "./spans";
