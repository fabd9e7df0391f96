import { randomBytes } from "node:crypto";
import type { ActingUser } from "@/lib/actor";
import { getDb } from "@/lib/db";
import type { SandboxLeaderboardEntry } from "@/lib/trackmania/sandbox";
import { createUser, sandbox } from "../checks/support";

/**
 * Shared by the driver-watch tests. Import it only after setting the environment (SANDBOX_CLOCK=manual):
 * it reaches the sandbox through the app's own singletons.
 */

export { createUser, sandbox };

/** A user whose profile carries this Trackmania account (typed, unverified, unless said). */
export async function createDriver(accountId: string, displayName = "Driver", verified = false): Promise<ActingUser> {
  const db = await getDb();
  return db.user.create({
    data: { email: `watcher-${randomBytes(4).toString("hex")}@example.com`, name: "Watcher", tmAccountId: accountId, tmDisplayName: displayName, tmVerified: verified },
    select: { id: true, email: true, role: true },
  });
}

/** The world's board of a map, best first. */
export function boardOf(mapUid: string): SandboxLeaderboardEntry[] {
  const board = sandbox().world.leaderboard(mapUid);
  if (!board) throw new Error(`no board for ${mapUid}`);
  return board;
}

/** A driver on the map at about `near`, whose time nobody shares (so the position is unambiguous). */
export function driverNear(mapUid: string, near: number): SandboxLeaderboardEntry {
  const board = boardOf(mapUid);
  const start = Math.max(0, Math.min(near, board.length) - 1);
  for (let k = 0; k < board.length; k++) {
    const entry = board[(start + k) % board.length]!;
    if (board.filter((other) => other.score === entry.score).length === 1) return entry;
  }
  throw new Error(`no driver with a unique time near ${near} on ${mapUid}`);
}

/** A map of the world on which `accountId` has no time. */
export function mapWithoutTimeOf(accountId: string): string {
  const map = sandbox()
    .world.maps()
    .find((candidate) => (sandbox().world.leaderboard(candidate.uid) ?? []).every((entry) => entry.accountId !== accountId));
  if (!map) throw new Error("every map has a time of this driver");
  return map.uid;
}
