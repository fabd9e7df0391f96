import { randomBytes } from "node:crypto";
import type { ActingUser } from "@/lib/actor";
import { parseDigestContent, type DigestContent } from "@/lib/digest/content";
import { getDb } from "@/lib/db";
import { getSandbox } from "@/lib/trackmania";
import type { SandboxLeaderboardEntry } from "@/lib/trackmania/sandbox";

/**
 * Shared by the daily-run tests. Import it only after setting the environment (SANDBOX_CLOCK=manual,
 * APP_URL…): it reaches the sandbox and the database through the app's own singletons.
 */

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export function sandbox() {
  const world = getSandbox();
  if (!world) throw new Error("these tests need the embedded sandbox (no NADEO_* credentials)");
  return world;
}

/** Moves the sandbox's manual clock to `at` (never backwards). */
export function advanceTo(at: Date) {
  const by = at.getTime() - sandbox().now().getTime();
  if (by < 0) throw new Error(`cannot move the sandbox back from ${sandbox().now().toISOString()} to ${at.toISOString()}`);
  sandbox().advance(by);
}

export type TestUserOptions = {
  timezone?: string;
  digestHour?: number;
  verified?: boolean;
  emailNotifications?: boolean;
  label?: string;
};

/** An account as sign-up and email verification leave it (fixtures: the accounts flows have their own tests). */
export async function createUser(options: TestUserOptions = {}): Promise<ActingUser> {
  const db = await getDb();
  return db.user.create({
    data: {
      email: `${options.label ?? "user"}-${randomBytes(4).toString("hex")}@trackwatch.test`,
      name: options.label ?? "Tester",
      timezone: options.timezone ?? "UTC",
      digestHour: options.digestHour ?? 7,
      emailVerifiedAt: options.verified === false ? null : new Date(),
      emailNotifications: options.emailNotifications ?? true,
    },
    select: { id: true, email: true, role: true },
  });
}

/** What the world says: the top `depth` of a map, entries driven in (`after`, `upTo`]. */
export function truthBetween(mapUid: string, after: Date | null, upTo: Date, depth = 100): SandboxLeaderboardEntry[] {
  const board = sandbox().world.leaderboard(mapUid) ?? [];
  const from = after === null ? Number.NEGATIVE_INFINITY : Math.floor(after.getTime() / 1000);
  const to = Math.floor(upTo.getTime() / 1000);
  return board.slice(0, depth).filter((entry) => (after === null ? entry.timestamp >= from : entry.timestamp > from) && entry.timestamp <= to);
}

/** Records driven since the watch began (inclusive second), as the engine counts them. */
export function truthSince(mapUid: string, since: Date, depth = 100): SandboxLeaderboardEntry[] {
  const board = sandbox().world.leaderboard(mapUid) ?? [];
  const sinceSecond = Math.floor(since.getTime() / 1000);
  return board.slice(0, depth).filter((entry) => entry.timestamp >= sinceSecond);
}

/**
 * A comparable view of a record: where, who, what time and (optionally) at which position. A record
 * carries its position when it was observed, so positions compare only against the world at that instant.
 */
export const shape = (mapUid: string, record: { accountId: string; score: number; position: number }, { positions = true } = {}) =>
  positions ? `${mapUid}|${record.accountId}|${record.score}|${record.position}` : `${mapUid}|${record.accountId}|${record.score}`;

/** Every record a digest carries, in `shape` form. */
export function digestShapes(content: DigestContent, options: { positions?: boolean } = {}): string[] {
  return content.sections.flatMap((section) => section.maps.flatMap((map) => map.records.map((record) => shape(map.uid, record, options)))).sort();
}

export async function digestsOf(userId: string) {
  const db = await getDb();
  const digests = await db.digest.findMany({ where: { userId }, orderBy: { day: "asc" } });
  return digests.map((digest) => ({ ...digest, parsed: parseDigestContent(digest.content) }));
}

export async function outboxTo(email: string) {
  const db = await getDb();
  return db.outboxEmail.findMany({ where: { to: { has: email } }, orderBy: { createdAt: "asc" } });
}

type ComposedTemplate = { day: string; subject: string | null; html: string | null; text: string | null; content: unknown; recordCount: number };

/**
 * `count` new users, each with a COMPOSED digest carrying `template`'s email (a digest a real run
 * composed), all in one new DailyRun: the state user checks leave behind before any send has run.
 */
export async function composedDigests(template: ComposedTemplate, count: number, label: string) {
  const db = await getDb();
  const run = await db.dailyRun.create({ data: { slot: `test-${label}-${randomBytes(4).toString("hex")}`, trigger: "test" } });
  const members: { user: ActingUser; digestId: string }[] = [];
  for (let i = 0; i < count; i++) {
    const user = await createUser({ label: `${label}${i}` });
    const digest = await db.digest.create({
      data: {
        userId: user.id,
        day: template.day,
        status: "COMPOSED",
        subject: template.subject,
        html: template.html,
        text: template.text,
        content: template.content as object,
        recordCount: template.recordCount,
        composedAt: new Date(),
        dailyRunId: run.id,
      },
      select: { id: true },
    });
    members.push({ user, digestId: digest.id });
  }
  return { run, members };
}
