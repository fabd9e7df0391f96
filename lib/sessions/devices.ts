import "server-only";
import type { ActingUser } from "@/lib/actor";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { deleteSessionRecords, readUserSessionRecords, type SessionRecord, type SignInMethod } from "./records";
import { endDeviceSchema, type EndDeviceInput } from "./schemas";

export type DeviceView = {
  sessionId: string;
  device: string;
  method: SignInMethod;
  signedInAt: Date;
  lastSeenAt: Date;
  current: boolean;
};

/** The user's live sessions; records a password change or "sign out everywhere" outdated are cleared on the way. */
async function liveRecords(userId: string): Promise<SessionRecord[]> {
  const db = await getDb();
  const user = await db.user.findUnique({ where: { id: userId }, select: { sessionVersion: true, disabledAt: true } });
  const records = await readUserSessionRecords(userId);
  if (!user || user.disabledAt) {
    await deleteSessionRecords(userId, records.map((record) => record.id));
    return [];
  }
  const outdated = records.filter((record) => record.sessionVersion !== user.sessionVersion);
  await deleteSessionRecords(userId, outdated.map((record) => record.id));
  return records.filter((record) => record.sessionVersion === user.sessionVersion);
}

/** Where the acting user is signed in, newest sign-in first, with this browser first of all. */
export async function listDevices(actor: ActingUser): Promise<DeviceView[]> {
  const records = await liveRecords(actor.id);
  const devices = records.map((record) => ({
    sessionId: record.id,
    device: record.device,
    method: record.method,
    signedInAt: new Date(record.createdAt),
    lastSeenAt: new Date(record.lastSeenAt),
    current: record.id === actor.sessionId,
  }));
  return [...devices.filter((device) => device.current), ...devices.filter((device) => !device.current)];
}

/** Signs one of the acting user's other devices out; it is refused on its next request. */
export async function endDevice(actor: ActingUser, input: EndDeviceInput): Promise<void> {
  const { sessionId } = endDeviceSchema.parse(input);
  if (sessionId === actor.sessionId) {
    throw new AppError("bad_request:session", "That is this device: use Sign out to end it.");
  }
  const records = await liveRecords(actor.id);
  // Another user's session id, or one already ended, gets the same answer: nothing to end.
  if (!records.some((record) => record.id === sessionId)) {
    throw new AppError("not_found:session", "That device is already signed out.");
  }
  await deleteSessionRecords(actor.id, [sessionId], "signed-out-remotely");
}

/** Signs out every device of the acting user but this one. Returns how many were signed out. */
export async function endOtherDevices(actor: ActingUser): Promise<number> {
  if (!actor.sessionId) throw new AppError("bad_request:session", "This session cannot tell which device it is. Sign in again first.");
  const others = (await liveRecords(actor.id)).filter((record) => record.id !== actor.sessionId).map((record) => record.id);
  await deleteSessionRecords(actor.id, others, "signed-out-remotely");
  return others.length;
}

/** How many devices a user is signed in on (the admin's user page). */
export async function countDevices(userId: string): Promise<number> {
  return (await liveRecords(userId)).length;
}

/**
 * Ends every recorded session of a user (the admin's "sign out of every device"). The caller also bumps
 * the session version, which ends any session the store no longer knows of.
 */
export async function endAllSessions(userId: string, reason: "ended-by-admin"): Promise<number> {
  const records = await readUserSessionRecords(userId);
  await deleteSessionRecords(userId, records.map((record) => record.id), reason);
  return records.length;
}
