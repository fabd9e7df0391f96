import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { hashPassword } from "@/lib/accounts/password";
import type { ActingUser } from "@/lib/actor";
import { GOOD_PASSWORD, signUp, uniqueEmail, uniqueIp, userRow } from "./support";

// The admin server actions, called as a browser would post them: the session comes from a real
// sign-in through Auth.js's route, and `next/headers` hands the action that browser's headers (the
// one part of a Next request vitest cannot provide). The domain functions behind them refuse too.
process.env.AUTH_SECRET = "integration-test-secret-000000000000000";
process.env.SANDBOX_CLOCK = "manual";

const request = vi.hoisted(() => ({ headers: new Headers(), revalidatePath: vi.fn() }));
vi.mock("next/headers", async () => {
  const { RequestCookies } = await import("next/dist/compiled/@edge-runtime/cookies");
  return { headers: async () => request.headers, cookies: async () => new RequestCookies(request.headers) };
});
// Outside a Next request revalidatePath throws; here it only records that an action got that far.
vi.mock("next/cache", () => ({ revalidatePath: request.revalidatePath }));

const { advanceSandboxClock, getDailyRunForAdmin, getDailyRunProgress, getSandboxClock, listDailyRuns, retryFailedSends, runDailyCheckNow } = await import("@/lib/daily-run");
const { getOutboxEmailForAdmin, getSiteOverview, listOutboxForAdmin, setUserDisabled } = await import("@/lib/admin");
const { refreshUserState } = await import("@/lib/sessions");
const { getDb } = await import("@/lib/db");
const { drainQueue } = await import("@/lib/queue");
const { createMapperAlert } = await import("@/lib/alerts");
const { getSandbox } = await import("@/lib/trackmania");
const { AuthRouteBrowser } = await import("./auth-route-browser");

type Action = (state: { status: "idle" }, formData: FormData) => Promise<unknown>;

/**
 * Every exported action in lib/actions built by the admin door (`adminAction`), read from the source,
 * so an admin action added later is swept by the refusal tests below without touching this file.
 */
async function discoverAdminActions(): Promise<{ name: string; action: Action }[]> {
  const dir = path.resolve("lib/actions");
  const found: { name: string; action: Action }[] = [];
  for (const file of readdirSync(dir).filter((name) => name.endsWith(".ts")).sort()) {
    const names = [...readFileSync(path.join(dir, file), "utf8").matchAll(/^export const (\w+) = adminAction\(/gm)].map(([, name]) => name!);
    if (names.length === 0) continue;
    const module = (await import(path.join(dir, file))) as Record<string, Action>;
    for (const name of names) found.push({ name, action: module[name]! });
  }
  return found;
}

const adminActions = await discoverAdminActions();

/** A daily run with one digest whose send failed for good: what "Retry failed sends" is posted for (made in beforeAll). */
let failedSendRunId = "";

/** Forms an admin would post, for the actions whose success this file checks as the harness's control. */
const acceptedForms: Record<string, () => FormData> = {
  runDailyCheckNowAction: () => new FormData(),
  retryFailedSendsAction: () => {
    const form = new FormData();
    form.set("runId", failedSendRunId);
    return form;
  },
  advanceSandboxClockAction: () => {
    const form = new FormData();
    form.set("days", "1");
    return form;
  },
  updateAppConfigAction: () => {
    const form = new FormData();
    const limits = { maxMapperAlerts: "7", maxDriverWatches: "20", positionModeThreshold: "100", accurateDepth: "100", maxRecordsPerMapInMail: "20", maxSearchMaps: "500", maxUsers: "1000", failureAlertPercent: "10" };
    for (const [name, value] of Object.entries(limits)) form.set(name, value);
    form.set("registrationOpen", "on");
    return form;
  },
  setUserRoleAction: () => formOf({ userId: target.id, role: "ADMIN" }),
  setUserDisabledAction: () => formOf({ userId: target.id, disabled: "true" }),
  resendConfirmationAction: () => formOf({ userId: target.id }),
  endUserSessionsAction: () => formOf({ userId: target.id }),
  setUserAlertModeAction: () => formOf({ alertId: targetAlertId, mode: "POSITION" }),
  setFeedbackReadAction: () => formOf({ id: feedbackIds.read, read: "true" }),
  deleteFeedbackAction: () => formOf({ id: feedbackIds.deleted }),
  replyToFeedbackAction: () => formOf({ id: feedbackIds.replied, message: "Thanks, fixed in the next release." }),
  retryJobAction: () => formOf({ jobId: jobIds.retried, tab: "failed" }),
  discardJobAction: () => formOf({ jobId: jobIds.discarded, tab: "failed" }),
  retryFailedJobsAction: () => new FormData(),
};

/**
 * Calls an action as Next would: a redirect (the Jobs page's buttons go back to their tab) is the
 * action's success, said by the page it leads to.
 */
async function submit(action: Action, form: FormData): Promise<unknown> {
  try {
    return await action({ status: "idle" }, form);
  } catch (error) {
    const digest = (error as { digest?: string }).digest ?? "";
    if (digest.startsWith("NEXT_REDIRECT;")) return { status: "success", redirectedTo: digest.split(";")[2] };
    throw error;
  }
}

function formOf(fields: Record<string, string>): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  return form;
}

/** What an admin action could change: daily runs, failed sends, the sandbox world's clock, the site's limits, roles, disabled accounts, mail sent, alert modes, feedback and background jobs. */
async function adminEffects() {
  const db = await getDb();
  return {
    dailyRuns: await db.dailyRun.count(),
    sendsFailedForGood: await db.digest.count({ where: { status: "FAILED", subject: { not: null }, sendAttempts: { gte: 4 } } }),
    sandboxNow: getSandbox()!.now().getTime(),
    appConfig: await db.appConfig.findUnique({ where: { id: 1 } }),
    admins: await db.user.count({ where: { role: "ADMIN" } }),
    disabled: await db.user.count({ where: { disabledAt: { not: null } } }),
    sessionVersions: (await db.user.aggregate({ _sum: { sessionVersion: true } }))._sum.sessionVersion,
    outbox: await db.outboxEmail.count(),
    alertModes: (await db.mapperAlert.findMany({ orderBy: { id: "asc" }, select: { mode: true } })).map(({ mode }) => mode).join(),
    feedback: await db.feedback.findMany({ orderBy: { id: "asc" }, select: { id: true, readAt: true, reply: true } }),
    jobs: await db.jobRecord.findMany({ orderBy: { id: "asc" }, select: { id: true, status: true, attempts: true } }),
  };
}

async function signedInBrowser(email: string): Promise<InstanceType<typeof AuthRouteBrowser>> {
  const browser = new AuthRouteBrowser(uniqueIp());
  const response = await browser.postCredentials({ email, password: GOOD_PASSWORD });
  expect(response.status).toBe(302);
  expect(await browser.sessionUserId()).toBeTruthy();
  return browser;
}

async function createAdmin(): Promise<ActingUser> {
  const db = await getDb();
  return db.user.create({
    data: { email: uniqueEmail("admin"), name: "Admin", role: "ADMIN", passwordHash: await hashPassword(GOOD_PASSWORD) },
    select: { id: true, email: true, role: true },
  });
}

let user: ActingUser;
let admin: ActingUser;
/** The account the Users page's actions change. */
let target: ActingUser;
let targetAlertId: string;
/** Feedback for the inbox's actions: one to mark read, one to delete, one to answer. */
let feedbackIds: { read: string; deleted: string; replied: string };
let jobIds: { retried: string; discarded: string };

beforeAll(async () => {
  user = await signUp();
  admin = await createAdmin();
  target = await signUp();
  targetAlertId = (await createMapperAlert(target, { mapper: "name", displayName: "SmallMapperSam" })).id;
  const feedback = (message: string) => getDb().then((db) => db.feedback.create({ data: { userId: user.id, kind: "BUG", message }, select: { id: true } }));
  // Failed jobs for the Jobs page's buttons: map searches whose search is gone, so a retry fails again at once.
  const failedJob = (searchId: string) =>
    getDb().then((db) =>
      db.jobRecord.create({
        data: { job: "map-search", payload: { searchId, slice: 0 }, status: "FAILED", attempts: 4, lastError: "The search is gone.", finishedAt: new Date() },
        select: { id: true },
      }),
    );
  jobIds = { retried: (await failedJob("gone-1")).id, discarded: (await failedJob("gone-2")).id };
  // "Retry all failed" gets one of its own: the job an earlier test retried may not have failed again yet.
  await failedJob("gone-3");
  feedbackIds = { read: (await feedback("The map page is slow.")).id, deleted: (await feedback("Spam?")).id, replied: (await feedback("Where is my digest?")).id };
  const db = await getDb();
  const run = await db.dailyRun.create({ data: { slot: "admin-actions-failed-send", trigger: "test", status: "FINISHED", usersDue: 1, usersChecked: 1, emailsFailed: 1 } });
  await db.digest.create({
    data: { userId: user.id, day: "2026-11-25", status: "FAILED", sendAttempts: 4, subject: "Your digest", html: "<p>Your digest</p>", text: "Your digest", content: {}, dailyRunId: run.id, error: "Could not be sent: refused." },
  });
  failedSendRunId = run.id;
});

beforeEach(async () => {
  request.revalidatePath.mockClear();
  // Work an earlier test's action queued (a digest re-sent) settles first, so what a test sees change is its own doing.
  await drainQueue({ timeoutMs: 60_000 });
});

describe("admin server actions", () => {
  it("are found in lib/actions (the daily run's two at least)", () => {
    expect(adminActions.map(({ name }) => name)).toEqual(expect.arrayContaining(Object.keys(acceptedForms)));
  });

  for (const { name, action } of adminActions) {
    // The form an admin would send: refused anyway, and never for a reason other than the role. An admin
    // action without one here fails below, so every new admin action gets its control.
    const form = acceptedForms[name] ?? (() => { throw new Error(`Add the form an admin would post to ${name} to acceptedForms.`); });

    describe(name, () => {
      it("refuses an anonymous visitor, and does nothing", async () => {
        request.headers = new AuthRouteBrowser(uniqueIp()).requestHeaders();
        const before = await adminEffects();
        expect(await submit(action, form())).toMatchObject({ status: "error", message: "Sign in to continue." });
        expect(await adminEffects()).toEqual(before);
        expect(request.revalidatePath).not.toHaveBeenCalled();
      });

      it("refuses a signed-in user who is not an admin, and does nothing", async () => {
        request.headers = (await signedInBrowser(user.email)).requestHeaders();
        const before = await adminEffects();
        expect(await submit(action, form())).toMatchObject({ status: "error", message: "You do not have access to this." });
        expect(await adminEffects()).toEqual(before);
        expect(request.revalidatePath).not.toHaveBeenCalled();
      });

      it("refuses an admin session whose role was taken back since it signed in", async () => {
        const demoted = await createAdmin();
        request.headers = (await signedInBrowser(demoted.email)).requestHeaders();
        await (await getDb()).user.update({ where: { id: demoted.id }, data: { role: "USER" } });
        await refreshUserState(demoted.id);
        const before = await adminEffects();
        expect(await submit(action, form())).toMatchObject({ status: "error", message: "You do not have access to this." });
        expect(await adminEffects()).toEqual(before);
        expect(request.revalidatePath).not.toHaveBeenCalled();
      });

      // The control: the same harness with an admin's session gets through, so the refusals above are the role check's.
      it("lets an admin through", async () => {
        request.headers = (await signedInBrowser(admin.email)).requestHeaders();
        const before = await adminEffects();
        expect(await submit(action, form())).toMatchObject({ status: "success" });
        expect(await adminEffects()).not.toEqual(before);
        expect(request.revalidatePath).toHaveBeenCalled();
      });
    });
  }
});

describe("admin server actions refuse a control character in any field", () => {
  // Every text field reaches the domain through readFormFields: one holding a NUL (which PostgreSQL
  // refuses with an error) or another control character is the field's error, and changes nothing.
  // The Jobs buttons' `tab` only says where to go back to: like any junk, it falls back to "failed".
  const lenient: Record<string, string[]> = { retryJobAction: ["tab"], discardJobAction: ["tab"] };
  for (const { name, action } of adminActions.filter(({ name }) => acceptedForms[name])) {
    it(name, async () => {
      request.headers = (await signedInBrowser(admin.email)).requestHeaders();
      // An action whose form has no field (run everyone, retry all failed) has nothing to check.
      for (const field of [...acceptedForms[name]!().keys()].filter((field) => !lenient[name]?.includes(field))) {
        for (const control of ["\u0000", "\u0007"]) {
          const form = acceptedForms[name]!();
          form.set(field, `${String(form.get(field))}${control}`);
          const before = await adminEffects();
          const state = (await submit(action, form)) as { status: string };
          expect(state.status, `${field} ${JSON.stringify(control)}`).toBe("invalid");
          expect(await adminEffects(), field).toEqual(before);
        }
      }
    });
  }
});

describe("admin domain functions refuse anyone but an admin, whoever calls them", () => {
  const asUser = (): ActingUser => ({ ...user, role: "USER" });

  it("runDailyCheckNow creates no daily run", async () => {
    const before = await adminEffects();
    await expect(runDailyCheckNow(asUser())).rejects.toMatchObject({ code: "forbidden:admin", status: 403 });
    expect(await adminEffects()).toEqual(before);
  });

  it("runDailyCheckNow for one user creates no daily run", async () => {
    const before = await adminEffects();
    await expect(runDailyCheckNow(asUser(), { userId: user.id })).rejects.toMatchObject({ code: "forbidden:admin" });
    await expect(runDailyCheckNow(asUser(), { email: user.email })).rejects.toMatchObject({ code: "forbidden:admin" });
    expect(await adminEffects()).toEqual(before);
  });

  it("retryFailedSends re-queues nothing", async () => {
    const before = await adminEffects();
    await expect(retryFailedSends(asUser(), { runId: failedSendRunId })).rejects.toMatchObject({ code: "forbidden:admin" });
    expect(await adminEffects()).toEqual(before);
  });

  it("advanceSandboxClock leaves the sandbox clock where it was", async () => {
    const before = await adminEffects();
    expect(() => advanceSandboxClock(asUser(), { days: 3 })).toThrow(expect.objectContaining({ code: "forbidden:admin" }));
    expect(await adminEffects()).toEqual(before);
  });

  it("the admin reads (sandbox clock, daily runs, overview, outbox) show nothing", async () => {
    expect(() => getSandboxClock(asUser())).toThrow(expect.objectContaining({ code: "forbidden:admin" }));
    await expect(listDailyRuns(asUser())).rejects.toMatchObject({ code: "forbidden:admin" });
    await expect(getDailyRunForAdmin(asUser(), failedSendRunId)).rejects.toMatchObject({ code: "forbidden:admin" });
    await expect(getDailyRunProgress(asUser(), failedSendRunId)).rejects.toMatchObject({ code: "forbidden:admin" });
    await expect(getSiteOverview(asUser())).rejects.toMatchObject({ code: "forbidden:admin" });
    await expect(listOutboxForAdmin(asUser(), { limit: 5 })).rejects.toMatchObject({ code: "forbidden:admin" });
    await expect(getOutboxEmailForAdmin(asUser(), "any-id")).rejects.toMatchObject({ code: "forbidden:admin" });
  });

  it("setUserDisabled leaves the account enabled", async () => {
    const target = await signUp();
    await expect(setUserDisabled(asUser(), { userId: target.id, disabled: true })).rejects.toMatchObject({ code: "forbidden:admin" });
    expect((await userRow(target.id)).disabledAt).toBeNull();
  });
});
