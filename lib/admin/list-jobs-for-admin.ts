import "server-only";
import { assertAdmin } from "@/lib/actor";
import type { ActingUser } from "@/lib/actor";
import { getConfig } from "@/lib/config";
import { getDb } from "@/lib/db";
import type { JobStatus, Prisma } from "@/lib/generated/prisma/client";
import { summarizeJobPayload, type JobPayloadLookups } from "./summarize-job-payload";

export const JOB_TABS = ["queued", "running", "failed", "succeeded", "discarded"] as const;
export type JobTab = (typeof JOB_TABS)[number];

export const JOBS_PER_PAGE = 25;
/** "Succeeded (recent)": older successes are of no interest and would only grow the list. */
const RECENT_SUCCESS_MS = 7 * 24 * 3_600_000;

export interface ListJobsForAdminOptions {
  tab: JobTab;
  /** 1-based. */
  page?: number;
}

export interface AdminJobRow {
  id: string;
  job: string;
  status: JobStatus;
  summary: string;
  attempts: number;
  lastError: string | null;
  queuedAt: Date;
  runAt: Date;
  finishedAt: Date | null;
  retriedAs: string | null;
}

function whereForTab(tab: JobTab, now: number): Prisma.JobRecordWhereInput {
  switch (tab) {
    case "queued":
      return { status: "QUEUED" };
    case "running":
      return { status: "RUNNING" };
    case "failed":
      return { status: "FAILED" };
    case "succeeded":
      return { status: "SUCCEEDED", finishedAt: { gte: new Date(now - RECENT_SUCCESS_MS) } };
    case "discarded":
      // Both were set aside by an admin; a retried one lives on as a new message.
      return { status: { in: ["DISCARDED", "RETRIED"] } };
  }
}

/** Emails and search names the payload summaries mention, loaded in three queries for the whole page. */
async function lookupsFor(records: { job: string; payload: unknown }[]): Promise<JobPayloadLookups> {
  const ids = (job: string, field: string) =>
    [...new Set(records.filter((r) => r.job === job).map((r) => (r.payload as Record<string, unknown> | null)?.[field]).filter((v): v is string => typeof v === "string"))];
  const userIds = ids("user-check", "userId");
  const digestIds = ids("digest-send", "digestId");
  const searchIds = ids("map-search", "searchId");
  const db = await getDb();
  const [users, digests, searches] = await Promise.all([
    userIds.length ? db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, email: true } }) : [],
    digestIds.length ? db.digest.findMany({ where: { id: { in: digestIds } }, select: { id: true, user: { select: { email: true } } } }) : [],
    searchIds.length ? db.mapSearchJob.findMany({ where: { id: { in: searchIds } }, select: { id: true, mapperName: true, period: true } }) : [],
  ]);
  return {
    emails: new Map(users.map((u) => [u.id, u.email])),
    digestEmails: new Map(digests.map((d) => [d.id, d.user.email])),
    searches: new Map(searches.map((s) => [s.id, `${s.mapperName} (${s.period})`])),
  };
}

/**
 * One tab of the admin's job list, newest first, 25 a page, with every tab's count. What it shows
 * is JobRecord: every message with the in-process runner; with QStash only the deliveries our
 * receiver recorded as failing (QStash's console holds the rest).
 */
export async function listJobsForAdmin(actor: ActingUser, options: ListJobsForAdminOptions) {
  assertAdmin(actor);
  const db = await getDb();
  const now = Date.now();
  const counted = await Promise.all(JOB_TABS.map((tab) => db.jobRecord.count({ where: whereForTab(tab, now) })));
  const counts = Object.fromEntries(JOB_TABS.map((tab, index) => [tab, counted[index]!])) as Record<JobTab, number>;
  const pageCount = Math.max(1, Math.ceil(counts[options.tab] / JOBS_PER_PAGE));
  const page = Math.min(Math.max(1, options.page ?? 1), pageCount);
  const records = await db.jobRecord.findMany({
    where: whereForTab(options.tab, now),
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    skip: (page - 1) * JOBS_PER_PAGE,
    take: JOBS_PER_PAGE,
  });
  const lookups = await lookupsFor(records);
  const jobs: AdminJobRow[] = records.map((record) => ({
    id: record.id,
    job: record.job,
    status: record.status,
    summary: summarizeJobPayload(record.job, record.payload, lookups),
    attempts: record.attempts,
    lastError: record.lastError,
    queuedAt: record.createdAt,
    runAt: record.runAt,
    finishedAt: record.finishedAt,
    retriedAs: record.retriedAs,
  }));
  return { driver: getConfig().drivers.queue, tab: options.tab, counts, jobs, page, pageCount };
}

export type AdminJobList = Awaited<ReturnType<typeof listJobsForAdmin>>;
