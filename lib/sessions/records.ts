import "server-only";
import { z } from "zod";
import { getKv } from "@/lib/kv";

/** As long as Auth.js keeps a session cookie (lib/auth: `session.maxAge`); both slide with use. */
export const SESSION_LIFETIME_SECONDS = 30 * 24 * 60 * 60;
export const MAX_SESSIONS_PER_USER = 20;
/** Last-seen is a hint for people, not an audit trail: one write per session per five minutes at most. */
export const LAST_SEEN_EVERY_MS = 5 * 60 * 1000;

export const SIGN_IN_METHODS = ["password", "trackmania"] as const;
export type SignInMethod = (typeof SIGN_IN_METHODS)[number];

/** Why a session was ended by someone else, for the message its browser gets on the sign-in page. */
export const END_REASONS = ["signed-out-remotely", "device-limit", "ended-by-admin"] as const;
export type SessionEndReason = (typeof END_REASONS)[number];

const recordSchema = z.object({
  userId: z.string(),
  sessionVersion: z.number().int(),
  method: z.enum(SIGN_IN_METHODS),
  device: z.string(),
  createdAt: z.iso.datetime(),
  lastSeenAt: z.iso.datetime(),
});

export type SessionRecord = z.infer<typeof recordSchema> & { id: string };

const sessionKey = (id: string) => `session:${id}`;
const userSessionsKey = (userId: string) => `user-sessions:${userId}`;
const endedKey = (id: string) => `session-ended:${id}`;

function parseRecord(id: string, value: unknown): SessionRecord | null {
  const parsed = recordSchema.safeParse(value);
  return parsed.success ? { id, ...parsed.data } : null;
}

function stored({ id: _id, ...record }: SessionRecord) {
  return record;
}

export async function readSessionRecord(id: string): Promise<SessionRecord | null> {
  return parseRecord(id, await getKv().get(sessionKey(id)));
}

/** Every live record of the user, newest first. Index entries whose record has expired are dropped. */
export async function readUserSessionRecords(userId: string): Promise<SessionRecord[]> {
  const kv = getKv();
  const ids = await kv.smembers(userSessionsKey(userId));
  if (ids.length === 0) return [];
  const values = await kv.mget(ids.map(sessionKey));
  const records: SessionRecord[] = [];
  const gone: string[] = [];
  ids.forEach((id, index) => {
    const record = parseRecord(id, values[index]);
    if (record && record.userId === userId) records.push(record);
    else gone.push(id);
  });
  if (gone.length > 0) await kv.srem(userSessionsKey(userId), ...gone);
  return records.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
}

export async function writeNewSessionRecord(record: SessionRecord): Promise<void> {
  const kv = getKv();
  await kv.set(sessionKey(record.id), stored(record), { ttlSeconds: SESSION_LIFETIME_SECONDS });
  await kv.sadd(userSessionsKey(record.userId), record.id);
  await kv.expire(userSessionsKey(record.userId), SESSION_LIFETIME_SECONDS);
}

/**
 * Moves last-seen and the expiry forward. SET XX never writes a record that was deleted meanwhile, so
 * a request racing "Sign out" on another device cannot bring the session back.
 */
export async function touchSessionRecord(record: SessionRecord, now: Date): Promise<void> {
  const kv = getKv();
  const touched = { ...record, lastSeenAt: now.toISOString() };
  const kept = await kv.set(sessionKey(record.id), stored(touched), { ttlSeconds: SESSION_LIFETIME_SECONDS, onlyIfPresent: true });
  if (kept) await kv.expire(userSessionsKey(record.userId), SESSION_LIFETIME_SECONDS);
}

/**
 * Deletes the records, so their sessions are refused on their next request. With a reason, each
 * browser is told why on the sign-in page (kept as long as its cookie could still be sent).
 */
export async function deleteSessionRecords(userId: string, ids: string[], reason?: SessionEndReason): Promise<void> {
  if (ids.length === 0) return;
  const kv = getKv();
  await kv.del(...ids.map(sessionKey));
  await kv.srem(userSessionsKey(userId), ...ids);
  if (reason) {
    await Promise.all(ids.map((id) => kv.set(endedKey(id), reason, { ttlSeconds: SESSION_LIFETIME_SECONDS })));
  }
}

export async function readEndReason(id: string): Promise<SessionEndReason | null> {
  const reason = await getKv().get(endedKey(id));
  return END_REASONS.find((known) => known === reason) ?? null;
}
