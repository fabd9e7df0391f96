import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { authSecret } from "@/lib/auth/secret";

/**
 * Signed unsubscribe tokens: `v1.<userId>.<signature>`, the signature an HMAC-SHA256 (AUTH secret)
 * over the version, the purpose and the user id. No expiry: an unsubscribe link in a months-old
 * email must still work. The version lets the format change (or every token be revoked by moving
 * to v2) without guessing what an old token meant.
 */

export const UNSUBSCRIBE_PURPOSE = "email-digest";
const VERSION = "v1";
const TOKEN = /^v1\.([a-z0-9]{1,64})\.([A-Za-z0-9_-]{43})$/;

function sign(userId: string): Buffer {
  return createHmac("sha256", authSecret()).update(`${VERSION}:${UNSUBSCRIBE_PURPOSE}:${userId}`).digest();
}

export function createUnsubscribeToken(userId: string): string {
  return `${VERSION}.${userId}.${sign(userId).toString("base64url")}`;
}

export type TokenCheck = { ok: true; userId: string } | { ok: false; reason: "malformed" | "bad_signature" };

/** Checks a token's shape and signature; never touches the database. */
export function verifyUnsubscribeToken(token: string): TokenCheck {
  const match = TOKEN.exec(token);
  if (!match) return { ok: false, reason: "malformed" };
  const [, userId, signature] = match as unknown as [string, string, string];
  const given = Buffer.from(signature, "base64url");
  const expected = sign(userId);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: "bad_signature" };
  return { ok: true, userId };
}
