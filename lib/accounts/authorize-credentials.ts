import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
// The class next-auth re-exports, imported from its source: `next-auth`'s entry point pulls in
// `next/server`, which only resolves inside Next's bundler, and this module is also used outside it.
import { CredentialsSignin } from "@auth/core/errors";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { clientIpFromHeaders } from "@/lib/ratelimit";
import { authenticateWithPassword, INVALID_CREDENTIALS, type AuthenticatedUser } from "./authenticate-with-password";

/**
 * A refused password sign-in as Auth.js carries it. `code` (which Auth.js may put in a redirect URL)
 * is only the error type; the full AppError, with its message and retry time, travels on the
 * instance, which Auth.js rethrows unchanged to the server action that called `signIn`.
 */
export class PasswordSignInRefused extends CredentialsSignin {
  constructor(readonly reason: AppError) {
    super(reason.message);
    this.code = reason.type;
  }
}

type RefusalRecord = { reason?: AppError };

const refusalRecords = new AsyncLocalStorage<RefusalRecord>();

/**
 * Runs `handle` (Auth.js handling one request) and reports why `authorize` refused a password sign-in
 * during it, if it did. Auth.js answers every refusal thrown from `authorize` with the same redirect to
 * the sign-in page, so its own endpoint cannot tell a rate limit from a wrong password; the route
 * handler learns the reason here instead of counting the limits a second time.
 */
export async function recordPasswordSignInRefusal<T>(handle: () => Promise<T>): Promise<{ result: T; refusal: AppError | undefined }> {
  const record: RefusalRecord = {};
  const result = await refusalRecords.run(record, handle);
  return { result, refusal: record.reason };
}

function refused(reason: AppError): PasswordSignInRefused {
  const record = refusalRecords.getStore();
  if (record) record.reason = reason;
  return new PasswordSignInRefused(reason);
}

/**
 * The Credentials provider's `authorize`: `Credentials({ authorize: authorizeCredentials })`. The
 * request Auth.js passes carries the original request's headers (also when `signIn` runs inside a
 * server action), which is where the client address comes from.
 */
export async function authorizeCredentials(
  credentials: Partial<Record<string, unknown>>,
  request: Request,
): Promise<AuthenticatedUser> {
  try {
    return await authenticateWithPassword({
      email: credentials.email,
      password: credentials.password,
      ip: clientIpFromHeaders(request.headers),
    });
  } catch (error) {
    if (error instanceof AppError) throw refused(error);
    if (error instanceof z.ZodError) throw refused(new AppError("unauthorized:credentials", INVALID_CREDENTIALS));
    throw error;
  }
}
