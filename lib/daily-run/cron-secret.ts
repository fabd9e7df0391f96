import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { getConfig } from "@/lib/config";
import { AppError, toResponse } from "@/lib/errors";

/**
 * Vercel-style cron calls carry `Authorization: Bearer <CRON_SECRET>`. Fails closed: with no
 * CRON_SECRET configured every call is refused, so an unset variable never opens the route. The
 * secret is read from the header only (never a query string, which ends up in logs), and compared
 * in constant time over SHA-256 digests, which also hides its length.
 */
export function hasCronSecret(request: Request): boolean {
  const secret = getConfig().CRON_SECRET;
  if (!secret) return false;
  const given = createHash("sha256").update(request.headers.get("authorization") ?? "").digest();
  const expected = createHash("sha256").update(`Bearer ${secret}`).digest();
  return timingSafeEqual(given, expected);
}

/** Wraps a cron route handler: 401 unless the request carries the cron secret. */
export function withCronSecret(handler: (request: Request) => Promise<Response>) {
  return async (request: Request): Promise<Response> => {
    if (!hasCronSecret(request)) return toResponse(new AppError("unauthorized:cron", "This endpoint needs the cron secret."));
    try {
      return await handler(request);
    } catch (error) {
      return toResponse(error);
    }
  };
}
