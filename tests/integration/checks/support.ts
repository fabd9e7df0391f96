import { randomBytes } from "node:crypto";
import type { ActingUser } from "@/lib/actor";
import type { CheckRun, MapperAlertReport, RecordEvent } from "@/lib/checks";
import { getDb } from "@/lib/db";
import { getSandbox } from "@/lib/trackmania";
import type { SandboxLeaderboardEntry } from "@/lib/trackmania/sandbox";

/**
 * Shared by the check-engine tests. Import it only after setting the environment (SANDBOX_CLOCK=manual):
 * it reaches the sandbox through the app's own singletons.
 */

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export function sandbox() {
  const world = getSandbox();
  if (!world) throw new Error("these tests need the embedded sandbox (no NADEO_* credentials)");
  return world;
}

export type UserOverrides = {
  tmAccountId?: string;
  tmDisplayName?: string;
  /** Where and when the user's digest falls; with `emailVerifiedAt` the daily run finds them due. */
  timezone?: string;
  digestHour?: number;
  emailVerifiedAt?: Date;
};

export async function createUser(overrides: UserOverrides = {}): Promise<ActingUser> {
  const db = await getDb();
  const user = await db.user.create({
    data: { email: `driver-${randomBytes(4).toString("hex")}@example.com`, name: "Tester", ...overrides },
    select: { id: true, email: true, role: true },
  });
  return user;
}

/** A run at the sandbox's current instant, with a key of its own (tests run many "runs" per simulated hour). */
export function runNow(label = randomBytes(3).toString("hex")): CheckRun {
  const now = sandbox().now();
  return { key: `${now.toISOString().slice(0, 13)}-${label}`, now };
}

/** What the world says: the top `depth` of a map, entries driven at or after `since`. */
export function truthSince(mapUid: string, since: Date, depth = 100): SandboxLeaderboardEntry[] {
  const board = sandbox().world.leaderboard(mapUid) ?? [];
  const sinceSecond = Math.floor(since.getTime() / 1000);
  return board.slice(0, depth).filter((entry) => entry.timestamp >= sinceSecond);
}

/** What the world says: the top `depth` of a map, entries driven in (`after`, `upTo`] (whole seconds). */
export function truthBetween(mapUid: string, after: Date, upTo: Date, depth = 100): SandboxLeaderboardEntry[] {
  const board = sandbox().world.leaderboard(mapUid) ?? [];
  const from = Math.floor(after.getTime() / 1000);
  const to = Math.floor(upTo.getTime() / 1000);
  return board.slice(0, depth).filter((entry) => entry.timestamp > from && entry.timestamp <= to);
}

export function topOf(mapUid: string, depth = 100): Map<string, SandboxLeaderboardEntry> {
  const board = sandbox().world.leaderboard(mapUid) ?? [];
  return new Map(board.slice(0, depth).map((entry) => [entry.accountId, entry]));
}

export function recordsOf(reports: MapperAlertReport[]): RecordEvent[] {
  return reports.flatMap((report) => report.maps.flatMap((map) => map.records));
}

/** A comparable view of a record: who, what time, where. */
export const shape = (record: { mapUid?: string; accountId: string; score: number; position: number }, mapUid?: string) =>
  `${record.mapUid ?? mapUid}|${record.accountId}|${record.score}|${record.position}`;

/** A leaderboard entry as the client returns it, for tests that feed `recordLeaderboard` by hand. */
export const boardEntry = (accountId: string, position: number, score: number, driven = "2026-12-01T20:00:00Z") => ({
  accountId,
  position,
  score,
  timestamp: new Date(driven),
  zoneId: null,
  zoneName: null,
});
