import type { Prisma } from "@/lib/generated/prisma/client";
import { MAX_SEND_ATTEMPTS } from "./send-digest";

/** A check that gave up leaves its digest FAILED with nothing composed (no subject): nothing to send. */
export const checkFailedWhere = { status: "FAILED", subject: null } satisfies Prisma.DigestWhereInput;

/** A send that gave up for good, with an email to send again. */
export const sendFailedForGoodWhere = { status: "FAILED", subject: { not: null }, sendAttempts: { gte: MAX_SEND_ATTEMPTS } } satisfies Prisma.DigestWhereInput;

/** A digest whose email is still on its way: composed, or failed with attempts left. */
export const sendPendingWhere = {
  OR: [{ status: "COMPOSED" }, { status: "FAILED", subject: { not: null }, sendAttempts: { lt: MAX_SEND_ATTEMPTS } }],
} satisfies Prisma.DigestWhereInput;
