import type { Prisma } from "@/lib/generated/prisma/client";
import { KEY_TRUSTED_MS, MAX_SEND_ATTEMPTS } from "./send-digest";

/** A check that gave up leaves its digest FAILED with nothing composed (no subject): nothing to send. */
export const checkFailedWhere = { status: "FAILED", subject: null } satisfies Prisma.DigestWhereInput;

/** A send that gave up for good with nothing gone out, and an email to send again (under a new key, at any age). */
export const sendFailedForGoodWhere = { status: "FAILED", subject: { not: null }, sendAttempts: { gte: MAX_SEND_ATTEMPTS } } satisfies Prisma.DigestWhereInput;

/** A digest whose email is still on its way: composed, or failed with attempts left. */
export const sendPendingWhere = {
  OR: [{ status: "COMPOSED" }, { status: "FAILED", subject: { not: null }, sendAttempts: { lt: MAX_SEND_ATTEMPTS } }],
} satisfies Prisma.DigestWhereInput;

/** A send that may have gone out unconfirmed ("may have been sent"): never sent again by itself. */
export const sendUnconfirmedWhere = { status: "MAYBE_SENT" } satisfies Prisma.DigestWhereInput;

/** "May have been sent", with a key the provider surely still remembers: an admin may send it again under that key. */
export function unconfirmedRetryableWhere(now: Date) {
  return { status: "MAYBE_SENT", sendKeyUsedAt: { gt: new Date(now.getTime() - KEY_TRUSTED_MS) } } satisfies Prisma.DigestWhereInput;
}

/** What "Retry failed sends" sends again at `now`: sends failed for good, and unconfirmed ones whose key is still trusted. */
export function retryableSendWhere(now: Date) {
  return { OR: [sendFailedForGoodWhere, unconfirmedRetryableWhere(now)] } satisfies Prisma.DigestWhereInput;
}
