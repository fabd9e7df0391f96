import "server-only";
import { decode } from "next-auth/jwt";
import { cookies } from "next/headers";
import { sessionEndReason, type SessionEndReason } from "@/lib/sessions";
import { SESSION_COOKIES } from "./cookies";
import { authSecret } from "./secret";

type CookieSource = { get(name: string): { value: string } | undefined };

/** The session id inside a browser's session cookie, whether or not that session is still live. */
export async function sessionIdInCookies(jar: CookieSource): Promise<string | null> {
  const name = SESSION_COOKIES.find((cookie) => jar.get(cookie) !== undefined);
  if (!name) return null;
  try {
    const token = await decode({ token: jar.get(name)!.value, secret: authSecret(), salt: name });
    return typeof token?.sid === "string" ? token.sid : null;
  } catch {
    return null;
  }
}

/**
 * For a visitor the session check just refused: why, when we know (another device signed this one out,
 * too many devices, an admin), "session-ended" when they still carry a cookie, otherwise null.
 */
export async function whySessionEnded(): Promise<SessionEndReason | "session-ended" | null> {
  const jar = await cookies();
  if (!SESSION_COOKIES.some((cookie) => jar.has(cookie))) return null;
  const sessionId = await sessionIdInCookies(jar);
  return (sessionId ? await sessionEndReason(sessionId) : null) ?? "session-ended";
}
