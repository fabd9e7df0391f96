import { AppError } from "@/lib/errors";

/**
 * Who is acting: the signed-in user a domain function authorizes, whoever calls it (an action, a
 * route handler, a job or a script). A leaf: every concern may import it, and it imports no concern,
 * so the Auth.js adapter (lib/auth) that produces it sits above them all.
 */
export type ActingUser = {
  id: string;
  email: string;
  role: "USER" | "ADMIN";
  /** This browser's session (lib/sessions), when the user acts from one. */
  sessionId?: string;
  /** The session store was unreachable: the session is shown pages but may not change anything. */
  sessionUnverified?: boolean;
};

/**
 * The admin check every admin domain function makes itself, whoever calls it (action, route, job or
 * script): `forbidden:admin` for anyone else.
 */
export function assertAdmin(actor: ActingUser): void {
  if (actor.role !== "ADMIN") throw new AppError("forbidden:admin");
}
