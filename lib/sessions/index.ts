/**
 * Signed-in devices: every sign-in is a session recorded in KV (device, method, when), listed on
 * Settings → Devices and ended one by one. The Auth.js token carries the session id; lib/auth checks
 * it on every request.
 */
export { countDevices, endAllSessions, endDevice, endOtherDevices, listDevices, type DeviceView } from "./devices";
export { describeDevice } from "./device-label";
export { forgetSession, sessionEndReason } from "./end-session";
export {
  LAST_SEEN_EVERY_MS,
  MAX_SESSIONS_PER_USER,
  SESSION_LIFETIME_SECONDS,
  type SessionEndReason,
  type SignInMethod,
} from "./records";
export { endDeviceSchema, type EndDeviceInput } from "./schemas";
export { startSession, type StartSessionInput } from "./start-session";
export { verifySession, type SessionCheck } from "./verify-session";
export { getUserState, refreshUserState, type UserState } from "./user-state";
