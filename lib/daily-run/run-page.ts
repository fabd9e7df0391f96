import "server-only";
import { z } from "zod";
import { assertAdmin } from "@/lib/actor";
import type { ActingUser } from "@/lib/actor";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { DigestStatus, Prisma } from "@/lib/generated/prisma/client";
import { toDailyRunView, type DailyRunView } from "./admin";
import { checkFailedWhere, retryableSendWhere, sendPendingWhere, sendUnconfirmedWhere } from "./digest-states";
import { isKeyTrusted, KEY_TRUSTED_MS, MAX_SEND_ATTEMPTS } from "./send-digest";

/**
 * One daily run as its admin page shows it: the run's stats, where it stands (what the Daily runs
 * page polls while it runs), and the per-user breakdown, one row per digest the run wrote.
 */

export const DAILY_RUN_USERS_PER_PAGE = 50;


export type DailyRunProgress = {
  id: string;
  status: "RUNNING" | "FINISHED" | "FAILED";
  usersDue: number;
  /** Checks done, whether they wrote a digest or gave up. */
  usersChecked: number;
  emailsSent: number;
  /** Checks that gave up plus sends that failed for good. */
  failed: number;
  /** Sends the email service may have accepted without confirming them: never sent again by themselves. */
  maybeSent: number;
  /** Digests still to be sent (composed, or failed with attempts left). */
  sendsPending: number;
  percent: number;
  label: string;
  /** The run is over and its sends have settled: nothing more will change on its own. */
  settled: boolean;
};

/** Ids are cuids: anything else (a NUL byte, a path) is no run, never a query. */
const idSchema = z.string().regex(/^[\w-]{1,64}$/);

/** Where a run stands: "checked 12 / 40 users, 8 digests sent, 1 failed" — admins only. */
export async function getDailyRunProgress(actor: ActingUser, runId: string): Promise<DailyRunProgress> {
  assertAdmin(actor);
  const id = idSchema.safeParse(runId);
  if (!id.success) throw new AppError("not_found:daily_run", "No such daily run.");
  const db = await getDb();
  const run = await db.dailyRun.findUnique({ where: { id: id.data } });
  if (!run) throw new AppError("not_found:daily_run", "No such daily run.");
  const [checksFailed, sendsPending, maybeSent] = await Promise.all([
    db.digest.count({ where: { dailyRunId: run.id, ...checkFailedWhere } }),
    db.digest.count({ where: { dailyRunId: run.id, ...sendPendingWhere } }),
    db.digest.count({ where: { dailyRunId: run.id, ...sendUnconfirmedWhere } }),
  ]);
  return progressOf(run, { checksFailed, sendsPending, maybeSent });
}

function progressOf(
  run: { id: string; status: DailyRunProgress["status"]; usersDue: number; usersChecked: number; emailsSent: number; emailsFailed: number },
  { checksFailed, sendsPending, maybeSent }: { checksFailed: number; sendsPending: number; maybeSent: number },
): DailyRunProgress {
  const usersChecked = Math.min(run.usersDue, run.usersChecked + checksFailed);
  const failed = checksFailed + run.emailsFailed;
  const percent = run.usersDue === 0 ? (run.status === "RUNNING" ? 0 : 100) : Math.floor((usersChecked / run.usersDue) * 100);
  const label = `checked ${usersChecked} / ${run.usersDue} ${run.usersDue === 1 ? "user" : "users"}, ${run.emailsSent} ${run.emailsSent === 1 ? "digest" : "digests"} sent, ${failed} failed${maybeSent > 0 ? `, ${maybeSent} may have been sent` : ""}${sendsPending > 0 ? `, ${sendsPending} still sending` : ""}`;
  return {
    id: run.id,
    status: run.status,
    usersDue: run.usersDue,
    usersChecked,
    emailsSent: run.emailsSent,
    failed,
    maybeSent,
    sendsPending,
    percent,
    label,
    settled: run.status !== "RUNNING" && sendsPending === 0,
  };
}

export type DailyRunUserRow = {
  digestId: string;
  userId: string;
  email: string;
  status: DigestStatus;
  /** The digest's state in words: sent, nothing new, failed… */
  state: string;
  tone: "success" | "neutral" | "warning" | "danger" | "info";
  /** Why it failed (or may have been sent), in the words the user's history shows. */
  reason: string | null;
  recordCount: number;
  sendAttempts: number;
  sentAt: Date | null;
  /** A send that failed for good, or may have been sent under a key still trusted: "Retry this send" sends it again. */
  retryable: boolean;
  /** "May have been sent": until when a retry can count on the email service remembering its key; null once it cannot. */
  retryUntil: Date | null;
};

export type DailyRunPage = {
  run: DailyRunView;
  progress: DailyRunProgress;
  users: DailyRunUserRow[];
  failedOnly: boolean;
  page: number;
  pageCount: number;
  /** Rows matching the filter, over every page. */
  total: number;
  /** Sends that "Retry failed sends" would send again, and failed checks it cannot. */
  retryableSends: number;
  failedChecks: number;
};

export const dailyRunPageSchema = z.object({
  failedOnly: z.boolean().default(false),
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
});

type DigestState = Pick<DailyRunUserRow, "state" | "tone" | "retryable"> & { retryUntil?: Date };

function describe(digest: { status: DigestStatus; subject: string | null; sendAttempts: number; sendKeyUsedAt: Date | null }, now: Date): DigestState {
  switch (digest.status) {
    case "SENT":
      return { state: "sent", tone: "success", retryable: false };
    case "EMPTY":
      return { state: "nothing new", tone: "neutral", retryable: false };
    case "NOT_EMAILED":
      return { state: "not emailed (notifications off)", tone: "neutral", retryable: false };
    case "COMPOSED":
      return { state: "sending", tone: "info", retryable: false };
    case "PENDING":
      return { state: "still pending", tone: "info", retryable: false };
    case "FAILED":
      if (digest.subject === null) return { state: "check failed", tone: "danger", retryable: false };
      if (digest.sendAttempts < MAX_SEND_ATTEMPTS) return { state: "send failed, retrying", tone: "warning", retryable: false };
      return { state: "send failed", tone: "danger", retryable: true };
    case "MAYBE_SENT": {
      // Sent again only under its key, while the email service surely still remembers it.
      if (digest.sendKeyUsedAt === null || !isKeyTrusted(digest.sendKeyUsedAt, now)) return { state: "may have been sent", tone: "warning", retryable: false };
      return { state: "may have been sent", tone: "warning", retryable: true, retryUntil: new Date(digest.sendKeyUsedAt.getTime() + KEY_TRUSTED_MS) };
    }
  }
}

/** A daily run with its per-user breakdown, 50 users a page, optionally failed ones only — admins only. */
export async function getDailyRunForAdmin(actor: ActingUser, runId: string, options: z.input<typeof dailyRunPageSchema> = {}): Promise<DailyRunPage> {
  assertAdmin(actor);
  const { failedOnly, page } = dailyRunPageSchema.parse(options);
  const id = idSchema.safeParse(runId);
  if (!id.success) throw new AppError("not_found:daily_run", "No such daily run.");
  const db = await getDb();
  const run = await db.dailyRun.findUnique({ where: { id: id.data } });
  if (!run) throw new AppError("not_found:daily_run", "No such daily run.");

  const now = new Date();
  // "Failed only" keeps every row that needs a look: failed checks and sends, and sends that may have gone out unconfirmed.
  const where: Prisma.DigestWhereInput = { dailyRunId: run.id, ...(failedOnly ? { status: { in: ["FAILED", "MAYBE_SENT"] } } : {}) };
  const [total, failedChecks, retryableSends, sendsPending, maybeSent] = await Promise.all([
    db.digest.count({ where }),
    db.digest.count({ where: { dailyRunId: run.id, ...checkFailedWhere } }),
    db.digest.count({ where: { dailyRunId: run.id, ...retryableSendWhere(now) } }),
    db.digest.count({ where: { dailyRunId: run.id, ...sendPendingWhere } }),
    db.digest.count({ where: { dailyRunId: run.id, ...sendUnconfirmedWhere } }),
  ]);
  const pageCount = Math.max(1, Math.ceil(total / DAILY_RUN_USERS_PER_PAGE));
  const current = Math.min(page, pageCount);
  const digests = await db.digest.findMany({
    where,
    orderBy: [{ user: { email: "asc" } }, { id: "asc" }],
    skip: (current - 1) * DAILY_RUN_USERS_PER_PAGE,
    take: DAILY_RUN_USERS_PER_PAGE,
    select: { id: true, userId: true, status: true, subject: true, error: true, recordCount: true, sendAttempts: true, sendKeyUsedAt: true, sentAt: true, user: { select: { email: true } } },
  });
  return {
    run: toDailyRunView(run),
    progress: progressOf(run, { checksFailed: failedChecks, sendsPending, maybeSent }),
    users: digests.map((digest) => {
      const { retryUntil = null, ...state } = describe(digest, now);
      return {
        digestId: digest.id,
        userId: digest.userId,
        email: digest.user.email,
        status: digest.status,
        ...state,
        retryUntil,
        reason: digest.status === "FAILED" || digest.status === "MAYBE_SENT" ? digest.error : null,
        recordCount: digest.recordCount,
        sendAttempts: digest.sendAttempts,
        sentAt: digest.sentAt,
      };
    }),
    failedOnly,
    page: current,
    pageCount,
    total,
    retryableSends,
    failedChecks,
  };
}
