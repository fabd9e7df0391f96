import { beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { hashPassword } from "@/lib/accounts/password";
import type { ActingUser } from "@/lib/actor";

// The admin Jobs monitor on the embedded (in-process) queue: real jobs through the app's own queue
// and database. The server actions run with a real Auth.js session; `next/headers` hands them that
// browser's headers and `next/cache` records the refresh, the two parts of a Next request vitest
// cannot provide.
process.env.AUTH_SECRET = "integration-test-secret-000000000000000";

const request = vi.hoisted(() => ({ headers: new Headers(), revalidatePath: vi.fn() }));
vi.mock("next/headers", async () => {
  const { RequestCookies } = await import("next/dist/compiled/@edge-runtime/cookies");
  return { headers: async () => request.headers, cookies: async () => new RequestCookies(request.headers) };
});
vi.mock("next/cache", () => ({ revalidatePath: request.revalidatePath }));

const { discardJob, getQueueBacklog, listJobsForAdmin, retryJob, summarizeJobPayload } = await import("@/lib/admin");
const { discardJobAction, retryFailedJobsAction, retryJobAction } = await import("@/lib/actions/jobs");
const { idleState } = await import("@/lib/actions/form-state");
const { getDb } = await import("@/lib/db");
const { AppError } = await import("@/lib/errors");
const { defineJob, drainQueue, NonRetryableJobError } = await import("@/lib/queue");
const { GOOD_PASSWORD, uniqueEmail, uniqueIp } = await import("../accounts/support");
const { AuthRouteBrowser } = await import("../accounts/auth-route-browser");

/** Fails while `broken` holds its key, then succeeds; counts its runs per key. */
const broken = new Set<string>();
const runs = new Map<string, number>();
const fragileJob = defineJob({
  name: "fragile-admin-test",
  schema: z.object({ key: z.string() }),
  retries: 1,
  handle: async ({ key }) => {
    runs.set(key, (runs.get(key) ?? 0) + 1);
    if (broken.has(key)) throw new Error(`Nadeo answered 503 for ${key}\n    at readTop (lib/checks/read-top.ts:42)`);
  },
});

/** Holds its run open until released, so a test can act on a RUNNING job. */
let release: () => void = () => undefined;
let started: () => void = () => undefined;
const heldJob = defineJob({
  name: "held-admin-test",
  schema: z.object({}),
  handle: async () => {
    started();
    await new Promise<void>((resolve) => (release = resolve));
  },
});

const goneJob = defineJob({
  name: "gone-admin-test",
  schema: z.object({ mapUid: z.string() }),
  handle: async ({ mapUid }) => {
    throw new NonRetryableJobError(`Map ${mapUid} no longer exists`);
  },
});

async function createActor(role: "ADMIN" | "USER"): Promise<ActingUser & { password: string }> {
  const db = await getDb();
  const email = uniqueEmail(role.toLowerCase());
  const { id } = await db.user.create({
    data: { email, name: role, role, emailVerifiedAt: new Date(), passwordHash: await hashPassword(GOOD_PASSWORD) },
    select: { id: true },
  });
  return { id, email, role, password: GOOD_PASSWORD };
}

async function signInAs(actor: { email: string; password: string }): Promise<void> {
  const browser = new AuthRouteBrowser(uniqueIp());
  expect((await browser.postCredentials({ email: actor.email, password: actor.password })).status).toBe(302);
  request.headers = browser.requestHeaders();
}

function jobForm(jobId: string, extra: Record<string, string> = {}): FormData {
  const form = new FormData();
  form.set("jobId", jobId);
  for (const [name, value] of Object.entries(extra)) form.set(name, value);
  return form;
}

/** Where a successful action sends the browser (Next's redirect is a thrown digest). */
async function redirectOf(action: Promise<unknown>): Promise<string> {
  const thrown = await action.then(
    (state) => ({ digest: `no redirect: ${JSON.stringify(state)}` }),
    (error: unknown) => error as { digest?: string },
  );
  return /^NEXT_REDIRECT;replace;([^;]+);307;$/.exec(thrown.digest ?? "")?.[1] ?? String(thrown.digest);
}

async function recordOf(id: string) {
  return (await getDb()).jobRecord.findUniqueOrThrow({ where: { id } });
}

beforeEach(() => {
  request.revalidatePath.mockClear();
});

describe("the admin Jobs monitor (in-process queue)", () => {
  it("shows a job whose retries are spent as FAILED with its attempts and last error; retry runs it again and it succeeds", async () => {
    const admin = await createActor("ADMIN");
    broken.add("spent");
    const { messageId } = await fragileJob.enqueue({ key: "spent" });
    await drainQueue({ timeoutMs: 20_000 });

    const failed = await listJobsForAdmin(admin, { tab: "failed" });
    const row = failed.jobs.find((job) => job.id === messageId);
    expect(row).toMatchObject({ job: "fragile-admin-test", status: "FAILED", attempts: 2, summary: 'fragile-admin-test · {"key":"spent"}' });
    expect(row?.lastError).toMatch(/^Error: Nadeo answered 503 for spent\n/);
    expect(failed.counts.failed).toBeGreaterThanOrEqual(1);
    expect(failed.driver).toBe("in-process");
    expect(runs.get("spent")).toBe(2);

    broken.delete("spent");
    // Two clicks at once: one requeue, one "already"; the job runs once.
    const [first, second] = await Promise.all([retryJob(admin, messageId), retryJob(admin, messageId)]);
    expect([first.outcome, second.outcome].sort()).toEqual(["already", "requeued"]);
    await drainQueue({ timeoutMs: 20_000 });

    expect(runs.get("spent")).toBe(3);
    const record = await recordOf(messageId);
    expect(record).toMatchObject({ status: "SUCCEEDED", attempts: 1 });
    expect((await listJobsForAdmin(admin, { tab: "succeeded" })).jobs.map((job) => job.id)).toContain(messageId);
    // A job that succeeded cannot be retried or discarded.
    await expect(retryJob(admin, messageId)).rejects.toMatchObject({ code: "conflict:job" });
    await expect(discardJob(admin, messageId)).rejects.toMatchObject({ code: "conflict:job", message: /already done/ });
  });

  it("discards a queued job so it never runs, keeping its row; discarding again is a no-op", async () => {
    const admin = await createActor("ADMIN");
    const { messageId } = await fragileJob.enqueue({ key: "discarded" }, { delay: 60 });
    expect(await recordOf(messageId)).toMatchObject({ status: "QUEUED" });
    expect((await listJobsForAdmin(admin, { tab: "queued" })).jobs.map((job) => job.id)).toContain(messageId);

    expect(await discardJob(admin, messageId)).toEqual({ outcome: "discarded", id: messageId });
    expect(await discardJob(admin, messageId)).toEqual({ outcome: "already", id: messageId });
    // The queue forgot its timer: nothing is left to wait for, and the job never ran.
    await drainQueue({ timeoutMs: 5_000 });
    expect(runs.get("discarded")).toBeUndefined();
    expect(await recordOf(messageId)).toMatchObject({ status: "DISCARDED", attempts: 0 });
    expect((await listJobsForAdmin(admin, { tab: "discarded" })).jobs.map((job) => job.id)).toContain(messageId);
    // Retrying a discarded job is refused: it was set aside on purpose.
    await expect(retryJob(admin, messageId)).rejects.toMatchObject({ code: "conflict:job" });
  });

  it("refuses to discard a job that started running, with a clear message", async () => {
    const admin = await createActor("ADMIN");
    const running = new Promise<void>((resolve) => (started = resolve));
    const { messageId } = await heldJob.enqueue({});
    await running;
    await expect(discardJob(admin, messageId)).rejects.toMatchObject({ code: "conflict:job", message: /started running/ });
    release();
    await drainQueue({ timeoutMs: 5_000 });
    expect(await recordOf(messageId)).toMatchObject({ status: "SUCCEEDED" });
  });

  it("discards a failed job, and a non-retryable failure is FAILED after one attempt", async () => {
    const admin = await createActor("ADMIN");
    const { messageId } = await goneJob.enqueue({ mapUid: "gone-map" });
    await drainQueue({ timeoutMs: 5_000 });
    expect(await recordOf(messageId)).toMatchObject({ status: "FAILED", attempts: 1, lastError: "non-retryable: NonRetryableJobError: Map gone-map no longer exists" });
    expect(await discardJob(admin, messageId)).toMatchObject({ outcome: "discarded" });
  });

  it("counts the backlog by status with the oldest queued job's age", async () => {
    const admin = await createActor("ADMIN");
    const db = await getDb();
    await db.jobRecord.create({ data: { job: "removed-job", payload: {}, status: "QUEUED", runAt: new Date(Date.now() - 60_000) } });
    const backlog = await getQueueBacklog(admin);
    expect(backlog.driver).toBe("in-process");
    expect(backlog.counts.QUEUED).toBeGreaterThanOrEqual(1);
    expect(backlog.counts.SUCCEEDED).toBeGreaterThanOrEqual(1);
    expect(backlog.oldestQueuedAgeMs).toBeGreaterThanOrEqual(60_000);
    // Leave no runnable leftover for later tests' drains.
    await db.jobRecord.updateMany({ where: { job: "removed-job" }, data: { status: "DISCARDED" } });
  });

  it("lets only admins list, retry, discard or read the backlog", async () => {
    const user = await createActor("USER");
    const forbidden = { code: "forbidden:admin" };
    await expect(listJobsForAdmin(user, { tab: "failed" })).rejects.toMatchObject(forbidden);
    await expect(retryJob(user, "any")).rejects.toMatchObject(forbidden);
    await expect(discardJob(user, "any")).rejects.toMatchObject(forbidden);
    await expect(getQueueBacklog(user)).rejects.toMatchObject(forbidden);
    await expect(listJobsForAdmin(user, { tab: "failed" })).rejects.toBeInstanceOf(AppError);
  });
});

describe("the Jobs page's actions", () => {
  it("retry and discard as an admin refresh the page and go back to the same tab with a notice", async () => {
    const admin = await createActor("ADMIN");
    broken.add("via-action");
    const { messageId } = await fragileJob.enqueue({ key: "via-action" });
    await drainQueue({ timeoutMs: 20_000 });
    broken.delete("via-action");
    await signInAs(admin);

    expect(await redirectOf(retryJobAction(idleState, jobForm(messageId, { tab: "failed", page: "2" })))).toBe("/admin/jobs?tab=failed&page=2&notice=requeued");
    expect(request.revalidatePath).toHaveBeenCalledWith("/admin/jobs");
    await drainQueue({ timeoutMs: 20_000 });
    expect(await recordOf(messageId)).toMatchObject({ status: "SUCCEEDED" });

    const queued = await fragileJob.enqueue({ key: "via-action-discard" }, { delay: 60 });
    expect(await redirectOf(discardJobAction(idleState, jobForm(queued.messageId, { tab: "queued" })))).toBe("/admin/jobs?tab=queued&notice=discarded");
    // A junk tab falls back to Failed rather than failing the action.
    expect(await redirectOf(discardJobAction(idleState, jobForm(queued.messageId, { tab: "<script>" })))).toBe("/admin/jobs?tab=failed&notice=already-discarded");
    expect(await discardJobAction(idleState, jobForm(messageId))).toMatchObject({ status: "error", message: /only queued or failed jobs/ });
  });

  it("retries every failed job at once, leaving one it cannot run again failed", async () => {
    const admin = await createActor("ADMIN");
    const db = await getDb();
    // Whatever earlier tests left failed is set aside, so the counts below are this test's own.
    await db.jobRecord.updateMany({ where: { status: "FAILED" }, data: { status: "DISCARDED" } });
    broken.add("all-1");
    broken.add("all-2");
    const first = await fragileJob.enqueue({ key: "all-1" });
    const second = await fragileJob.enqueue({ key: "all-2" });
    await drainQueue({ timeoutMs: 20_000 });
    broken.clear();
    await signInAs(admin);

    expect(await retryFailedJobsAction(idleState, new FormData())).toEqual({ status: "success", message: "Retried 2 jobs." });
    await drainQueue({ timeoutMs: 20_000 });
    expect((await recordOf(first.messageId)).status).toBe("SUCCEEDED");
    expect((await recordOf(second.messageId)).status).toBe("SUCCEEDED");
    expect(await retryFailedJobsAction(idleState, new FormData())).toEqual({ status: "success", message: "No failed job to retry." });

    await signInAs(await createActor("USER"));
    expect(await retryFailedJobsAction(idleState, new FormData())).toMatchObject({ status: "error" });
  });

  it("answers bad input and unknown jobs with a message, never a crash", async () => {
    await signInAs(await createActor("ADMIN"));
    expect(await retryJobAction(idleState, jobForm(""))).toMatchObject({ status: "invalid", fieldErrors: { jobId: ["Which job?"] } });
    expect(await retryJobAction(idleState, jobForm("x".repeat(65)))).toMatchObject({ status: "invalid" });
    expect(await discardJobAction(idleState, jobForm("no-such-job"))).toEqual({ status: "error", message: "There is no such job." });
  });

  it("refuses non-admins and changes nothing", async () => {
    const admin = await createActor("ADMIN");
    const queued = await fragileJob.enqueue({ key: "not-yours" }, { delay: 60 });
    await signInAs(await createActor("USER"));
    expect(await discardJobAction(idleState, jobForm(queued.messageId))).toMatchObject({ status: "error" });
    expect(await retryJobAction(idleState, jobForm(queued.messageId))).toMatchObject({ status: "error" });
    expect(request.revalidatePath).not.toHaveBeenCalled();
    expect(await recordOf(queued.messageId)).toMatchObject({ status: "QUEUED" });
    await discardJob(admin, queued.messageId);
  });
});

describe("payload summaries", () => {
  it("describes each job kind from its payload and the records it names", async () => {
    const admin = await createActor("ADMIN");
    const db = await getDb();
    const driver = await db.user.create({ data: { email: "ab@x.com", name: "ab" }, select: { id: true } });
    const digest = await db.digest.create({ data: { userId: driver.id, day: "2026-12-02" }, select: { id: true } });
    const search = await db.mapSearchJob.create({ data: { userId: driver.id, mapperName: "Hylis", period: "week" }, select: { id: true } });
    const payloads = [
      { job: "user-check", payload: { dailyRunId: "run1", userId: driver.id, day: "2026-12-02", runKey: "2026-12-02T05" } },
      { job: "digest-send", payload: { digestId: digest.id } },
      { job: "map-search", payload: { searchId: search.id, slice: 0 } },
      { job: "daily-run", payload: { trigger: "admin", everyone: true } },
    ];
    for (const { job, payload } of payloads) {
      await db.jobRecord.create({ data: { job, payload, status: "FAILED", attempts: 4, lastError: "boom" } });
    }
    const summaries = (await listJobsForAdmin(admin, { tab: "failed" })).jobs.map((row) => row.summary);
    expect(summaries).toEqual(
      expect.arrayContaining([
        "user-check · user ab@x.com · day 2026-12-02",
        "digest-send · 1 digest · to ab@x.com",
        "map-search · search Hylis (week)",
        "daily-run · trigger admin · everyone",
      ]),
    );
    await db.jobRecord.updateMany({ where: { job: { in: payloads.map((p) => p.job) } }, data: { status: "DISCARDED" } });
  });

  it("falls back to short JSON with secrets masked, and names records it cannot find by a short id", () => {
    expect(summarizeJobPayload("user-check", { userId: "cmabcdefghijklmnop", day: "2026-12-02" })).toBe("user-check · user cmabcdef… · day 2026-12-02");
    expect(summarizeJobPayload("map-search", { searchId: "cmsearch123456789", slice: 3 })).toBe("map-search · search cmsearch… · slice 3");
    expect(summarizeJobPayload("display-names", { accountIds: ["a", "b", "c"] })).toBe("display-names · 3 players");
    expect(summarizeJobPayload("webhook-ping", { url: "https://x", webhookUrl: "https://discord/secret", nested: { apiToken: "t0k" } })).toBe(
      'webhook-ping · {"url":"https://x","webhookUrl":"•••","nested":{"apiToken":"•••"}}',
    );
    const long = summarizeJobPayload("bulk", { ids: Array.from({ length: 50 }, (_, i) => `id-${i}`) });
    expect(long.length).toBe(120);
    expect(long.endsWith("…")).toBe(true);
    expect(summarizeJobPayload("user-check", "not an object")).toBe('user-check · "not an object"');
  });
});
