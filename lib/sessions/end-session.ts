import "server-only";
import { deleteSessionRecords, readEndReason, readSessionRecord, type SessionEndReason } from "./records";

/** A plain sign-out: this browser's record goes, so it leaves the device list at once. */
export async function forgetSession(sessionId: string): Promise<void> {
  const record = await readSessionRecord(sessionId);
  if (record) await deleteSessionRecords(record.userId, [sessionId]);
}

/** Why someone else ended this session, when they did; null for every other ending. */
export async function sessionEndReason(sessionId: string): Promise<SessionEndReason | null> {
  try {
    return await readEndReason(sessionId);
  } catch {
    return null;
  }
}
