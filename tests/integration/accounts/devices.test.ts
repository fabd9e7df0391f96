import { randomBytes } from "node:crypto";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { ActingUser } from "@/lib/actor";
import type { KvStore } from "@/lib/kv";

// Signed-in devices seen from the browsers' side: every session here is made by a real credentials
// sign-in through Auth.js's route handlers, each "device" its own cookie jar and User-Agent, and asked
// for by GET /api/auth/session as every page does. `next/headers` hands server actions and pages the
// headers of whichever browser is acting, the part of a Next request vitest cannot provide.
process.env.AUTH_SECRET = "integration-test-secret-000000000000000";
const adminEmail = `admin-${randomBytes(4).toString("hex")}@example.com`;
process.env.ADMIN_EMAILS = adminEmail;

const request = vi.hoisted(() => ({ headers: new Headers() }));
vi.mock("next/headers", async () => {
  const { RequestCookies } = await import("next/dist/compiled/@edge-runtime/cookies");
  return { headers: async () => request.headers, cookies: async () => new RequestCookies(request.headers) };
});
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

const { AUTH_ORIGIN, AuthRouteBrowser } = await import("./auth-route-browser");
const { GOOD_PASSWORD, signUp, signUpConfirmed, uniqueIp } = await import("./support");
const { changePassword } = await import("@/lib/accounts/change-password");
const { signInAction } = await import("@/lib/actions/auth");
const { endDeviceAction, endOtherDevicesAction } = await import("@/lib/actions/devices");
const { idleState } = await import("@/lib/actions/form-state");
const { endUserSessions, getUserForAdmin } = await import("@/lib/admin");
const { requireUser, requireUserPage } = await import("@/lib/auth/session");
const { getKv } = await import("@/lib/kv");
const { createVercelKv } = await import("@/lib/kv/vercel-kv");
const { endDevice, endOtherDevices, LAST_SEEN_EVERY_MS, listDevices, MAX_SESSIONS_PER_USER, startSession, verifySession } = await import(
  "@/lib/sessions"
);
const { startUpstashRestFake } = await import("@/tests/fakes/upstash-rest");

type Browser = InstanceType<typeof AuthRouteBrowser>;

const FIREFOX_ON_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0";
const SAFARI_ON_IPHONE =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
const CHROME_ON_ANDROID = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36";
const SESSION_COOKIE = "authjs.session-token";
const NEW_PASSWORD = "a brand new one 77";

async function signedIn(email: string, userAgent: string, password = GOOD_PASSWORD): Promise<Browser> {
  const browser = new AuthRouteBrowser(uniqueIp(), userAgent);
  const response = await browser.postCredentials({ email, password });
  expect(response.headers.get("location")).toBe(`${AUTH_ORIGIN}/dashboard`);
  return browser;
}

/** The acting user a server action would get from this browser's session, "this device" included. */
async function actingUserOf(browser: Browser): Promise<ActingUser> {
  const session = await browser.session();
  if (!session?.user?.id || !session.user.email || !session.user.role || !session.sessionId) throw new Error("This browser is not signed in.");
  return { id: session.user.id, email: session.user.email, role: session.user.role, sessionId: session.sessionId };
}

/** Where a page sends this browser when its session is refused (the redirect Next would answer with). */
async function pageRedirectFor(browser: Browser): Promise<string> {
  request.headers = browser.requestHeaders();
  try {
    await requireUserPage("/dashboard");
  } catch (error) {
    const digest = (error as { digest?: string }).digest ?? "";
    if (digest.startsWith("NEXT_REDIRECT")) return digest.split(";")[2]!;
    throw error;
  }
  throw new Error("The page let this browser in.");
}

/** Runs a form action the way a page posts it; a redirect (success) comes back as its URL. */
async function postAs(browser: Browser, action: (state: typeof idleState, form: FormData) => Promise<unknown>, fields: Record<string, string> = {}) {
  request.headers = browser.requestHeaders();
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  try {
    return { state: await action(idleState, form) };
  } catch (error) {
    const digest = (error as { digest?: string }).digest ?? "";
    if (digest.startsWith("NEXT_REDIRECT")) return { redirectedTo: digest.split(";")[2]! };
    throw error;
  }
}

beforeEach(() => {
  request.headers = new Headers();
});

describe("the device list", () => {
  it("lists each sign-in with a readable device, its method and times, this device first", async () => {
    const user = await signUp();
    const laptop = await signedIn(user.email, FIREFOX_ON_WINDOWS);
    const phone = await signedIn(user.email, SAFARI_ON_IPHONE);

    const fromLaptop = await listDevices(await actingUserOf(laptop));
    expect(fromLaptop).toEqual([
      expect.objectContaining({ device: "Firefox on Windows", method: "password", current: true }),
      expect.objectContaining({ device: "Safari on iPhone", method: "password", current: false }),
    ]);
    expect(fromLaptop[0]!.signedInAt.getTime()).toBeLessThanOrEqual(fromLaptop[1]!.signedInAt.getTime());
    const fromPhone = await listDevices(await actingUserOf(phone));
    expect(fromPhone.map((device) => [device.device, device.current])).toEqual([
      ["Safari on iPhone", true],
      ["Firefox on Windows", false],
    ]);
    // Another account's list knows nothing of these.
    const stranger = await signUp();
    await signedIn(stranger.email, CHROME_ON_ANDROID);
    expect((await listDevices(stranger)).map((device) => device.device)).toEqual(["Chrome on Android"]);
  });

  it("signing one device out refuses only that one, which is told why on the sign-in page", async () => {
    const user = await signUp();
    const laptop = await signedIn(user.email, FIREFOX_ON_WINDOWS);
    const phone = await signedIn(user.email, SAFARI_ON_IPHONE);
    const tablet = await signedIn(user.email, CHROME_ON_ANDROID);
    const actor = await actingUserOf(laptop);
    const phoneSession = (await actingUserOf(phone)).sessionId!;

    expect(await postAs(laptop, endDeviceAction, { sessionId: phoneSession })).toEqual({ redirectedTo: "/settings/devices?signed-out=1" });

    expect(await pageRedirectFor(phone)).toBe("/sign-in?next=%2Fdashboard&reason=signed-out-remotely");
    expect(await phone.sessionUser()).toBeUndefined();
    expect(phone.cookies.has(SESSION_COOKIE)).toBe(false);
    expect(await laptop.sessionUserId()).toBe(user.id);
    expect(await tablet.sessionUserId()).toBe(user.id);
    expect((await listDevices(actor)).map((device) => device.device)).toEqual(["Firefox on Windows", "Chrome on Android"]);

    // Again, or this device, or someone else's device: refused with a message, nothing ended.
    await expect(endDevice(actor, { sessionId: phoneSession })).rejects.toMatchObject({ status: 404, message: "That device is already signed out." });
    await expect(endDevice(actor, { sessionId: actor.sessionId! })).rejects.toMatchObject({ status: 400, message: "That is this device: use Sign out to end it." });
    const stranger = await signUp();
    const strangerBrowser = await signedIn(stranger.email, FIREFOX_ON_WINDOWS);
    const strangerSession = (await actingUserOf(strangerBrowser)).sessionId!;
    expect(await postAs(laptop, endDeviceAction, { sessionId: strangerSession })).toEqual({
      state: { status: "error", message: "That device is already signed out." },
    });
    expect(await strangerBrowser.sessionUserId()).toBe(stranger.id);
    expect(await postAs(laptop, endDeviceAction, { sessionId: "<script>" })).toEqual({
      state: expect.objectContaining({ status: "invalid", fieldErrors: { sessionId: ["That is not one of your devices."] } }),
    });
  });

  it("“sign out everywhere else” keeps this device and ends every other", async () => {
    const user = await signUp();
    const laptop = await signedIn(user.email, FIREFOX_ON_WINDOWS);
    const phone = await signedIn(user.email, SAFARI_ON_IPHONE);
    const tablet = await signedIn(user.email, CHROME_ON_ANDROID);

    expect(await postAs(phone, endOtherDevicesAction)).toEqual({ redirectedTo: "/settings/devices?signed-out=2" });

    expect(await phone.sessionUserId()).toBe(user.id);
    expect(await laptop.sessionUser()).toBeUndefined();
    expect(await tablet.sessionUser()).toBeUndefined();
    const actor = await actingUserOf(phone);
    expect(await listDevices(actor)).toEqual([expect.objectContaining({ device: "Safari on iPhone", current: true })]);
    expect(await endOtherDevices(actor)).toBe(0);
  });

  it("a password change ends every session; the list then holds only the browser signed in again", async () => {
    const user = await signUp();
    const laptop = await signedIn(user.email, FIREFOX_ON_WINDOWS);
    const phone = await signedIn(user.email, SAFARI_ON_IPHONE);

    await changePassword(await actingUserOf(laptop), { currentPassword: GOOD_PASSWORD, newPassword: NEW_PASSWORD });

    expect(await laptop.sessionUser()).toBeUndefined();
    expect(await phone.sessionUser()).toBeUndefined();
    const again = await signedIn(user.email, CHROME_ON_ANDROID, NEW_PASSWORD);
    expect(await listDevices(await actingUserOf(again))).toEqual([expect.objectContaining({ device: "Chrome on Android", current: true })]);
  });

  it(`the sign-in past ${MAX_SESSIONS_PER_USER} live sessions ends the oldest, which is told why`, async () => {
    const user = await signUp();
    const oldest = await signedIn(user.email, FIREFOX_ON_WINDOWS);
    const others: Browser[] = [];
    for (let i = 1; i < MAX_SESSIONS_PER_USER; i++) others.push(await signedIn(user.email, SAFARI_ON_IPHONE));
    expect(await oldest.sessionUserId()).toBe(user.id);
    expect(await listDevices(user)).toHaveLength(MAX_SESSIONS_PER_USER);

    const newest = await signedIn(user.email, CHROME_ON_ANDROID);

    expect(await pageRedirectFor(oldest)).toBe("/sign-in?next=%2Fdashboard&reason=device-limit");
    expect(await oldest.sessionUser()).toBeUndefined();
    expect(await newest.sessionUserId()).toBe(user.id);
    for (const other of others) expect(await other.sessionUserId()).toBe(user.id);
    const devices = await listDevices(await actingUserOf(newest));
    expect(devices).toHaveLength(MAX_SESSIONS_PER_USER);
    expect(devices.map((device) => device.device)).not.toContain("Firefox on Windows");
    expect(devices[0]).toMatchObject({ device: "Chrome on Android", current: true });
  });

  it("last seen moves with use, but is written at most once per few minutes", async () => {
    const user = await signUp();
    const signedInAt = new Date("2026-12-01T10:00:00.000Z");
    const sessionId = await startSession({ userId: user.id, sessionVersion: 0, method: "trackmania", userAgent: SAFARI_ON_IPHONE, now: signedInAt });
    const lastSeen = async () => (await listDevices(user)).find((device) => device.sessionId === sessionId)?.lastSeenAt.toISOString();

    const soon = new Date(signedInAt.getTime() + LAST_SEEN_EVERY_MS - 1000);
    expect(await verifySession({ sessionId, userId: user.id, now: soon })).toBe("live");
    expect(await lastSeen()).toBe(signedInAt.toISOString());
    const later = new Date(signedInAt.getTime() + LAST_SEEN_EVERY_MS + 1000);
    expect(await verifySession({ sessionId, userId: user.id, now: later })).toBe("live");
    expect(await lastSeen()).toBe(later.toISOString());
    expect((await listDevices(user))[0]).toMatchObject({ method: "trackmania", device: "Safari on iPhone", signedInAt });
    // The id alone is not enough: it must be this user's.
    expect(await verifySession({ sessionId, userId: (await signUp()).id })).toBe("ended");
  });

  it("signing in again in the same browser carries its device on instead of adding one", async () => {
    const user = await signUp();
    const laptop = await signedIn(user.email, FIREFOX_ON_WINDOWS);
    const [before] = await listDevices(user);
    const response = await laptop.postCredentials({ email: user.email, password: GOOD_PASSWORD });
    expect(response.headers.get("location")).toBe(`${AUTH_ORIGIN}/dashboard`);
    const after = await listDevices(await actingUserOf(laptop));
    expect(after).toEqual([expect.objectContaining({ device: "Firefox on Windows", current: true, signedInAt: before!.signedInAt })]);
    expect(after[0]!.sessionId).not.toBe(before!.sessionId);
  });

  it("signing out forgets this browser's record", async () => {
    const user = await signUp();
    const laptop = await signedIn(user.email, FIREFOX_ON_WINDOWS);
    const phone = await signedIn(user.email, SAFARI_ON_IPHONE);
    const csrfToken = await phone.csrfToken();
    await phone.request("/api/auth/signout", { method: "POST", form: { csrfToken, callbackUrl: "/" } });
    expect(phone.cookies.has(SESSION_COOKIE)).toBe(false);
    expect((await listDevices(await actingUserOf(laptop))).map((device) => device.device)).toEqual(["Firefox on Windows"]);
  });
});

describe("an admin and a user's devices", () => {
  it("the user's page counts their devices, and the admin can sign them out of all of them", async () => {
    const user = await signUp();
    const laptop = await signedIn(user.email, FIREFOX_ON_WINDOWS);
    const phone = await signedIn(user.email, SAFARI_ON_IPHONE);
    // ADMIN_EMAILS makes an admin of a confirmed address only.
    await signUpConfirmed(adminEmail);
    const admin = await actingUserOf(await signedIn(adminEmail, FIREFOX_ON_WINDOWS));
    expect(admin.role).toBe("ADMIN");
    expect((await getUserForAdmin(admin, user.id)).deviceCount).toBe(2);
    await expect(endUserSessions(user, { userId: user.id })).rejects.toMatchObject({ status: 403 });

    expect(await endUserSessions(admin, { userId: user.id })).toEqual({ userId: user.id, email: user.email, devices: 2 });

    expect(await pageRedirectFor(laptop)).toBe("/sign-in?next=%2Fdashboard&reason=ended-by-admin");
    expect(await laptop.sessionUser()).toBeUndefined();
    expect(await phone.sessionUser()).toBeUndefined();
    expect((await getUserForAdmin(admin, user.id)).deviceCount).toBe(0);
    // They can sign in again.
    expect(await (await signedIn(user.email, SAFARI_ON_IPHONE)).sessionUserId()).toBe(user.id);
  });
});

describe("when the session store is out", () => {
  it("sessions go on unconfirmed (pages, no changes), and new sign-ins are refused", async () => {
    const holder = globalThis as typeof globalThis & { __trackwatchKv?: KvStore };
    const embedded = getKv();
    const fake = await startUpstashRestFake({ token: "devices-outage-token" });
    holder.__trackwatchKv = createVercelKv({ url: fake.url, token: fake.token });
    try {
      const user = await signUp();
      const laptop = await signedIn(user.email, FIREFOX_ON_WINDOWS);
      const sessionId = (await actingUserOf(laptop)).sessionId;
      // The same store on an address where nothing answers any more.
      await fake.close();

      expect(await laptop.session()).toMatchObject({ user: { id: user.id }, sessionId, sessionUnverified: true });
      expect(laptop.cookies.has(SESSION_COOKIE)).toBe(true);
      request.headers = laptop.requestHeaders();
      await expect(requireUser()).rejects.toMatchObject({ status: 503, message: expect.stringMatching(/session store is unreachable. Nothing was changed/) });
      expect(await postAs(laptop, endOtherDevicesAction)).toEqual({
        state: { status: "error", message: expect.stringMatching(/cannot confirm your sign-in/) },
      });

      const refused = new AuthRouteBrowser(uniqueIp(), SAFARI_ON_IPHONE);
      const response = await refused.postCredentials({ email: user.email, password: GOOD_PASSWORD });
      expect(response.headers.get("location")).toMatch(new RegExp(`^${AUTH_ORIGIN}/sign-in\\?error=`));
      expect(refused.cookies.has(SESSION_COOKIE)).toBe(false);
      // The sign-in form says it is not the password.
      expect(await postAs(refused, signInAction, { email: user.email, password: GOOD_PASSWORD })).toEqual({
        state: expect.objectContaining({ status: "error", message: expect.stringMatching(/part of our service is unreachable/) }),
      });
    } finally {
      holder.__trackwatchKv = embedded;
    }
  });
});
