import { afterEach, describe, expect, it, vi } from "vitest";
import { advanceClock, GOOD_PASSWORD, setClock, signUp, uniqueEmail, uniqueIp } from "./support";

// Auth.js's own credentials endpoint, driven as a script would drive it (bypassing the sign-in form):
// it must see the same limits as the form, as HTTP 429 with Retry-After.
process.env.AUTH_SECRET = "integration-test-secret-000000000000000";

const { AUTH_ORIGIN, AuthRouteBrowser } = await import("./auth-route-browser");

afterEach(() => {
  vi.useRealTimers();
});

const wrongPasswordLocation = `${AUTH_ORIGIN}/sign-in?error=CredentialsSignin&code=unauthorized`;

async function expectRateLimited(response: Response, expected: { code: string; message: string; retryAfter: number }) {
  expect(response.status).toBe(429);
  expect(response.headers.get("Retry-After")).toBe(String(expected.retryAfter));
  expect(response.headers.get("location")).toBeNull();
  expect(response.headers.getSetCookie().filter((line) => line.startsWith("authjs.session-token="))).toEqual([]);
  expect(await response.json()).toEqual({ error: { code: expected.code, message: expected.message } });
}

describe("POST /api/auth/callback/credentials", () => {
  it("five failed sign-ins on an account are Auth.js's redirects; the sixth is 429 with Retry-After and the wait, even with the right password", async () => {
    setClock("2026-12-02T10:00:00Z");
    const user = await signUp();
    const attacker = new AuthRouteBrowser(uniqueIp());
    // Five answers of Auth.js's own also show each attempt is counted once: counted twice, the third would be refused.
    for (let i = 0; i < 5; i++) {
      const response = await attacker.postCredentials({ email: user.email, password: `guess number ${i}` });
      expect(response.status).toBe(302);
      expect(response.headers.get("location")).toBe(wrongPasswordLocation);
    }

    advanceClock(5 * 60_000);
    const refused = await attacker.postCredentials({ email: user.email, password: GOOD_PASSWORD });
    await expectRateLimited(refused, {
      code: "rate_limited:signInByEmail",
      message: "Too many failed sign-ins for this account. Try again in 10 minutes.",
      retryAfter: 600,
    });
    expect(await attacker.sessionUserId()).toBeUndefined();

    // The same account from another network is the account's limit too.
    await expectRateLimited(await new AuthRouteBrowser(uniqueIp()).postCredentials({ email: user.email, password: GOOD_PASSWORD }), {
      code: "rate_limited:signInByEmail",
      message: "Too many failed sign-ins for this account. Try again in 10 minutes.",
      retryAfter: 600,
    });

    advanceClock(10 * 60_000);
    const owner = new AuthRouteBrowser(uniqueIp());
    const signedIn = await owner.postCredentials({ email: user.email, password: GOOD_PASSWORD });
    expect(signedIn.status).toBe(302);
    expect(signedIn.headers.get("location")).toBe(`${AUTH_ORIGIN}/dashboard`);
    expect(await owner.sessionUserId()).toBe(user.id);
  });

  it("ten failures from one network across accounts: the eleventh is 429; successes before them cost nothing", async () => {
    setClock("2026-12-02T11:00:00Z");
    const user = await signUp();
    const office = new AuthRouteBrowser(uniqueIp());
    // Twelve good sign-ins from one network: more than either budget, all refunded.
    for (let i = 0; i < 12; i++) {
      const response = await office.postCredentials({ email: user.email, password: GOOD_PASSWORD });
      expect(response.status).toBe(302);
      expect(response.headers.get("location")).toBe(`${AUTH_ORIGIN}/dashboard`);
    }
    expect(await office.sessionUserId()).toBe(user.id);

    const sprayer = new AuthRouteBrowser(office.ip);
    for (let i = 0; i < 10; i++) {
      const response = await sprayer.postCredentials({ email: uniqueEmail("sprayed"), password: "Password123" });
      expect(response.status).toBe(302);
      expect(response.headers.get("location")).toBe(wrongPasswordLocation);
    }
    const refused = await sprayer.postCredentials({ email: uniqueEmail("sprayed"), password: "Password123" });
    await expectRateLimited(refused, {
      code: "rate_limited:signInByIp",
      message: "Too many sign-in attempts from this network. Try again in 15 minutes.",
      retryAfter: 900,
    });

    // Another network is not affected.
    const elsewhere = new AuthRouteBrowser(uniqueIp());
    expect((await elsewhere.postCredentials({ email: user.email, password: GOOD_PASSWORD })).status).toBe(302);
    expect(await elsewhere.sessionUserId()).toBe(user.id);
  });

  it("posts without a valid CSRF token never reach the password check, so they count nothing", async () => {
    setClock("2026-12-02T12:00:00Z");
    const user = await signUp();
    const forger = new AuthRouteBrowser(uniqueIp());
    for (let i = 0; i < 6; i++) {
      const response = await forger.postCredentials({ email: user.email, password: `guess number ${i}` }, { csrfToken: "forged" });
      expect(response.status).toBe(302);
      expect(response.headers.get("location")).toBe(`${AUTH_ORIGIN}/sign-in?error=MissingCSRF`);
    }
    // Six counted attempts would have used up the account's five.
    const owner = new AuthRouteBrowser(forger.ip);
    expect((await owner.postCredentials({ email: user.email, password: GOOD_PASSWORD })).status).toBe(302);
    expect(await owner.sessionUserId()).toBe(user.id);
  });

  it("next-auth/react's JSON variant (X-Auth-Return-Redirect) is refused the same way", async () => {
    setClock("2026-12-02T13:00:00Z");
    const user = await signUp();
    const client = new AuthRouteBrowser(uniqueIp());
    const post = async (password: string) =>
      client.request("/api/auth/callback/credentials", {
        method: "POST",
        headers: { "X-Auth-Return-Redirect": "1" },
        form: { csrfToken: await client.csrfToken(), email: user.email, password, callbackUrl: "/dashboard" },
      });
    for (let i = 0; i < 5; i++) {
      const response = await post(`guess number ${i}`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ url: wrongPasswordLocation });
    }
    await expectRateLimited(await post(GOOD_PASSWORD), {
      code: "rate_limited:signInByEmail",
      message: "Too many failed sign-ins for this account. Try again in 15 minutes.",
      retryAfter: 900,
    });
  });
});
