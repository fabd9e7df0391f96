import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { ActingUser } from "@/lib/actor";
import { GOOD_PASSWORD, signUp, signUpConfirmed, uniqueIp, userRow } from "./support";

// Session revocation seen from the browsers' side: sessions made by a real credentials sign-in through
// Auth.js's route handlers, then asked for by GET /api/auth/session, as every page does, after the
// domain functions that end sessions (a password change, an admin disabling the account) have run.
process.env.AUTH_SECRET = "integration-test-secret-000000000000000";
// Set before the first getConfig() of this file: the admin of the disable test signs in as one.
const adminEmail = `admin-${randomBytes(4).toString("hex")}@example.com`;
process.env.ADMIN_EMAILS = adminEmail;

const { AUTH_ORIGIN, AuthRouteBrowser } = await import("./auth-route-browser");
const { changePassword } = await import("@/lib/accounts/change-password");
const { setUserDisabled } = await import("@/lib/admin");

const NEW_PASSWORD = "changed it today 5";
const SESSION_COOKIE = "authjs.session-token";

async function signedIn(email: string, password = GOOD_PASSWORD) {
  const browser = new AuthRouteBrowser(uniqueIp());
  const response = await browser.postCredentials({ email, password });
  expect(response.headers.get("location")).toBe(`${AUTH_ORIGIN}/dashboard`);
  expect(browser.cookies.has(SESSION_COOKIE)).toBe(true);
  return browser;
}

/** The acting user a server action would get from this browser's session. */
async function actingUserOf(browser: InstanceType<typeof AuthRouteBrowser>): Promise<ActingUser> {
  const user = await browser.sessionUser();
  if (!user?.id || !user.email || !user.role) throw new Error("This browser is not signed in.");
  return { id: user.id, email: user.email, role: user.role };
}

describe("session revocation through Auth.js's route", () => {
  it("a password change ends the account's session in every browser, not other accounts'; the new password signs in", async () => {
    const user = await signUp();
    const here = await signedIn(user.email);
    const elsewhere = await signedIn(user.email);
    const someoneElse = await signedIn((await signUp()).email);
    const actor = await actingUserOf(here);
    expect(actor).toEqual({ id: user.id, email: user.email, role: "USER" });
    expect(await elsewhere.sessionUserId()).toBe(user.id);

    await changePassword(actor, { currentPassword: GOOD_PASSWORD, newPassword: NEW_PASSWORD });

    expect(await elsewhere.sessionUser()).toBeUndefined();
    // Refused sessions are also told to forget their cookie, so the browser stops sending it.
    expect(elsewhere.cookies.has(SESSION_COOKIE)).toBe(false);
    // The browser that changed it too: the app signs it in again (lib/accounts/change-password.ts).
    expect(await here.sessionUser()).toBeUndefined();
    expect(await someoneElse.sessionUserId()).not.toBeUndefined();

    const stale = new AuthRouteBrowser(uniqueIp());
    const refused = await stale.postCredentials({ email: user.email, password: GOOD_PASSWORD });
    expect(refused.headers.get("location")).toBe(`${AUTH_ORIGIN}/sign-in?error=CredentialsSignin&code=unauthorized`);
    expect(await (await signedIn(user.email, NEW_PASSWORD)).sessionUserId()).toBe(user.id);
  });

  it("disabling the account ends its session in every browser, the admin's own stays, and a new sign-in is refused", async () => {
    const user = await signUp();
    const laptop = await signedIn(user.email);
    const phone = await signedIn(user.email);
    expect(await laptop.sessionUserId()).toBe(user.id);
    expect(await phone.sessionUserId()).toBe(user.id);
    // ADMIN_EMAILS makes an admin of a confirmed address only.
    await signUpConfirmed(adminEmail);
    const adminBrowser = await signedIn(adminEmail);
    const admin = await actingUserOf(adminBrowser);
    expect(admin.role).toBe("ADMIN");

    await setUserDisabled(admin, { userId: user.id, disabled: true });

    expect(await laptop.sessionUser()).toBeUndefined();
    expect(await phone.sessionUser()).toBeUndefined();
    expect(laptop.cookies.has(SESSION_COOKIE)).toBe(false);
    expect(phone.cookies.has(SESSION_COOKIE)).toBe(false);
    expect(await adminBrowser.sessionUser()).toMatchObject({ id: admin.id, role: "ADMIN" });

    const again = new AuthRouteBrowser(uniqueIp());
    const refused = await again.postCredentials({ email: user.email, password: GOOD_PASSWORD });
    expect(refused.headers.get("location")).toBe(`${AUTH_ORIGIN}/sign-in?error=CredentialsSignin&code=forbidden`);
    expect(again.cookies.has(SESSION_COOKIE)).toBe(false);
    expect(await again.sessionUserId()).toBeUndefined();
    expect((await userRow(user.id)).disabledAt).not.toBeNull();
  });
});
