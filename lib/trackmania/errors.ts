import { AppError } from "@/lib/errors";

/** Why a call to Trackmania's services failed. */
export type TrackmaniaErrorKind =
  /** The service answered with a non-2xx status (after the retries it deserved). */
  | "http"
  /** No answer within the per-request timeout (after retries). */
  | "timeout"
  /** The connection failed (DNS, reset, refused) after retries. */
  | "network"
  /** The service answered 2xx but the body was not what the endpoint documents (zod said no). */
  | "invalid_response"
  /** Credentials were refused, or a fresh token was refused again. */
  | "auth"
  /** The caller asked for something the client refuses to send (e.g. an empty display name). */
  | "invalid_request";

export interface TrackmaniaErrorOptions {
  kind: TrackmaniaErrorKind;
  /** Our name of the endpoint, e.g. `live.top`. */
  endpoint: string;
  /** HTTP status Trackmania's service answered with, when it answered. */
  upstreamStatus?: number;
  /** Seconds the service asked us to wait (`Retry-After`). */
  retryAfter?: number;
  /** How many HTTP attempts were made. */
  attempts?: number;
  cause?: unknown;
}

/**
 * Everything `lib/trackmania` throws. It is an `AppError` (`upstream:trackmania`), so route handlers map
 * it through `toResponse` to a 502 like any other upstream failure; `upstreamStatus` keeps the status the
 * Trackmania service itself answered with (429, 503, 401…), `endpoint` names the call.
 */
export class TrackmaniaError extends AppError {
  readonly kind: TrackmaniaErrorKind;
  readonly endpoint: string;
  readonly upstreamStatus: number | undefined;
  readonly attempts: number | undefined;

  constructor(message: string, options: TrackmaniaErrorOptions) {
    super(options.kind === "invalid_request" ? "bad_request:trackmania" : "upstream:trackmania", message, {
      cause: options.cause,
      retryAfter: options.retryAfter,
    });
    this.name = "TrackmaniaError";
    this.kind = options.kind;
    this.endpoint = options.endpoint;
    this.upstreamStatus = options.upstreamStatus;
    this.attempts = options.attempts;
  }
}

export function isTrackmaniaError(error: unknown): error is TrackmaniaError {
  return error instanceof TrackmaniaError;
}
