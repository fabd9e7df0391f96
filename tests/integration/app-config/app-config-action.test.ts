import { beforeEach, describe, expect, it, vi } from "vitest";
import { hashPassword } from "@/lib/accounts/password";

// The Limits form's server action as the browser posts it: FormData in, form state out. The session
// is real (a credentials sign-in through Auth.js's route); `next/headers` hands the action that
// browser's headers and `next/cache` records the refresh, the two parts of a Next request vitest
// cannot provide.
process.env.AUTH_SECRET = "integration-test-secret-000000000000000";

const request = vi.hoisted(() => ({ headers: new Headers(), revalidatePath: vi.fn() }));
vi.mock("next/headers", async () => {
  const { RequestCookies } = await import("next/dist/compiled/@edge-runtime/cookies");
  return { headers: async () => request.headers, cookies: async () => new RequestCookies(request.headers) };
});
vi.mock("next/cache", () => ({ revalidatePath: request.revalidatePath }));

const { updateAppConfigAction } = await import("@/lib/actions/app-config");
const { idleState } = await import("@/lib/actions/form-state");
const { getAppConfig } = await import("@/lib/app-config");
const { getDb } = await import("@/lib/db");
const { GOOD_PASSWORD, uniqueEmail, uniqueIp } = await import("../accounts/support");
const { AuthRouteBrowser } = await import("../accounts/auth-route-browser");

/** Signs a new account with this role in through Auth.js and makes its browser the one posting the form. Returns its id. */
async function signInAs(role: "ADMIN" | "USER"): Promise<string> {
  const db = await getDb();
  const email = uniqueEmail(role.toLowerCase());
  const { id } = await db.user.create({
    data: { email, name: role, role, emailVerifiedAt: new Date(), passwordHash: await hashPassword(GOOD_PASSWORD) },
    select: { id: true },
  });
  const browser = new AuthRouteBrowser(uniqueIp());
  expect((await browser.postCredentials({ email, password: GOOD_PASSWORD })).status).toBe(302);
  request.headers = browser.requestHeaders();
  return id;
}

function signedOut(): void {
  request.headers = new AuthRouteBrowser(uniqueIp()).requestHeaders();
}

function limitsForm(fields: Record<string, string>): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  return form;
}

const validForm = {
  maxMapperAlerts: "2",
  maxDriverWatches: "20",
  positionModeThreshold: "100",
  accurateDepth: "200",
  maxRecordsPerMapInMail: "20",
  maxSearchMaps: "500",
  maxUsers: "1000",
  failureAlertPercent: "10",
};

beforeEach(() => {
  signedOut();
  request.revalidatePath.mockClear();
});

describe("the Limits form", () => {
  it("saves an admin's post, an unticked box meaning closed sign-ups, and refreshes the pages showing the limits", async () => {
    const adminId = await signInAs("ADMIN");
    const state = await updateAppConfigAction(idleState, limitsForm(validForm));
    expect(state).toMatchObject({ status: "success", message: expect.stringMatching(/nobody's existing alerts were removed/) });
    expect(await getAppConfig()).toMatchObject({ maxMapperAlerts: 2, accurateDepth: 200, registrationOpen: false, updatedById: adminId });
    expect(request.revalidatePath.mock.calls).toEqual([["/admin/config"], ["/alerts", "layout"]]);

    await updateAppConfigAction(idleState, limitsForm({ ...validForm, maxMapperAlerts: "3", registrationOpen: "on" }));
    expect(await getAppConfig()).toMatchObject({ maxMapperAlerts: 3, registrationOpen: true });
  });

  it("answers bad values with errors under their fields and the admin's input to refill, saving nothing", async () => {
    await signInAs("ADMIN");
    const before = await getAppConfig();
    const state = await updateAppConfigAction(idleState, limitsForm({ ...validForm, accurateDepth: "250", maxDriverWatches: "abc" }));
    expect(state).toEqual({
      status: "invalid",
      message: "Check the highlighted fields.",
      fieldErrors: { accurateDepth: ["Enter a multiple of 100 from 100 to 1000."], maxDriverWatches: ["Enter a whole number from 1 to 1000."] },
      values: { ...validForm, accurateDepth: "250", maxDriverWatches: "abc", registrationOpen: "" },
    });
    // A field sent twice is refused rather than one copy silently winning.
    const twice = limitsForm(validForm);
    twice.append("maxMapperAlerts", "50");
    expect(await updateAppConfigAction(idleState, twice)).toMatchObject({ status: "invalid", fieldErrors: { maxMapperAlerts: expect.any(Array) } });
    expect(await getAppConfig()).toEqual(before);
    expect(request.revalidatePath).not.toHaveBeenCalled();
  });

  it("refuses signed-in users who are not admins, and visitors, saving nothing", async () => {
    const before = await getAppConfig();
    await signInAs("USER");
    expect(await updateAppConfigAction(idleState, limitsForm(validForm))).toMatchObject({ status: "error", message: "You do not have access to this." });
    signedOut();
    expect(await updateAppConfigAction(idleState, limitsForm(validForm))).toMatchObject({ status: "error", message: "Sign in to continue." });
    expect(await getAppConfig()).toEqual(before);
  });
});
