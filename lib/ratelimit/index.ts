import "server-only";
import { createHash } from "node:crypto";
import { Ratelimit } from "@upstash/ratelimit";
import { AppError } from "@/lib/errors";
import { getKv, type RatelimitRedis } from "@/lib/kv";

/**
 * Abuse limits, counted in KV so every instance shares them (the original app kept them in memory per
 * Lambda container, where they did not hold). Each limiter has a name, a budget and a message; callers
 * pass the identifier (an IP, an email, a user id).
 *
 * Fixed windows rather than sliding ones: a blocked visitor is told exactly when to retry, because the
 * window's end is when the counter really resets. A sliding window's `reset` is only when the current
 * bucket ends, while the weighted previous bucket can keep refusing for most of another window.
 */
const limits = {
  /** Failed sign-ins from one IP (credential stuffing across many accounts). */
  signInByIp: { tokens: 10, window: "15 m", message: "Too many sign-in attempts from this network." },
  /** Failed sign-ins, and wrong current passwords, on one account (guessing one password). */
  signInByEmail: { tokens: 5, window: "15 m", message: "Too many failed sign-ins for this account." },
  signUpByIp: { tokens: 5, window: "1 h", message: "Too many new accounts from this network." },
  /**
   * Sign-up attempts for one email from any network, whether or not it has an account: counted before
   * the duplicate check, so the answer is the same either way. Five, like the sign-in budget per
   * account: someone who forgot they have an account tries again a few times before signing in.
   */
  signUpByEmail: { tokens: 5, window: "1 h", message: "Too many sign-up attempts for this email." },
  passwordResetByEmail: { tokens: 3, window: "1 h", message: "Too many reset links requested for this email." },
  passwordResetByIp: { tokens: 10, window: "1 h", message: "Too many reset links requested from this network." },
  verificationResendByUser: { tokens: 3, window: "1 h", message: "Too many confirmation emails sent." },
  /** Resends from one network across accounts (many fresh accounts each asking for links). */
  verificationResendByIp: { tokens: 10, window: "1 h", message: "Too many confirmation emails requested from this network." },
  /**
   * Driver-watch map look-ups (search, a mapper's maps, the preview of a time, adding): each costs a
   * few Trackmania requests, which the whole site shares.
   */
  watchLookupsByUser: { tokens: 60, window: "1 h", message: "Too many map look-ups for your watches." },
  /** Whole-campaign and Track-of-the-Day imports: about 30 Trackmania requests each. */
  watchImportsByUser: { tokens: 6, window: "1 h", message: "Too many imports of whole campaigns." },
  /** Map searches that read Trackmania (a repeat answered from the cache is free): up to one request per map. */
  mapSearchesByUser: { tokens: 12, window: "1 h", message: "Too many map searches." },
  /** Feedback messages: enough for a few thoughts in a row, not for flooding the admins' inbox. */
  feedbackByUser: { tokens: 5, window: "10 m", message: "You have sent a lot of feedback in the last few minutes." },
} as const satisfies Record<string, { tokens: number; window: `${number} ${"m" | "h"}`; message: string }>;

export type LimiterName = keyof typeof limits;

/** What one consumed attempt looks like, so it can be given back when the attempt turns out fine. */
export type RateLimitTicket = { name: LimiterName; key: string; counted: boolean };

const holder = globalThis as typeof globalThis & { __trackwatchLimiters?: Map<LimiterName, Ratelimit> };

function limiter(name: LimiterName): Ratelimit {
  holder.__trackwatchLimiters ??= new Map();
  let existing = holder.__trackwatchLimiters.get(name);
  if (!existing) {
    const { tokens, window } = limits[name];
    existing = new Ratelimit({
      redis: getKv().ratelimitClient() as RatelimitRedis,
      limiter: Ratelimit.fixedWindow(tokens, window),
      prefix: `ratelimit:${name}`,
      // The store is the one source of truth: an in-process block list would outlive a refund on
      // another instance and makes "try again at" disagree between instances.
      ephemeralCache: false,
    });
    holder.__trackwatchLimiters.set(name, existing);
  }
  return existing;
}

/**
 * Identifiers are hashed: KV keys are visible in plain text to anyone with store access, and emails
 * or IPs have no business there. Case and whitespace do not make a new identity.
 */
function keyFor(identifier: string): string {
  return createHash("sha256").update(identifier.trim().toLowerCase()).digest("base64url").slice(0, 32);
}

/**
 * Counts one attempt against each limiter given, or throws `rate_limited:<name>` with `retryAfter`
 * (seconds) and a message saying when to retry. Every limiter is counted, even after one refuses,
 * so a blocked caller cannot probe the others for free. The store failing open (SDK timeout) lets the
 * attempt through: an outage of KV must not lock every user out.
 */
export async function consumeRateLimits(checks: { name: LimiterName; identifier: string }[]): Promise<RateLimitTicket[]> {
  const results = await Promise.all(
    checks.map(async ({ name, identifier }) => {
      const key = keyFor(identifier);
      const result = await limiter(name).limit(key);
      return { name, key, result };
    }),
  );
  const refused = results
    .filter(({ result }) => !result.success)
    .sort((a, b) => b.result.reset - a.result.reset)[0];
  if (refused) {
    const retryAfter = Math.max(1, Math.ceil((refused.result.reset - Date.now()) / 1000));
    throw new AppError(`rate_limited:${refused.name}`, `${limits[refused.name].message} Try again ${describeWait(retryAfter)}.`, {
      retryAfter,
    });
  }
  return results.map(({ name, key, result }) => ({ name, key, counted: result.reason !== "timeout" }));
}

/** Gives back attempts that should not count (a successful sign-in is not an attack). */
export async function refundRateLimits(tickets: RateLimitTicket[]): Promise<void> {
  await Promise.all(tickets.filter((t) => t.counted).map((t) => limiter(t.name).limit(t.key, { rate: -1 })));
}

/** "in 40 seconds", "in 1 minute", "in 14 minutes", "in 2 hours and 5 minutes": rounded up, never "in 0". */
export function describeWait(seconds: number): string {
  const whole = Math.max(1, Math.ceil(seconds));
  if (whole < 60) return `in ${plural(whole, "second")}`;
  const minutes = Math.ceil(whole / 60);
  if (minutes < 60) return `in ${plural(minutes, "minute")}`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? `in ${plural(hours, "hour")}` : `in ${plural(hours, "hour")} and ${plural(rest, "minute")}`;
}

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? "" : "s"}`;
}

export { clientIpFromHeaders, requestClientIp } from "./client-ip";
