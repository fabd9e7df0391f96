import "server-only";
import { randomBytes } from "node:crypto";
import type { ActingUser } from "@/lib/actor";
import { getDb } from "@/lib/db";
import { getKv } from "@/lib/kv";

/**
 * "Link Trackmania account" and "Sign in with Trackmania" go through the same OAuth round trip; what
 * tells them apart when Trackmania sends the browser back is a link intent: a random nonce (kept by the
 * browser in an httpOnly cookie) naming, in KV, the signed-in user who asked to link. It is single use,
 * lapses after ten minutes, and dies with the session version (a "sign out everywhere" in between
 * cancels it). The nonce alone grants nothing without the OAuth state cookie of the same round trip.
 */

export const LINK_INTENT_TTL_SECONDS = 10 * 60;
const key = (nonce: string) => `trackmania-link:${nonce}`;
const noncePattern = /^[A-Za-z0-9_-]{43}$/;

type StoredIntent = { userId: string; sessionVersion: number };

export type LinkingUser = ActingUser & { name: string | null; sessionVersion: number };

export async function createTrackmaniaLinkIntent(actor: ActingUser): Promise<string> {
  const db = await getDb();
  const user = await db.user.findUniqueOrThrow({ where: { id: actor.id }, select: { sessionVersion: true } });
  const nonce = randomBytes(32).toString("base64url");
  const intent: StoredIntent = { userId: actor.id, sessionVersion: user.sessionVersion };
  await getKv().set(key(nonce), intent, { ttlSeconds: LINK_INTENT_TTL_SECONDS });
  return nonce;
}

/** The user who asked to link, once; null when the nonce is unknown, used, lapsed or its session revoked. */
export async function takeTrackmaniaLinkIntent(nonce: string): Promise<LinkingUser | null> {
  if (!noncePattern.test(nonce)) return null;
  const kv = getKv();
  const intent = await kv.get<StoredIntent>(key(nonce));
  // Of two callbacks racing with one nonce, only the one whose delete removed it goes on.
  if (!intent || (await kv.del(key(nonce))) !== 1) return null;
  const db = await getDb();
  const user = await db.user.findUnique({
    where: { id: intent.userId },
    select: { id: true, email: true, name: true, role: true, sessionVersion: true, disabledAt: true },
  });
  if (!user || user.disabledAt || user.sessionVersion !== intent.sessionVersion) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role, sessionVersion: user.sessionVersion };
}
