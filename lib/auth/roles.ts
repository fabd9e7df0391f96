import { AppError } from "@/lib/errors";
import type { ActingUser } from "./session";

/**
 * The admin check every admin domain function makes itself, whoever calls it (action, route, job or
 * script): `forbidden:admin` for anyone else.
 */
export function assertAdmin(actor: ActingUser): void {
  if (actor.role !== "ADMIN") throw new AppError("forbidden:admin");
}
