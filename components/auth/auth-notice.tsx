/**
 * Why someone landed on the sign-in page, from a fixed list: the `reason` query value picks a message
 * and is never echoed, so a crafted link cannot put words on our page.
 */
const notices = {
  "password-reset": "Your password has been changed and every device was signed out. Sign in with your new password.",
  "password-changed": "You were signed out because your password changed. Sign in with your new password.",
  "signed-out-everywhere": "You were signed out on every device.",
  "session-ended":
    "Your session has ended: you signed out on another device, your password was changed, or your account was disabled. Sign in again.",
  "signed-out-remotely": "This device was signed out from your device list on another device. Sign in again to continue.",
  "device-limit": "This device was signed out because your account signed in on more than 20 devices: the oldest sign-in ends first. Sign in again to continue.",
  "ended-by-admin": "An administrator signed your account out of every device. Sign in again to continue.",
  "account-created": "Your account is ready. Sign in to continue.",
} as const;

export type AuthNoticeReason = keyof typeof notices;

export function authNoticeText(reason: unknown): string | null {
  return typeof reason === "string" && Object.hasOwn(notices, reason) ? notices[reason as AuthNoticeReason] : null;
}

export function AuthNotice({ reason }: { reason: unknown }) {
  const text = authNoticeText(reason);
  if (!text) return null;
  return (
    <div role="status" className="mb-6 rounded-lg border border-brand-200 bg-brand-50 px-3 py-2 text-sm text-brand-900">
      {text}
    </div>
  );
}
