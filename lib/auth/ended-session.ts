import "server-only";
import { decode } from "next-auth/jwt";
import { cookies } from "next/headers";
import { sessionEndReason, type SessionEndReason } from "@/lib/sessions";
import { SESSION_COOKIES } from "./cookies";
import { authSecret } from "./secret";

/**
 * For a visitor the session check just refused: why, when we know (another device signed this one out,
 * too many devices, an admin), "session-ended" when they still carry a cookie, otherwise null.
 */
export async function whySessionEnded(): Promise<SessionEndReason | "session-ended" | null> {
  const jar = await cookies();
  const name = SESSION_COOKIES.find((cookie) => jar.has(cookie));
  if (!name) return null;
  try {
    const token = await decode({ token: jar.get(name)!.value, secret: authSecret(), salt: name });
    const reason = typeof token?.sid === "string" ? await sessionEndReason(token.sid) : null;
    return reason ?? "session-ended";
  } catch {
    return "session-ended";
  }
}
