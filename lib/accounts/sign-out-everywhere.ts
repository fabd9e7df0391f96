import "server-only";
import type { ActingUser } from "@/lib/actor";
import { bumpSessionVersion } from "./revoke-sessions";

/**
 * Ends every session of the acting user, this browser's included, on every device at once (lost
 * phone, shared computer). Returns the new session version.
 */
export async function signOutEverywhere(actor: ActingUser): Promise<{ sessionVersion: number }> {
  return { sessionVersion: await bumpSessionVersion(actor.id) };
}
