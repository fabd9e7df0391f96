import { afterEach, describe, expect, it, vi } from "vitest";
import { authenticateWithPassword } from "@/lib/accounts/authenticate-with-password";
import { changePassword } from "@/lib/accounts/change-password";
import { signOutEverywhere } from "@/lib/accounts/sign-out-everywhere";
import { getUserState } from "@/lib/sessions";
import { GOOD_PASSWORD, setClock, signUp, uniqueIp, userRow } from "./support";

const NEW_PASSWORD = "changed it today 5";

afterEach(() => {
  vi.useRealTimers();
});

describe("change password", () => {
  it("needs the current password; with it, the new one works, the old one not, and every session's version moves on", async () => {
    const user = await signUp();
    expect((await getUserState(user.id))?.sessionVersion).toBe(0);

    await expect(changePassword(user, { currentPassword: "not my password 1", newPassword: NEW_PASSWORD })).rejects.toMatchObject({
      code: "unauthorized:current-password",
    });
    expect((await userRow(user.id)).sessionVersion).toBe(0);

    await expect(changePassword(user, { currentPassword: GOOD_PASSWORD, newPassword: NEW_PASSWORD })).resolves.toEqual({ sessionVersion: 1 });
    expect((await getUserState(user.id))?.sessionVersion).toBe(1);
    await expect(authenticateWithPassword({ email: user.email, password: GOOD_PASSWORD, ip: uniqueIp() })).rejects.toMatchObject({
      code: "unauthorized:credentials",
    });
    await expect(authenticateWithPassword({ email: user.email, password: NEW_PASSWORD, ip: uniqueIp() })).resolves.toMatchObject({
      sessionVersion: 1,
    });
  });

  it("refuses a new password that breaks the rules or equals the current one, on the new-password field", async () => {
    const user = await signUp();
    for (const newPassword of ["short1", "onlyletterslong", GOOD_PASSWORD, "x".repeat(129) + "1"]) {
      const error = await changePassword(user, { currentPassword: GOOD_PASSWORD, newPassword }).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: "ZodError" });
      expect((error as { issues: { path: unknown[] }[] }).issues[0]!.path).toEqual(["newPassword"]);
    }
    expect((await userRow(user.id)).sessionVersion).toBe(0);
  });

  it("wrong current passwords count as failed sign-ins: after five, even the right one waits", async () => {
    setClock("2026-12-01T10:00:00Z");
    const user = await signUp();
    for (let i = 0; i < 5; i++) {
      await expect(changePassword(user, { currentPassword: `guess ${i} guess`, newPassword: NEW_PASSWORD })).rejects.toMatchObject({
        code: "unauthorized:current-password",
      });
    }
    await expect(changePassword(user, { currentPassword: GOOD_PASSWORD, newPassword: NEW_PASSWORD })).rejects.toMatchObject({
      code: "rate_limited:signInByEmail",
      retryAfter: 900,
    });
  });
});

describe("sign out everywhere", () => {
  it("moves the session version on, so every existing session is refused, and the password stays", async () => {
    const user = await signUp();
    const before = await getUserState(user.id);
    expect(before?.sessionVersion).toBe(0);
    await expect(signOutEverywhere(user)).resolves.toEqual({ sessionVersion: 1 });
    await expect(signOutEverywhere(user)).resolves.toEqual({ sessionVersion: 2 });
    expect((await getUserState(user.id))?.sessionVersion).toBe(2);
    await expect(authenticateWithPassword({ email: user.email, password: GOOD_PASSWORD, ip: uniqueIp() })).resolves.toMatchObject({
      sessionVersion: 2,
    });
  });
});
