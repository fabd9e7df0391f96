import "server-only";
import { z } from "zod";
import { appUrl } from "@/lib/config";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { createUnsubscribeToken, verifyUnsubscribeToken } from "./token";

/**
 * One-click unsubscribe from digest emails (RFC 8058). The token in the link is the only credential:
 * no session is needed, so the unsubscribe works from any mail client. Reading a token never changes
 * anything (mail scanners prefetch links); only `unsubscribeWithToken`, called by POST, does.
 */

export { createUnsubscribeToken, verifyUnsubscribeToken, UNSUBSCRIBE_PURPOSE } from "./token";

export const unsubscribeTokenSchema = z.string().trim().min(1, "The unsubscribe link has no token.").max(200, "The unsubscribe token is too long.");

/** The one-click URL for List-Unsubscribe and the email footer; the page at /unsubscribe shows a confirmation. */
export function unsubscribeUrls(userId: string): { oneClick: string; page: string } {
  const token = encodeURIComponent(createUnsubscribeToken(userId));
  return { oneClick: appUrl(`/api/unsubscribe?token=${token}`).toString(), page: appUrl(`/unsubscribe?token=${token}`).toString() };
}

function userIdFrom(token: string): string {
  const check = verifyUnsubscribeToken(unsubscribeTokenSchema.parse(token));
  if (check.ok) return check.userId;
  if (check.reason === "malformed") throw new AppError("bad_request:unsubscribe", "This unsubscribe link is not valid.");
  throw new AppError("forbidden:unsubscribe", "This unsubscribe link is not valid.");
}

/** Masks an address for a page anyone holding the link can open: "a•••@trackwatch.test". */
function maskEmail(email: string): string {
  const [local = "", domain = ""] = email.split("@");
  return `${local.slice(0, 1)}•••@${domain}`;
}

export type UnsubscribeTarget = { email: string; subscribed: boolean };

/** What the confirmation page shows for a token, without changing anything. */
export async function describeUnsubscribeToken(token: string): Promise<UnsubscribeTarget> {
  const userId = userIdFrom(token);
  const user = await (await getDb()).user.findUnique({ where: { id: userId }, select: { email: true, emailNotifications: true } });
  if (!user) throw new AppError("not_found:unsubscribe", "This account no longer exists, so it gets no email.");
  return { email: maskEmail(user.email), subscribed: user.emailNotifications };
}

/** Turns digest emails off for the token's user. Repeating it is harmless. */
export async function unsubscribeWithToken(token: string): Promise<UnsubscribeTarget> {
  const userId = userIdFrom(token);
  const db = await getDb();
  const updated = await db.user.updateMany({ where: { id: userId }, data: { emailNotifications: false } });
  if (updated.count === 0) throw new AppError("not_found:unsubscribe", "This account no longer exists, so it gets no email.");
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true } });
  return { email: maskEmail(user.email), subscribed: false };
}
