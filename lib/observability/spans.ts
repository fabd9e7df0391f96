import {
  context,
  createContextKey,
  isSpanContextValid,
  SpanStatusCode,
  trace,
  type AttributeValue,
  type Attributes,
  type Link,
  type Span,
  type SpanContext,
} from "@opentelemetry/api";
import { INHERITED_IDS } from "./attributes";

/**
 * Spans over the global OpenTelemetry API only: with no SDK registered (scripts, most tests) every
 * call here is a cheap no-op, so modules outside the server (the `tm` CLI) can make spans too.
 */

export type SpanAttributes = Record<string, AttributeValue | undefined>;

export interface WithSpanOptions {
  /**
   * Errors on the normal path (a job's RetryLaterError): recorded as an event, the span not marked
   * failed, so error counts in a tracing backend mean something.
   */
  isExpected?: (error: unknown) => boolean;
  /** Forget the inherited ids: a job's ids come from its own payload, not from whoever queued it. */
  freshIds?: boolean;
  /** Spans this one follows from without being their child (the span that queued a job). */
  links?: Link[];
}

const IDS = createContextKey("trackwatch.ids");
const tracer = () => trace.getTracer("trackwatch");

/**
 * Runs `fn` inside a new active span: children (spans, log lines) started in it are its descendants.
 * A throw is recorded on the span with an error status and rethrown; the span always ends. Undefined
 * attributes are left out; ids among them (run, user, search) are inherited by every span beneath.
 */
export function withSpan<T>(
  name: string,
  attributes: SpanAttributes,
  fn: (span: Span) => Promise<T>,
  options: WithSpanOptions = {},
): Promise<T> {
  const parent = context.active();
  const own = definedOnly(attributes);
  const inherited = options.freshIds ? {} : currentIds();
  const ids = { ...inherited, ...pickIds(own) };
  const spanOptions = { attributes: { ...inherited, ...own }, ...(options.links?.length ? { links: options.links } : {}) };
  return tracer().startActiveSpan(name, spanOptions, parent.setValue(IDS, ids), async (span) => {
    try {
      return await fn(span);
    } catch (error) {
      if (options.isExpected?.(error)) {
        span.addEvent("expected-error", { "exception.message": describe(error) });
      } else {
        span.recordException(error instanceof Error ? error : describe(error));
        span.setStatus({ code: SpanStatusCode.ERROR, message: describe(error) });
      }
      throw error;
    } finally {
      span.end();
    }
  });
}

/**
 * Runs `fn` with more inherited ids, for ids learnt inside a span (a daily run's id, known once its
 * row exists): spans and log lines started in `fn` carry them.
 */
export function withIds<T>(ids: SpanAttributes, fn: () => Promise<T>): Promise<T> {
  const merged = { ...currentIds(), ...pickIds(definedOnly(ids)) };
  return context.with(context.active().setValue(IDS, merged), fn);
}

/** The inherited ids in effect here, by attribute name. */
export function currentIds(): Attributes {
  return (context.active().getValue(IDS) as Attributes | undefined) ?? {};
}

/** The active span's trace and span ids, when there is a real one (an SDK is registered). */
export function currentTraceIds(): { traceId: string; spanId: string } | undefined {
  const spanContext = currentSpanContext();
  return spanContext && { traceId: spanContext.traceId, spanId: spanContext.spanId };
}

/** The active span's context, when there is a real one. */
export function currentSpanContext(): SpanContext | undefined {
  const spanContext = trace.getSpanContext(context.active());
  return spanContext && isSpanContextValid(spanContext) ? spanContext : undefined;
}

/** A span context as a W3C `traceparent` value (version 00). */
export function toTraceparent(spanContext: Pick<SpanContext, "traceId" | "spanId" | "traceFlags">): string {
  return `00-${spanContext.traceId}-${spanContext.spanId}-${(spanContext.traceFlags & 0xff).toString(16).padStart(2, "0")}`;
}

/** A W3C `traceparent` value back as a span context; undefined for anything malformed. */
export function fromTraceparent(value: string | null | undefined): SpanContext | undefined {
  const match = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/.exec(value?.trim() ?? "");
  if (!match) return undefined;
  const spanContext = { traceId: match[1]!, spanId: match[2]!, traceFlags: Number.parseInt(match[3]!, 16), isRemote: true };
  return isSpanContextValid(spanContext) ? spanContext : undefined;
}

/**
 * Exports whatever spans are still batched. Scripts call it before exiting; a no-op without an SDK.
 * The global provider is a proxy: the registered SDK provider sits behind it.
 */
export async function flushTelemetry(): Promise<void> {
  const proxy = trace.getTracerProvider() as { getDelegate?: () => unknown };
  const provider = (proxy.getDelegate?.() ?? proxy) as { forceFlush?: () => Promise<void> };
  if (typeof provider.forceFlush === "function") await provider.forceFlush();
}

function definedOnly(attributes: SpanAttributes): Attributes {
  return Object.fromEntries(Object.entries(attributes).filter(([, value]) => value !== undefined));
}

function pickIds(attributes: Attributes): Attributes {
  return Object.fromEntries(Object.entries(attributes).filter(([key]) => INHERITED_IDS.includes(key)));
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
