import "server-only";
import { cookies } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { AppError } from "@/lib/errors";
import { SESSION_COOKIES } from "./cookies";
import { assertAdmin } from "./roles";
import { auth } from "./index";

export type ActingUser = { id: string; email: string; role: "USER" | "ADMIN" };

/** The signed-in user, or null. */
export async function currentUser(): Promise<ActingUser | null> {
  const session = await auth();
  if (!session?.user?.id || !session.user.email) return null;
  return { id: session.user.id, email: session.user.email, role: session.user.role };
}

/** For actions and route handlers: the signed-in user, or an `unauthorized` error. */
export async function requireUser(): Promise<ActingUser> {
  const user = await currentUser();
  if (!user) throw new AppError("unauthorized:session");
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
    const jar = await cookies();
    const hadSession = SESSION_COOKIES.some((name) => jar.has(name));
    redirect(`/sign-in?next=${encodeURIComponent(returnTo)}${hadSession ? "&reason=session-ended" : ""}`);
  }
  return user;
}

/** For admin pages: anonymous visitors sign in; signed-in non-admins see a plain 404, never data. */
export async function requireAdminPage(returnTo: string): Promise<ActingUser> {
  const user = await requireUserPage(returnTo);
  if (user.role !== "ADMIN") notFound();
  return user;
}
