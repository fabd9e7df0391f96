import { unstable_rethrow } from "next/navigation";
import { z } from "zod";

/**
 * The one typed error of the domain. Domain functions throw `new AppError("forbidden:alert")`;
 * route handlers and actions map it to HTTP or form state through `toResponse` only.
 */
export type ErrorType =
  | "bad_request"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "rate_limited"
  | "too_large"
  | "limit_reached"
  | "unavailable"
  | "upstream";

export type ErrorCode = `${ErrorType}:${string}`;

const statusByType: Record<ErrorType, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  limit_reached: 409,
  rate_limited: 429,
  too_large: 413,
  unavailable: 503,
  upstream: 502,
};

export class AppError extends Error {
  readonly type: ErrorType;
  readonly surface: string;
  readonly status: number;
  /** Seconds to wait before retrying (rate limits). */
  readonly retryAfter?: number;

  constructor(readonly code: ErrorCode, message?: string, options?: { cause?: unknown; retryAfter?: number }) {
    const [type, surface] = code.split(":") as [ErrorType, string];
    super(message ?? defaultMessage(type), { cause: options?.cause });
    this.name = "AppError";
    this.type = type;
    this.surface = surface;
    this.status = statusByType[type];
    this.retryAfter = options?.retryAfter;
  }
}

function defaultMessage(type: ErrorType): string {
  switch (type) {
    case "bad_request":
      return "The request is not valid.";
    case "unauthorized":
      return "Sign in to continue.";
    case "forbidden":
      return "You do not have access to this.";
    case "not_found":
      return "Not found.";
    case "conflict":
      return "This conflicts with something that already exists.";
    case "limit_reached":
      return "You have reached the limit for this.";
    case "rate_limited":
      return "Too many requests. Try again shortly.";
    case "too_large":
      return "The request is too large.";
    case "unavailable":
      return "This service is temporarily unavailable.";
    case "upstream":
      return "Trackmania's services did not answer as expected. Try again later.";
  }
}

export type ErrorBody = { error: { code: string; message: string; fields?: Record<string, string[]> } };

/** Maps anything thrown at a boundary to a JSON response. Internals are logged, never returned. */
export function toResponse(error: unknown): Response {
  if (error instanceof AppError) {
    const headers: Record<string, string> = {};
    if (error.retryAfter !== undefined) headers["Retry-After"] = String(Math.ceil(error.retryAfter));
    return Response.json({ error: { code: error.code, message: error.message } } satisfies ErrorBody, {
      status: error.status,
      headers,
    });
  }
  if (error instanceof z.ZodError) {
    const flat = z.flattenError(error);
    const fields = flat.fieldErrors as Record<string, string[]>;
    const first = flat.formErrors[0] ?? Object.entries(fields).map(([k, v]) => `${k}: ${v[0]}`)[0];
    return Response.json(
      { error: { code: "bad_request:input", message: first ?? "The request is not valid.", fields } } satisfies ErrorBody,
      { status: 400 },
    );
  }
  if (isPrismaNotFound(error)) {
    return Response.json({ error: { code: "not_found:record", message: "Not found." } } satisfies ErrorBody, {
      status: 404,
    });
  }
  console.error("[unhandled]", error);
  return Response.json(
    { error: { code: "internal:server", message: "Something went wrong on our side. It has been logged." } } satisfies ErrorBody,
    { status: 500 },
  );
}

/**
 * Wraps a route handler so that whatever it throws becomes `toResponse`'s answer. Next's own control
 * flow (redirect(), notFound()) passes through untouched.
 */
export function withErrorResponses<A extends unknown[]>(handler: (...args: A) => Promise<Response>): (...args: A) => Promise<Response> {
  return async (...args) => {
    try {
      return await handler(...args);
    } catch (error) {
      unstable_rethrow(error);
      return toResponse(error);
    }
  };
}

function isPrismaNotFound(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2025";
}

/** True for Prisma's unique-constraint violation. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}
