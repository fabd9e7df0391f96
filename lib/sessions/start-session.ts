import "server-only";
import { randomBytes } from "node:crypto";
import { describeDevice } from "./device-label";
import {
  deleteSessionRecords,
  MAX_SESSIONS_PER_USER,
  readSessionRecord,
  readUserSessionRecords,
  writeNewSessionRecord,
  type SignInMethod,
} from "./records";

export type StartSessionInput = {
  userId: string;
  /** The account's session version at sign-in; records of older versions were ended by it. */
  sessionVersion: number;
  method: SignInMethod;
  userAgent: string | null;
  /**
   * The session this browser held until now (linking Trackmania re-issues it, a password change signs
   * the browser back in). Its record goes, so it is not left as a second device; the user's own keeps
   * its first sign-in time and method, being the same browser session carried on.
   */
  replaces?: string | null;
  now?: Date;
};

/**
 * Records a sign-in and returns its session id, carried in the Auth.js token. A user keeps at most
 * MAX_SESSIONS_PER_USER sessions: past that, the oldest sign-ins end.
 */
export async function startSession({ userId, sessionVersion, method, userAgent, replaces, now = new Date() }: StartSessionInput): Promise<string> {
  const id = randomBytes(18).toString("base64url");
  const at = now.toISOString();
  const replaced = replaces ? await readSessionRecord(replaces) : null;
  const carriedOn = replaced?.userId === userId ? replaced : null;
  await writeNewSessionRecord({
    id,
    userId,
    sessionVersion,
    method: carriedOn?.method ?? method,
    device: describeDevice(userAgent),
    createdAt: carriedOn?.createdAt ?? at,
    lastSeenAt: at,
  });
  if (replaced) await deleteSessionRecords(replaced.userId, [replaced.id]);

  const records = await readUserSessionRecords(userId);
  const outdated = records.filter((record) => record.sessionVersion !== sessionVersion).map((record) => record.id);
  const current = records.filter((record) => record.sessionVersion === sessionVersion && record.id !== id);
  // The new session always stays: newest first, it is only the ones past the limit that go.
  const overLimit = current.slice(MAX_SESSIONS_PER_USER - 1).map((record) => record.id);
  await deleteSessionRecords(userId, outdated);
  await deleteSessionRecords(userId, overLimit, "device-limit");
  return id;
}
