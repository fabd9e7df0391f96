import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { ActingUser } from "@/lib/actor";

// ADMIN_EMAILS grants the admin role to a confirmed address only, seen through the real Auth.js routes:
// whoever signs up first with the operator's address gets nothing until the mailbox is proven.
process.env.AUTH_SECRET = "integration-test-secret-000000000000000";
const listedBeforeSignUp = `operator-${randomBytes(4).toString("hex")}@example.com`;
const listedAfterSignUp = `later-${randomBytes(4).toString("hex")}@example.com`;
const listedForReset = `reset-${randomBytes(4).toString("hex")}@example.com`;
process.env.ADMIN_EMAILS = [listedBeforeSignUp, listedAfterSignUp, listedForReset].join(",");

const { AUTH_ORIGIN, AuthRouteBrowser } = await import("./auth-route-browser");
const { listUsersForAdmin, setUserRole, listOutboxForAdmin } = await import("@/lib/admin");
const { getDb } = await import("@/lib/db");
const { verifyEmail } = await import("@/lib/accounts/verify-email");
const { requestPasswordReset } = await import("@/lib/accounts/request-password-reset");
const { resetPassword } = await import("@/lib/accounts/reset-password");
const { hashPassword } = await import("@/lib/accounts/password");
const { GOOD_PASSWORD, lastEmailTo, signUp, tokenFromLink, uniqueIp, userRow } = await import("./support");

async function signedIn(email: string) {
  const browser = new AuthRouteBrowser(uniqueIp());
  const response = await browser.postCredentials({ email, password: GOOD_PASSWORD });
  expect(response.headers.get("location")).toBe(`${AUTH_ORIGIN}/dashboard`);
  return browser;
}

async function actingUserOf(browser: InstanceType<typeof AuthRouteBrowser>): Promise<ActingUser> {
  const user = await browser.sessionUser();
  if (!user?.id || !user.email || !user.role) throw new Error("This browser is not signed in.");
  return { id: user.id, email: user.email, role: user.role };
}

/** Every admin domain function the session could reach, tried with the session's own acting user. */
async function adminRefusals(actor: ActingUser) {
  return Promise.all([
    listUsersForAdmin(actor, {}).catch((error: unknown) => error),
    listOutboxForAdmin(actor, {}).catch((error: unknown) => error),
    setUserRole(actor, { userId: actor.id, role: "ADMIN" }).catch((error: unknown) => error),
  ]);
}

describe("ADMIN_EMAILS follows a confirmed address", () => {
  it("listed before sign-up: a user, with no admin function working, until the confirmation link is used", async () => {
    const account = await signUp(listedBeforeSignUp);
    expect(account.role).toBe("USER");
    const browser = await signedIn(listedBeforeSignUp);
    const before = await actingUserOf(browser);
    expect(before.role).toBe("USER");
    for (const refusal of await adminRefusals(before)) expect(refusal).toMatchObject({ code: "forbidden:admin" });
    expect((await userRow(account.id)).role).toBe("USER");

    await verifyEmail({ token: tokenFromLink((await lastEmailTo(listedBeforeSignUp))!, "/verify-email") });
    expect((await userRow(account.id)).role).toBe("ADMIN");
    // The open session sees the role on its next request, without signing in again.
    const after = await actingUserOf(browser);
    expect(after.role).toBe("ADMIN");
    await expect(listUsersForAdmin(after, {})).resolves.toMatchObject({ users: expect.any(Array) });
  });

  it("listed after the address was confirmed: promoted at the next sign-in; an unconfirmed one never is", async () => {
    const db = await getDb();
    // Accounts that existed before the operator listed their addresses.
    const confirmed = await db.user.create({
      data: { email: listedAfterSignUp, passwordHash: await hashPassword(GOOD_PASSWORD), emailVerifiedAt: new Date() },
    });
    expect(confirmed.role).toBe("USER");
    expect(await actingUserOf(await signedIn(listedAfterSignUp))).toMatchObject({ id: confirmed.id, role: "ADMIN" });
  });

  it("a password reset link proves the mailbox too, and promotes a listed account", async () => {
    const account = await signUp(listedForReset);
    expect((await actingUserOf(await signedIn(listedForReset))).role).toBe("USER");
    await requestPasswordReset({ email: listedForReset }, { ip: uniqueIp(), deliver: (work) => work() });
    const token = tokenFromLink((await lastEmailTo(listedForReset))!, "/reset-password");
    await resetPassword({ token, password: "a brand new password 7" });
    expect((await userRow(account.id)).role).toBe("ADMIN");
  });
});
