import { inspect } from "node:util";
import { getConfig } from "@/lib/config";
import { currentIds, currentTraceIds } from "./spans";

/**
 * Log lines: one JSON object per line in production (for a log drain to index: level, time, event,
 * the run/user/search ids in effect, the active trace and span), one readable line elsewhere,
 * `[scope] message` as the console showed it before (the scope is the event's first segment).
 */

export type LogLevel = "info" | "warn" | "error";
export type LogFormat = "json" | "text";

/** `message` is the human sentence, `error` what went wrong; the rest are ids and numbers, snake_case. */
export type LogFields = { message?: string; error?: unknown } & Record<string, unknown>;

export interface Logger {
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
}

export interface LoggerOptions {
  /** Default: `json` when NODE_ENV=production, else `text`. */
  format?: LogFormat;
  /** Where a finished line goes; default the console method of its level. */
  write?: (level: LogLevel, line: string) => void;
  now?: () => Date;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const write = options.write ?? ((level: LogLevel, line: string) => console[level](line));
  const now = options.now ?? (() => new Date());
  const emit = (level: LogLevel) => (event: string, fields: LogFields = {}) => {
    const format = options.format ?? configuredFormat();
    write(level, format === "json" ? jsonLine(level, event, fields, now()) : textLine(event, fields));
  };
  return { info: emit("info"), warn: emit("warn"), error: emit("error") };
}

/** The process's logger. */
export const log: Logger = createLogger();

/**
 * A Logger over a console-shaped one (what tests inject into the queue): it is called as the console
 * was before these lines were structured, `("[scope] message", error?)`.
 */
export function fromConsole(target: Pick<Console, LogLevel>): Logger {
  const forward = (level: LogLevel) => (event: string, fields: LogFields = {}) =>
    target[level](`[${scopeOf(event)}] ${fields.message ?? event}`, ...(fields.error === undefined ? [] : [fields.error]));
  return { info: forward("info"), warn: forward("warn"), error: forward("error") };
}

const scopeOf = (event: string) => event.split(".")[0];

function configuredFormat(): LogFormat {
  try {
    return getConfig().NODE_ENV === "production" ? "json" : "text";
  } catch {
    // A logger must never throw; the broken variable is reported by whoever reads the config next.
    return "text";
  }
}

function jsonLine(level: LogLevel, event: string, fields: LogFields, time: Date): string {
  const { message, error, ...rest } = fields;
  const ids = Object.fromEntries(Object.entries(currentIds()).map(([key, value]) => [key.replace(/^trackwatch\./, ""), value]));
  const trace = currentTraceIds();
  const entry = {
    level,
    time: time.toISOString(),
    event,
    ...(message === undefined ? {} : { message }),
    ...ids,
    ...rest,
    ...(error === undefined ? {} : { error: describeError(error) }),
    ...(trace ? { trace_id: trace.traceId, span_id: trace.spanId } : {}),
  };
  try {
    return JSON.stringify(entry, jsonSafe);
  } catch {
    // A circular field: the line still says what happened.
    return JSON.stringify({ level, time: entry.time, event, message, unserializable: true, ...(trace ? { trace_id: trace.traceId } : {}) });
  }
}

function textLine(event: string, fields: LogFields): string {
  const { message, error, ...rest } = fields;
  const body =
    message ??
    [event, ...Object.entries(rest).map(([key, value]) => `${key}=${typeof value === "string" ? value : inspect(value, { breakLength: Infinity })}`)].join(" ");
  const line = `[${scopeOf(event)}] ${body}`;
  return error === undefined ? line : `${line}\n${error instanceof Error ? inspect(error) : String(error)}`;
}

function describeError(error: unknown): { name: string; message: string; stack?: string } {
  if (error instanceof Error) return { name: error.name, message: error.message, ...(error.stack ? { stack: error.stack } : {}) };
  return { name: "NonError", message: String(error) };
}

function jsonSafe(_key: string, value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Error) return describeError(value);
  return value;
}
