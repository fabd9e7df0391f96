import { afterEach, describe, expect, it, vi } from "vitest";
import { getDb } from "@/lib/db";
import { authenticateWithPassword } from "@/lib/accounts/authenticate-with-password";
import { PASSWORD_RESET_REQUESTED, requestPasswordReset } from "@/lib/accounts/request-password-reset";
import { resetPassword } from "@/lib/accounts/reset-password";
import { getUserState } from "@/lib/sessions";
import { countOutboxEmails } from "@/lib/mail";
import type { AppError } from "@/lib/errors";
import { advanceClock, GOOD_PASSWORD, lastEmailTo, setClock, signUp, tokenFromLink, uniqueEmail, uniqueIp, userRow } from "./support";

const NEW_PASSWORD = "a brand new one 7";

afterEach(() => {
  vi.useRealTimers();
});

async function resetLinkFor(email: string): Promise<string> {
  await requestPasswordReset({ email }, { ip: uniqueIp() });
  const mail = await lastEmailTo(email);
  expect(mail?.subject).toBe("Reset your Trackwatch password");
  return tokenFromLink(mail!, "/reset-password");
}

describe("password reset", () => {
  it("answers the same for a known and an unknown address, and only the known one gets an email", async () => {
    const user = await signUp();
    const before = await countOutboxEmails();
    const known = await requestPasswordReset({ email: user.email }, { ip: uniqueIp() });
    const unknownEmail = uniqueEmail("nobody");
    const unknown = await requestPasswordReset({ email: unknownEmail }, { ip: uniqueIp() });
    expect(known).toEqual({ message: PASSWORD_RESET_REQUESTED });
    expect(unknown).toEqual(known);
    expect(PASSWORD_RESET_REQUESTED).toContain("If an account exists");
    expect(await countOutboxEmails()).toBe(before + 1);
    expect(await lastEmailTo(unknownEmail)).toBeUndefined();
    const mail = await lastEmailTo(user.email);
    expect(mail?.text).toContain("expires in 60 minutes");
    expect(mail?.text).toMatch(/http:\/\/localhost:3000\/reset-password\?token=[A-Za-z0-9_-]{43}/);
  });

  it("the lookup and the email can run after the response (what the server action does)", async () => {
    const user = await signUp();
    let deferred: (() => Promise<void>) | undefined;
    const answer = await requestPasswordReset({ email: user.email }, { ip: uniqueIp(), deliver: (work) => void (deferred = work) });
    expect(answer.message).toBe(PASSWORD_RESET_REQUESTED);
    expect(await lastEmailTo(user.email).then((m) => m?.subject)).toBe("Confirm your email for Trackwatch");
    await deferred!();
    expect(await lastEmailTo(user.email).then((m) => m?.subject)).toBe("Reset your Trackwatch password");
  });

  it("the link sets a new password, ends every session, and confirms the address", async () => {
    const user = await signUp();
    expect((await getUserState(user.id))?.sessionVersion).toBe(0);
    const token = await resetLinkFor(user.email);

    await expect(resetPassword({ token, password: NEW_PASSWORD })).resolves.toEqual({ email: user.email });
    const row = await userRow(user.id);
    expect(row.sessionVersion).toBe(1);
    expect(row.emailVerifiedAt).toBeInstanceOf(Date);
    // Sessions carrying version 0 are refused by the jwt callback from now on.
    expect((await getUserState(user.id))?.sessionVersion).toBe(1);

    await expect(authenticateWithPassword({ email: user.email, password: GOOD_PASSWORD, ip: uniqueIp() })).rejects.toMatchObject({
      code: "unauthorized:credentials",
    });
    await expect(authenticateWithPassword({ email: user.email, password: NEW_PASSWORD, ip: uniqueIp() })).resolves.toMatchObject({
      sessionVersion: 1,
    });
  });

  it("the link works once; older unused links die with it", async () => {
    const user = await signUp();
    const older = await resetLinkFor(user.email);
    const token = await resetLinkFor(user.email);
    await resetPassword({ token, password: NEW_PASSWORD });
    await expect(resetPassword({ token, password: "yet another one 8" })).rejects.toMatchObject({
      code: "bad_request:token",
      message: expect.stringContaining("already been used"),
    });
    await expect(resetPassword({ token: older, password: "yet another one 8" })).rejects.toMatchObject({ code: "bad_request:token" });
    await expect(authenticateWithPassword({ email: user.email, password: NEW_PASSWORD, ip: uniqueIp() })).resolves.toBeTruthy();
    expect((await userRow(user.id)).sessionVersion).toBe(1);
  });

  it("the link expires after an hour and then changes nothing", async () => {
    setClock("2026-12-01T10:00:00Z");
    const user = await signUp();
    const token = await resetLinkFor(user.email);
    advanceClock(60 * 60_000 + 1_000);
    await expect(resetPassword({ token, password: NEW_PASSWORD })).rejects.toMatchObject({
      code: "bad_request:token",
      message: expect.stringContaining("expired"),
    });
    expect((await userRow(user.id)).sessionVersion).toBe(0);
    await expect(authenticateWithPassword({ email: user.email, password: GOOD_PASSWORD, ip: uniqueIp() })).resolves.toBeTruthy();
  });

  it("a weak new password is refused on its field and does not use the link", async () => {
    const user = await signUp();
    const token = await resetLinkFor(user.email);
    await expect(resetPassword({ token, password: "short" })).rejects.toMatchObject({ name: "ZodError" });
    await expect(resetPassword({ token, password: NEW_PASSWORD })).resolves.toEqual({ email: user.email });
  });

  it("a confirmation link cannot reset a password", async () => {
    const email = uniqueEmail();
    await signUp(email);
    const verifyToken = tokenFromLink((await lastEmailTo(email))!, "/verify-email");
    await expect(resetPassword({ token: verifyToken, password: NEW_PASSWORD })).rejects.toMatchObject({ code: "bad_request:token" });
  });

  it("disabled accounts get no link, and the answer is the same", async () => {
    const user = await signUp();
    await (await getDb()).user.update({ where: { id: user.id }, data: { disabledAt: new Date() } });
    await expect(requestPasswordReset({ email: user.email }, { ip: uniqueIp() })).resolves.toEqual({ message: PASSWORD_RESET_REQUESTED });
    expect((await lastEmailTo(user.email))?.subject).toBe("Confirm your email for Trackwatch");
  });

  it("three requests an hour per address, known or not; the fourth says when to retry", async () => {
    setClock("2026-12-01T10:00:00Z");
    const user = await signUp();
    for (const email of [user.email, uniqueEmail("ghost")]) {
      for (let i = 0; i < 3; i++) await requestPasswordReset({ email }, { ip: uniqueIp() });
      const refused = await requestPasswordReset({ email }, { ip: uniqueIp() }).catch((e: unknown) => e as AppError);
      expect(refused).toMatchObject({ status: 429, code: "rate_limited:passwordResetByEmail", retryAfter: 3600 });
      expect(refused.message).toContain("Try again in 1 hour.");
    }
  });

  it("ten requests an hour per network across addresses; the eleventh is refused", async () => {
    setClock("2026-12-01T15:30:00Z");
    const ip = uniqueIp();
    for (let i = 0; i < 10; i++) await requestPasswordReset({ email: uniqueEmail("spray") }, { ip });
    await expect(requestPasswordReset({ email: uniqueEmail("spray") }, { ip })).rejects.toMatchObject({
      code: "rate_limited:passwordResetByIp",
      retryAfter: 30 * 60,
    });
  });
});
