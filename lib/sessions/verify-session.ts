import "server-only";
import { LAST_SEEN_EVERY_MS, readSessionRecord, touchSessionRecord } from "./records";

/** "unknown": the session store could not be reached, so nobody can say; callers must not sign the user out for it. */
export type SessionCheck = "live" | "ended" | "unknown";

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Asked on every signed-in request: is this session still recorded for this user? Refreshes last-seen now and then. */
export async function verifySession({ sessionId, userId, now = new Date() }: { sessionId: string; userId: string; now?: Date }): Promise<SessionCheck> {
  let record;
  try {
    record = await readSessionRecord(sessionId);
  } catch (error) {
    console.error(`[sessions] cannot check a session, the session store is unreachable: ${describe(error)}`);
    return "unknown";
  }
  if (!record || record.userId !== userId) return "ended";
  if (now.getTime() - Date.parse(record.lastSeenAt) >= LAST_SEEN_EVERY_MS) {
    // A lost last-seen update is harmless; the session itself was just confirmed.
    await touchSessionRecord(record, now).catch((error) => console.error(`[sessions] cannot update last seen: ${describe(error)}`));
  }
  return "live";
}
