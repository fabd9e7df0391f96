import { afterEach, describe, expect, it, vi } from "vitest";
import { getDb } from "@/lib/db";
import { registerUser } from "@/lib/accounts/register-user";
import { resendVerificationEmail } from "@/lib/accounts/resend-verification-email";
import { verifyEmail } from "@/lib/accounts/verify-email";
import { getEmailVerification } from "@/lib/accounts/get-email-verification";
import { AppError } from "@/lib/errors";
import { hashPassword } from "@/lib/accounts/password";
import { listOutboxEmails } from "@/lib/mail";
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
    const ip = uniqueIp();
    const first = tokenFromLink((await lastEmailTo(email))!, "/verify-email");

    for (let i = 0; i < 3; i++) await expect(resendVerificationEmail(user, { ip })).resolves.toEqual({ email });
    const latest = tokenFromLink((await lastEmailTo(email))!, "/verify-email");
    expect(latest).not.toBe(first);

    advanceClock(20 * 60_000);
    const refused = await resendVerificationEmail(user, { ip }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ status: 429, code: "rate_limited:verificationResendByUser", retryAfter: 40 * 60 });
    expect((refused as AppError).message).toContain("Try again in 40 minutes.");

    advanceClock(40 * 60_000);
    await expect(resendVerificationEmail(user, { ip })).resolves.toEqual({ email });

    // Any of the links confirms the address; then resending has nothing to do.
    await expect(verifyEmail({ token: latest })).resolves.toEqual({ email });
    await expect(resendVerificationEmail(user, { ip })).rejects.toMatchObject({ code: "conflict:email-verified" });
  });

  it("sign-up keeps the browser's time zone under its current name; an unknown or missing one is UTC", async () => {
    const zoneOf = async (timezone: unknown) => {
      const user = await registerUser({ name: "Zoned", email: uniqueEmail("zone"), password: GOOD_PASSWORD, timezone }, { ip: uniqueIp() });
      return (await (await getDb()).user.findUniqueOrThrow({ where: { id: user.id }, select: { timezone: true } })).timezone;
    };
    expect(await zoneOf("Europe/Paris")).toBe("Europe/Paris");
    expect(await zoneOf("Asia/Calcutta")).toBe("Asia/Kolkata");
    expect(await zoneOf("Mars/Olympus_Mons")).toBe("UTC");
    expect(await zoneOf(["Europe/Paris", "Asia/Tokyo"])).toBe("UTC");
    expect(await zoneOf(undefined)).toBe("UTC");
  });

  it("an email listed in ADMIN_EMAILS signs up as a user and becomes an admin when its confirmation link is used", async () => {
    const admin = await registerUser({ name: "First", email: "First-Admin@Example.com", password: GOOD_PASSWORD }, { ip: uniqueIp() });
    expect(admin).toMatchObject({ email: "first-admin@example.com", role: "USER" });
    expect((await userRow(admin.id)).role).toBe("USER");
    await verifyEmail({ token: tokenFromLink((await lastEmailTo("first-admin@example.com"))!, "/verify-email") });
    expect((await userRow(admin.id)).role).toBe("ADMIN");
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

  it("five sign-up attempts an hour per email from any network; the sixth gets the same refusal whether the email has an account or not", async () => {
    setClock("2026-12-01T15:00:00Z");
    const registered = uniqueEmail("registered");
    // An account made before this hour (not through sign-up, so nothing is counted for it yet).
    await (await getDb()).user.create({ data: { email: registered, name: "Owner", passwordHash: await hashPassword(GOOD_PASSWORD) } });
    for (let i = 0; i < 5; i++) {
      await expect(registerUser({ name: "Again", email: registered, password: GOOD_PASSWORD }, { ip: uniqueIp() })).rejects.toMatchObject({
        code: "conflict:email",
      });
    }
    const fresh = uniqueEmail("fresh");
    await expect(registerUser({ name: "New", email: fresh, password: GOOD_PASSWORD }, { ip: uniqueIp() })).resolves.toMatchObject({ email: fresh });
    for (let i = 0; i < 4; i++) {
      await expect(registerUser({ name: "New", email: fresh.toUpperCase(), password: GOOD_PASSWORD }, { ip: uniqueIp() })).rejects.toMatchObject({
        code: "conflict:email",
      });
    }

    advanceClock(15 * 60_000);
    const refusals = [];
    for (const email of [registered, fresh]) {
      const refused = await registerUser({ name: "Again", email, password: GOOD_PASSWORD }, { ip: uniqueIp() }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(AppError);
      refusals.push({ code: (refused as AppError).code, message: (refused as AppError).message, retryAfter: (refused as AppError).retryAfter });
    }
    expect(refusals[0]).toEqual({
      code: "rate_limited:signUpByEmail",
      message: "Too many sign-up attempts for this email. Try again in 45 minutes.",
      retryAfter: 45 * 60,
    });
    expect(refusals[1]).toEqual(refusals[0]);

    // Other emails from the same moment are not affected, and the hour's end gives the email its attempts back.
    await expect(registerUser({ name: "Other", email: uniqueEmail(), password: GOOD_PASSWORD }, { ip: uniqueIp() })).resolves.toBeTruthy();
    advanceClock(45 * 60_000);
    await expect(registerUser({ name: "Again", email: registered, password: GOOD_PASSWORD }, { ip: uniqueIp() })).rejects.toMatchObject({
      code: "conflict:email",
    });
  });

  it("ten confirmation resends an hour from one network across accounts; the eleventh is refused and sends nothing, other networks are not", async () => {
    setClock("2026-12-01T16:00:00Z");
    const ip = uniqueIp();
    const users = [await signUp(), await signUp(), await signUp(), await signUp()];
    // Three per account (its own limit), ten in all.
    for (const user of users.slice(0, 3)) {
      for (let i = 0; i < 3; i++) await expect(resendVerificationEmail(user, { ip })).resolves.toEqual({ email: user.email });
    }
    const last = users[3]!;
    await expect(resendVerificationEmail(last, { ip })).resolves.toEqual({ email: last.email });

    advanceClock(30 * 60_000);
    const sentBefore = (await listOutboxEmails({ to: last.email, limit: 100 })).emails.length;
    const refused = await resendVerificationEmail(last, { ip }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ status: 429, code: "rate_limited:verificationResendByIp", retryAfter: 30 * 60 });
    expect((refused as AppError).message).toBe("Too many confirmation emails requested from this network. Try again in 30 minutes.");
    expect((await listOutboxEmails({ to: last.email, limit: 100 })).emails).toHaveLength(sentBefore);

    await expect(resendVerificationEmail(last, { ip: uniqueIp() })).resolves.toEqual({ email: last.email });
  });

  it("invalid sign-up forms do not count against the network's limit", async () => {
    const ip = uniqueIp();
    for (let i = 0; i < 8; i++) {
      await expect(registerUser({ name: "x", email: "not-an-email", password: GOOD_PASSWORD }, { ip })).rejects.toThrow();
    }
    await expect(registerUser({ name: "Fine", email: uniqueEmail(), password: GOOD_PASSWORD }, { ip })).resolves.toBeTruthy();
  });
});
