import { afterEach, describe, expect, it, vi } from "vitest";
import { getDb } from "@/lib/db";
import { registerUser } from "@/lib/accounts/register-user";
import { resendVerificationEmail } from "@/lib/accounts/resend-verification-email";
import { verifyEmail } from "@/lib/accounts/verify-email";
import { getEmailVerification } from "@/lib/accounts/get-email-verification";
import { AppError } from "@/lib/errors";
import { advanceClock, GOOD_PASSWORD, lastEmailTo, setClock, signUp, tokenFromLink, uniqueEmail, uniqueIp, userRow } from "./support";

process.env.ADMIN_EMAILS = "first-admin@example.com";

afterEach(() => {
  vi.useRealTimers();
});

describe("sign-up and email verification", () => {
  it("sign-up stores a bcrypt hash, not the password, and emails a confirmation link", async () => {
    const email = uniqueEmail();
    const user = await signUp(email);
    const row = await userRow(user.id);
    expect(row.passwordHash).toMatch(/^\$2[aby]\$11\$/);
    expect(row.passwordHash).not.toContain(GOOD_PASSWORD);
    expect(row.emailVerifiedAt).toBeNull();
    expect(row.role).toBe("USER");

    const mail = await lastEmailTo(email);
    expect(mail?.subject).toBe("Confirm your email for Trackwatch");
    expect(mail?.text).toContain("Hi Scrapie,");
    expect(mail?.text).toContain("expires in 24 hours");
    const token = tokenFromLink(mail!, "/verify-email");
    expect(mail!.text).toContain(`http://localhost:3000/verify-email?token=${token}`);

    // Only a hash of the token is kept.
    const tokens = await (await getDb()).authToken.findMany({ where: { userId: user.id } });
    expect(tokens).toHaveLength(1);
    expect(tokens[0]!.kind).toBe("VERIFY_EMAIL");
    expect(tokens[0]!.tokenHash).not.toContain(token);
    expect(tokens[0]!.tokenHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("the link confirms the address once; a second click is refused and changes nothing", async () => {
    const email = uniqueEmail();
    const user = await signUp(email);
    const token = tokenFromLink((await lastEmailTo(email))!, "/verify-email");

    await expect(verifyEmail({ token })).resolves.toEqual({ email });
    const verifiedAt = (await userRow(user.id)).emailVerifiedAt;
    expect(verifiedAt).toBeInstanceOf(Date);
    expect((await getEmailVerification(user)).verifiedAt).toEqual(verifiedAt);

    await expect(verifyEmail({ token })).rejects.toMatchObject({ code: "bad_request:token", message: expect.stringContaining("already been used") });
    expect((await userRow(user.id)).emailVerifiedAt).toEqual(verifiedAt);
  });

  it("a link older than 24 hours is refused and the address stays unconfirmed", async () => {
    setClock("2026-12-01T10:00:00Z");
    const email = uniqueEmail();
    const user = await signUp(email);
    const token = tokenFromLink((await lastEmailTo(email))!, "/verify-email");
    advanceClock(24 * 3_600_000 + 1_000);
    await expect(verifyEmail({ token })).rejects.toMatchObject({ code: "bad_request:token", message: expect.stringContaining("expired") });
    expect((await userRow(user.id)).emailVerifiedAt).toBeNull();
  });

  it("a link just inside 24 hours still works", async () => {
    setClock("2026-12-01T10:00:00Z");
    const email = uniqueEmail();
    await signUp(email);
    const token = tokenFromLink((await lastEmailTo(email))!, "/verify-email");
    advanceClock(24 * 3_600_000 - 60_000);
    await expect(verifyEmail({ token })).resolves.toEqual({ email });
  });

  it("made-up, truncated, reset-kind and non-string tokens are refused as not valid", async () => {
    const email = uniqueEmail();
    await signUp(email);
    const token = tokenFromLink((await lastEmailTo(email))!, "/verify-email");
    for (const bad of [token.slice(0, 20), `${token}x`, "A".repeat(43), "", null, 42, [token], { token }, "é".repeat(43), "x".repeat(100_000)]) {
      await expect(verifyEmail({ token: bad }), String(bad).slice(0, 30)).rejects.toMatchObject({
        code: "bad_request:token",
        message: expect.stringContaining("not valid"),
      });
    }
    // The real one still works afterwards.
    await expect(verifyEmail({ token })).resolves.toEqual({ email });
  });

  it("resending sends a new working link, three times an hour at most, then says when to retry", async () => {
    setClock("2026-12-01T10:00:00Z");
    const email = uniqueEmail();
    const user = await signUp(email);
    const first = tokenFromLink((await lastEmailTo(email))!, "/verify-email");

    for (let i = 0; i < 3; i++) await expect(resendVerificationEmail(user)).resolves.toEqual({ email });
    const latest = tokenFromLink((await lastEmailTo(email))!, "/verify-email");
    expect(latest).not.toBe(first);

    advanceClock(20 * 60_000);
    const refused = await resendVerificationEmail(user).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ status: 429, code: "rate_limited:verificationResendByUser", retryAfter: 40 * 60 });
    expect((refused as AppError).message).toContain("Try again in 40 minutes.");

    advanceClock(40 * 60_000);
    await expect(resendVerificationEmail(user)).resolves.toEqual({ email });

    // Any of the links confirms the address; then resending has nothing to do.
    await expect(verifyEmail({ token: latest })).resolves.toEqual({ email });
    await expect(resendVerificationEmail(user)).rejects.toMatchObject({ code: "conflict:email-verified" });
  });

  it("an email listed in ADMIN_EMAILS signs up as admin, others as users", async () => {
    const admin = await registerUser({ name: "First", email: "First-Admin@Example.com", password: GOOD_PASSWORD }, { ip: uniqueIp() });
    expect(admin).toMatchObject({ email: "first-admin@example.com", role: "ADMIN" });
  });

  it("a second account with the same email (in any case) is refused on the email field", async () => {
    const email = uniqueEmail();
    await signUp(email);
    await expect(registerUser({ name: "Again", email: email.toUpperCase(), password: GOOD_PASSWORD }, { ip: uniqueIp() })).rejects.toMatchObject({
      code: "conflict:email",
    });
  });

  it("five sign-ups an hour per network; the sixth is refused with the wait, and counts on a new network are separate", async () => {
    setClock("2026-12-01T11:00:00Z");
    const ip = uniqueIp();
    for (let i = 0; i < 5; i++) await registerUser({ name: "Many", email: uniqueEmail("many"), password: GOOD_PASSWORD }, { ip });
    const refused = await registerUser({ name: "Many", email: uniqueEmail("many"), password: GOOD_PASSWORD }, { ip }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: "rate_limited:signUpByIp", retryAfter: 3600 });
    expect((refused as AppError).message).toBe("Too many new accounts from this network. Try again in 1 hour.");
    await expect(registerUser({ name: "Other", email: uniqueEmail(), password: GOOD_PASSWORD }, { ip: uniqueIp() })).resolves.toBeTruthy();
  });

  it("invalid sign-up forms do not count against the network's limit", async () => {
    const ip = uniqueIp();
    for (let i = 0; i < 8; i++) {
      await expect(registerUser({ name: "x", email: "not-an-email", password: GOOD_PASSWORD }, { ip })).rejects.toThrow();
    }
    await expect(registerUser({ name: "Fine", email: uniqueEmail(), password: GOOD_PASSWORD }, { ip })).resolves.toBeTruthy();
  });
});
