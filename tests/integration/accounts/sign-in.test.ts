import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { getDb } from "@/lib/db";
import { authenticateWithPassword } from "@/lib/accounts/authenticate-with-password";
import { authorizeCredentials, PasswordSignInRefused } from "@/lib/accounts/authorize-credentials";
import { getUserState } from "@/lib/sessions";
import { hashPassword } from "@/lib/accounts/password";
import { AppError, toResponse } from "@/lib/errors";
import { advanceClock, GOOD_PASSWORD, setClock, signUp, uniqueEmail, uniqueIp, userRow } from "./support";

// Set before the first getConfig() of this file: an account created before its email was listed.
process.env.ADMIN_EMAILS = "promoted@example.com, other-admin@example.com";

afterEach(() => {
  vi.useRealTimers();
});

const refusalOf = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => error as AppError);

describe("password sign-in", () => {
  it("the right password signs in and records when; the account's session version comes along", async () => {
    const user = await signUp();
    const signedIn = await authenticateWithPassword({ email: user.email, password: GOOD_PASSWORD, ip: uniqueIp() });
    expect(signedIn).toEqual({ id: user.id, email: user.email, name: "Scrapie", role: "USER", sessionVersion: 0 });
    expect((await userRow(user.id)).lastSignInAt).toBeInstanceOf(Date);
  });

  it("email case and surrounding spaces do not matter", async () => {
    const user = await signUp();
    await expect(authenticateWithPassword({ email: `  ${user.email.toUpperCase()} `, password: GOOD_PASSWORD, ip: uniqueIp() })).resolves.toMatchObject({
      id: user.id,
    });
  });

  it("a wrong password and an unknown email get the same answer", async () => {
    const user = await signUp();
    const wrong = await refusalOf(authenticateWithPassword({ email: user.email, password: "not the password 1", ip: uniqueIp() }));
    const unknown = await refusalOf(authenticateWithPassword({ email: uniqueEmail("nobody"), password: GOOD_PASSWORD, ip: uniqueIp() }));
    expect(wrong).toMatchObject({ code: "unauthorized:credentials", message: "Email or password is incorrect." });
    expect(unknown).toMatchObject({ code: wrong!.code, message: wrong!.message });
  });

  it("a disabled account is told so, but only with the right password", async () => {
    const user = await signUp();
    await (await getDb()).user.update({ where: { id: user.id }, data: { disabledAt: new Date() } });
    expect(await refusalOf(authenticateWithPassword({ email: user.email, password: "wrong password 9", ip: uniqueIp() }))).toMatchObject({
      code: "unauthorized:credentials",
    });
    expect(await refusalOf(authenticateWithPassword({ email: user.email, password: GOOD_PASSWORD, ip: uniqueIp() }))).toMatchObject({
      code: "forbidden:account-disabled",
      message: expect.stringContaining("disabled"),
    });
  });

  it("an existing, confirmed account whose email is in ADMIN_EMAILS becomes admin at sign-in, and its sessions see it at once", async () => {
    const db = await getDb();
    const user = await db.user.create({
      data: { email: "promoted@example.com", passwordHash: await hashPassword(GOOD_PASSWORD), emailVerifiedAt: new Date() },
    });
    expect((await getUserState(user.id))?.role).toBe("USER");
    const signedIn = await authenticateWithPassword({ email: "promoted@example.com", password: GOOD_PASSWORD, ip: uniqueIp() });
    expect(signedIn.role).toBe("ADMIN");
    expect((await userRow(user.id)).role).toBe("ADMIN");
    expect((await getUserState(user.id))?.role).toBe("ADMIN");
  });

  it("an existing account whose listed email is not confirmed stays a user at every sign-in", async () => {
    const db = await getDb();
    const user = await db.user.create({ data: { email: "other-admin@example.com", passwordHash: await hashPassword(GOOD_PASSWORD) } });
    for (let i = 0; i < 2; i++) {
      await expect(authenticateWithPassword({ email: "other-admin@example.com", password: GOOD_PASSWORD, ip: uniqueIp() })).resolves.toMatchObject({ role: "USER" });
    }
    expect((await userRow(user.id)).role).toBe("USER");
    expect((await getUserState(user.id))?.role).toBe("USER");
  });

  it("ADMIN_EMAILS never demotes, and nobody else is promoted", async () => {
    const user = await signUp();
    await expect(authenticateWithPassword({ email: user.email, password: GOOD_PASSWORD, ip: uniqueIp() })).resolves.toMatchObject({ role: "USER" });
    const db = await getDb();
    const admin = await db.user.create({ data: { email: uniqueEmail("granted"), role: "ADMIN", passwordHash: await hashPassword(GOOD_PASSWORD) } });
    await expect(authenticateWithPassword({ email: admin.email, password: GOOD_PASSWORD, ip: uniqueIp() })).resolves.toMatchObject({ role: "ADMIN" });
  });
});

describe("sign-in limits", () => {
  it("five failed attempts on an account: the sixth is refused even with the right password, and says when to retry", async () => {
    setClock("2026-12-01T10:00:00Z");
    const user = await signUp();
    for (let i = 0; i < 5; i++) {
      // From different networks: the account's own limit is what stops this.
      expect(await refusalOf(authenticateWithPassword({ email: user.email, password: `guess number ${i}`, ip: uniqueIp() }))).toMatchObject({
        code: "unauthorized:credentials",
      });
    }
    advanceClock(5 * 60_000);
    const refused = await refusalOf(authenticateWithPassword({ email: user.email, password: GOOD_PASSWORD, ip: uniqueIp() }));
    expect(refused).toMatchObject({ status: 429, code: "rate_limited:signInByEmail", retryAfter: 10 * 60 });
    expect(refused!.message).toBe("Too many failed sign-ins for this account. Try again in 10 minutes.");

    // Route handlers answer 429 with Retry-After through the one mapping.
    const response = toResponse(refused);
    expect(response.status).toBe(429);
    expect(response.headers.get("Retry-After")).toBe("600");
    expect((await response.json()).error.code).toBe("rate_limited:signInByEmail");

    advanceClock(10 * 60_000);
    await expect(authenticateWithPassword({ email: user.email, password: GOOD_PASSWORD, ip: uniqueIp() })).resolves.toMatchObject({ id: user.id });
  });

  it("successful sign-ins do not use up the account's or the network's budget", async () => {
    setClock("2026-12-01T12:00:00Z");
    const user = await signUp();
    const ip = uniqueIp();
    for (let i = 0; i < 12; i++) {
      await expect(authenticateWithPassword({ email: user.email, password: GOOD_PASSWORD, ip })).resolves.toMatchObject({ id: user.id });
    }
    // The failures still count in full afterwards.
    for (let i = 0; i < 5; i++) await refusalOf(authenticateWithPassword({ email: user.email, password: `nope nope ${i}`, ip: uniqueIp() }));
    expect(await refusalOf(authenticateWithPassword({ email: user.email, password: GOOD_PASSWORD, ip }))).toMatchObject({
      code: "rate_limited:signInByEmail",
    });
  });

  it("ten failures from one network across many accounts: the eleventh is refused, other networks are not", async () => {
    setClock("2026-12-01T13:00:00Z");
    const ip = uniqueIp();
    for (let i = 0; i < 10; i++) {
      expect(await refusalOf(authenticateWithPassword({ email: uniqueEmail("sprayed"), password: "Password123", ip }))).toMatchObject({
        code: "unauthorized:credentials",
      });
    }
    const user = await signUp();
    expect(await refusalOf(authenticateWithPassword({ email: user.email, password: GOOD_PASSWORD, ip }))).toMatchObject({
      code: "rate_limited:signInByIp",
      retryAfter: 15 * 60,
    });
    await expect(authenticateWithPassword({ email: user.email, password: GOOD_PASSWORD, ip: uniqueIp() })).resolves.toMatchObject({ id: user.id });
  });
});

describe("the Credentials provider's authorize", () => {
  const request = (ip: string) => new Request("http://localhost/api/auth/callback/credentials", { headers: { "x-forwarded-for": `${ip}, 10.0.0.1` } });

  it("returns the user Auth.js puts in the token", async () => {
    const user = await signUp();
    await expect(authorizeCredentials({ email: user.email, password: GOOD_PASSWORD }, request(uniqueIp()))).resolves.toMatchObject({
      id: user.id,
      role: "USER",
      sessionVersion: 0,
    });
  });

  it("carries the refusal, with its retry time, to the action that called signIn; the URL-visible code says only the kind", async () => {
    setClock("2026-12-01T14:00:00Z");
    const ip = uniqueIp();
    for (let i = 0; i < 10; i++) await authorizeCredentials({ email: uniqueEmail(), password: "wrong one 1" }, request(ip)).catch(() => {});
    const refused = await authorizeCredentials({ email: uniqueEmail(), password: "wrong one 1" }, request(ip)).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(PasswordSignInRefused);
    expect((refused as PasswordSignInRefused).code).toBe("rate_limited");
    expect((refused as PasswordSignInRefused).reason).toMatchObject({ code: "rate_limited:signInByIp", retryAfter: 900 });
    // The first hop of x-forwarded-for is the client: a different first hop is a different network.
    await expect(authorizeCredentials({ email: uniqueEmail(), password: "wrong one 1" }, request(uniqueIp()))).rejects.toMatchObject({
      code: "unauthorized",
    });
  });

  it("turns input that is not an email and a password into the usual refusal, never a crash", async () => {
    for (const credentials of [{}, { email: ["a@b.co"], password: "x" }, { email: "a@b.co", password: "x".repeat(10_000) }, { email: 5, password: null }]) {
      const refused = await authorizeCredentials(credentials, request(uniqueIp())).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(PasswordSignInRefused);
      expect((refused as PasswordSignInRefused).reason.code).toBe("unauthorized:credentials");
    }
  });

  it("input errors of the domain function itself are zod errors (400 at a route), not crashes", async () => {
    const error = await authenticateWithPassword({ email: "👾@example.com", password: "", ip: uniqueIp() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(z.ZodError);
    expect(toResponse(error).status).toBe(400);
  });
});
