import "server-only";
import { getDb } from "@/lib/db";
import { getKv } from "@/lib/kv";

/**
 * What every signed-in request needs to know about its user beyond the session cookie: the current
 * session version (bumped on password change or disable, which revokes older sessions at once), role
 * and whether the account is disabled. Cached in KV so every instance sees a change at once.
 *
 * Readers fill the cache only if it is empty, writers overwrite it with fresh state: a reader that
 * loaded the row just before a change can then never put the old version back after the writer.
 */
export type UserState = { sessionVersion: number; role: "USER" | "ADMIN"; disabled: boolean };

const key = (userId: string) => `user-state:${userId}`;
const TTL_SECONDS = 10 * 60;

async function loadUserState(userId: string): Promise<UserState | null> {
  const db = await getDb();
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { sessionVersion: true, role: true, disabledAt: true },
  });
  return user ? { sessionVersion: user.sessionVersion, role: user.role, disabled: user.disabledAt !== null } : null;
}

export async function getUserState(userId: string): Promise<UserState | null> {
  const kv = getKv();
  let cached: UserState | null;
  try {
    cached = await kv.get<UserState>(key(userId));
  } catch {
    // The database has the truth; while KV is out, every request asks it (and caches nothing).
    return loadUserState(userId);
  }
  if (cached) return cached;
  const state = await loadUserState(userId);
  if (state) await kv.set(key(userId), state, { ttlSeconds: TTL_SECONDS, onlyIfAbsent: true }).catch(() => false);
  return state;
}

/** Call after any change to a user's session version, role or disabled flag (or after deleting them). */
export async function refreshUserState(userId: string): Promise<void> {
  const kv = getKv();
  const state = await loadUserState(userId);
  if (state) await kv.set(key(userId), state, { ttlSeconds: TTL_SECONDS });
  else await kv.del(key(userId));
}
