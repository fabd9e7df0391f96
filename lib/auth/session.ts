import "server-only";
import { notFound, redirect } from "next/navigation";
import { AppError } from "@/lib/errors";
import { whySessionEnded } from "./session-cookie";
import { assertAdmin, type ActingUser } from "@/lib/actor";
import { auth } from "./index";

/** The signed-in user, or null. */
export async function currentUser(): Promise<ActingUser | null> {
  const session = await auth();
  if (!session?.user?.id || !session.user.email) return null;
  const user: ActingUser = { id: session.user.id, email: session.user.email, role: session.user.role };
  if (session.sessionId) user.sessionId = session.sessionId;
  if (session.sessionUnverified) user.sessionUnverified = true;
  return user;
}

/**
 * For actions and route handlers: the signed-in user, or an `unauthorized` error. While the session
 * store is out a session cannot be confirmed, so nothing is changed in its name (503, try again).
 */
export async function requireUser(): Promise<ActingUser> {
  const user = await currentUser();
  if (!user) throw new AppError("unauthorized:session");
  if (user.sessionUnverified) {
    throw new AppError(
      "unavailable:session-store",
      "We cannot confirm your sign-in right now because our session store is unreachable. Nothing was changed: try again in a minute.",
    );
  }
  return user;
}

/** For admin actions and route handlers: an admin, or `unauthorized`/`forbidden`. */
export async function requireAdmin(): Promise<ActingUser> {
  const user = await requireUser();
  assertAdmin(user);
  return user;
}

/**
 * For pages: sends anonymous visitors to sign in and back. A visitor who still carries a session
 * cookie had their session ended elsewhere (password change, sign-out everywhere): say so.
 */
export async function requireUserPage(returnTo: string): Promise<ActingUser> {
  const user = await currentUser();
  if (!user) {
    const reason = await whySessionEnded();
    redirect(`/sign-in?next=${encodeURIComponent(returnTo)}${reason ? `&reason=${reason}` : ""}`);
  }
  return user;
}

/** For admin pages: anonymous visitors sign in; signed-in non-admins see a plain 404, never data. */
export async function requireAdminPage(returnTo: string): Promise<ActingUser> {
  const user = await requireUserPage(returnTo);
  if (user.role !== "ADMIN") notFound();
  return user;
}
