import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { CookieJar } from "../../support/cookie-jar";

// The whole "Sign in with Trackmania" round trip, in-process: Auth.js's own route handlers, the app's
// `/sandbox/...` route serving the sandbox's sign-in page, and the sandbox's token and user endpoints.
process.env.SANDBOX_CLOCK = "manual";
process.env.AUTH_SECRET = "integration-test-secret-000000000000000";
process.env.APP_URL = "http://127.0.0.1:3100";

const { handlers } = await import("@/lib/auth");
const { linkIntentCookie } = await import("@/lib/auth/trackmania-provider");
const { getDb } = await import("@/lib/db");
const settings = await import("@/lib/settings");
const { listDevices } = await import("@/lib/sessions");
const { getSandbox } = await import("@/lib/trackmania");
const sandboxRoute = await import("@/app/sandbox/[...path]/route");
const { createUser } = await import("./fixtures");

const origin = "http://127.0.0.1:3100";

/** The browser: a cookie jar and a way to follow the redirects that matter here. */
class Browser extends CookieJar {
  async request(url: string, init: RequestInit = {}): Promise<Response> {
    // As Next hands a request to a route handler: a NextRequest (which, with skipProxyUrlNormalize,
    // keeps 127.0.0.1 as the browser said it), with the browser's Host header.
    const { pathname, host } = new URL(url);
    const headers = { ...(init.headers as Record<string, string>), host, cookie: this.header() };
    const request = new NextRequest(url, { ...init, redirect: "manual", headers } as ConstructorParameters<typeof NextRequest>[1]);
    const response = pathname.startsWith("/sandbox/")
      ? await sandboxRoute.GET(request)
      : await (init.method === "POST" ? handlers.POST : handlers.GET)(request);
    this.keep(response);
    return response;
  }

  async session(): Promise<{ user?: { id: string; email: string } } | null> {
    const response = await this.request(`${origin}/api/auth/session`);
    return (await response.json()) as { user?: { id: string; email: string } } | null;
  }

  /** Clicks "Sign in with Trackmania" (or "Link"), picks `accountId` on the sandbox page, and comes back. */
  async roundTrip(accountId: string, callbackUrl: string, beforeCallback?: () => void): Promise<string> {
    const csrf = (await (await this.request(`${origin}/api/auth/csrf`)).json()) as { csrfToken: string };
    const start = await this.request(`${origin}/api/auth/signin/trackmania`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrfToken: csrf.csrfToken, callbackUrl }),
    });
    expect(start.status).toBe(302);
    const authorize = new URL(start.headers.get("location")!);
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${origin}/sandbox/oauth/oauth/authorize`);
    expect(authorize.searchParams.get("scope")).toBe("");

    const page = await this.request(authorize.href);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Sign in with Trackmania");

    authorize.searchParams.set("accountId", accountId);
    const approved = await this.request(authorize.href);
    expect(approved.status).toBe(302);
    const callback = approved.headers.get("location")!;
    expect(callback.startsWith(`${origin}/api/auth/callback/trackmania?code=`)).toBe(true);
    beforeCallback?.();

    const done = await this.request(callback);
    expect(done.status).toBe(302);
    return done.headers.get("location")!;
  }
}

async function signedInBrowser(user: { id: string; email: string; password: string }): Promise<Browser> {
  const browser = new Browser();
  const csrf = (await (await browser.request(`${origin}/api/auth/csrf`)).json()) as { csrfToken: string };
  const response = await browser.request(`${origin}/api/auth/callback/credentials`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": "203.0.113.9" },
    body: new URLSearchParams({ csrfToken: csrf.csrfToken, email: user.email, password: user.password, callbackUrl: "/dashboard" }),
  });
  expect(response.status).toBe(302);
  expect((await browser.session())?.user?.id).toBe(user.id);
  return browser;
}

async function startLinking(browser: Browser, user: { id: string; email: string; role: "USER" | "ADMIN" }) {
  // What linkTrackmaniaAction does before handing over to Auth.js.
  const cookie = linkIntentCookie(await settings.createTrackmaniaLinkIntent(user));
  browser.cookies.set(cookie.name, cookie.value);
}

describe("Trackmania OAuth through the sandbox", () => {
  it("links the Trackmania account the user signs in with, verified, and keeps them signed in as themselves", async () => {
    const sam = getSandbox()!.wellKnown.smallMapper;
    const user = await createUser();
    const browser = await signedInBrowser(user);

    await startLinking(browser, user);
    const landing = await browser.roundTrip(sam.accountId, "/settings?trackmania=linked");
    expect(landing).toBe(`${origin}/settings?trackmania=linked`);
    expect((await settings.getSettings(user)).trackmania).toEqual({ accountId: sam.accountId, displayName: sam.displayName, verified: true });
    expect(await browser.session()).toMatchObject({ user: { id: user.id, email: user.email } });
    // Linking re-issues this browser's session: still one device, still signed in with a password.
    expect((await listDevices(user)).map((device) => device.method)).toEqual(["password"]);

    // The link intent was used up, cookie included: signed out, the same round trip now signs in.
    expect([...browser.cookies.keys()]).not.toContain(linkIntentCookie("x").name);
    browser.cookies.delete("authjs.session-token");
    expect(await browser.session()).toBeNull();
    expect(await browser.roundTrip(sam.accountId, "/dashboard")).toBe(`${origin}/dashboard`);
    expect(await browser.session()).toMatchObject({ user: { id: user.id, email: user.email } });
    expect((await listDevices(user)).map((device) => device.method).sort()).toEqual(["password", "trackmania"]);
  });

  it("refuses to link a Trackmania account another user has linked, and changes nothing", async () => {
    const bea = getSandbox()!.wellKnown.bigMapper;
    const owner = await createUser();
    await settings.linkTrackmaniaAccount(owner, { accountId: bea.accountId, displayName: bea.displayName });
    const second = await createUser();
    const browser = await signedInBrowser(second);

    await startLinking(browser, second);
    expect(await browser.roundTrip(bea.accountId, "/settings?trackmania=linked")).toBe(`${origin}/settings?trackmania=taken`);
    expect((await settings.getSettings(second)).trackmania).toBeNull();
    expect((await settings.getSettings(owner)).trackmania?.accountId).toBe(bea.accountId);
    expect(await browser.session()).toMatchObject({ user: { id: second.id } });
  });

  it("signs in the user who linked the account; without a link it explains on the sign-in page", async () => {
    const player = getSandbox()!.world.players()[42]!;
    const browser = new Browser();
    expect(await browser.roundTrip(player.accountId, "/dashboard")).toBe(`${origin}/sign-in?error=TrackmaniaNotLinked`);
    expect(await browser.session()).toBeNull();

    const owner = await createUser();
    await settings.linkTrackmaniaAccount(owner, { accountId: player.accountId, displayName: player.displayName });
    expect(await browser.roundTrip(player.accountId, "/dashboard")).toBe(`${origin}/dashboard`);
    expect(await browser.session()).toMatchObject({ user: { id: owner.id, email: owner.email } });
  });

  it("never signs anyone in with a typed, unverified name", async () => {
    const player = getSandbox()!.world.players()[43]!;
    const typist = await createUser();
    await settings.setTrackmaniaName(typist, { displayName: player.displayName });
    const browser = new Browser();
    expect(await browser.roundTrip(player.accountId, "/dashboard")).toBe(`${origin}/sign-in?error=TrackmaniaNotLinked`);
    expect(await browser.session()).toBeNull();
  });

  it("does not link with a used or forged link intent", async () => {
    const player = getSandbox()!.world.players()[44]!;
    const user = await createUser();
    const browser = await signedInBrowser(user);
    browser.cookies.set(linkIntentCookie("x".repeat(43)).name, "x".repeat(43));
    expect(await browser.roundTrip(player.accountId, "/settings?trackmania=linked")).toBe(`${origin}/settings?trackmania=expired`);
    expect((await settings.getSettings(user)).trackmania).toBeNull();
    const db = await getDb();
    expect(await db.user.count({ where: { tmAccountId: player.accountId } })).toBe(0);
  });

  it("sends a broken round trip (Trackmania refuses the code) to the sign-in page with a reason, not to a 500", async () => {
    const player = getSandbox()!.world.players()[45]!;
    const user = await createUser();
    const browser = await signedInBrowser(user);
    await startLinking(browser, user);
    // Codes live ten minutes on Trackmania's side.
    const landing = await browser.roundTrip(player.accountId, "/settings?trackmania=linked", () => getSandbox()!.advance(11 * 60_000));
    expect(landing).toBe(`${origin}/sign-in?error=Configuration`);
    expect((await settings.getSettings(user)).trackmania).toBeNull();
    expect([...browser.cookies.keys()]).not.toContain(linkIntentCookie("x").name);
  });

  it("serves the sandbox's other endpoints under /sandbox too, and 404s outside them", async () => {
    const index = await sandboxRoute.GET(new Request(`${origin}/sandbox/`));
    expect(index.status).toBe(200);
    expect(await index.json()).toMatchObject({ sandbox: "trackwatch" });
    const token = await sandboxRoute.POST(
      new Request(`${origin}/sandbox/oauth/api/access_token`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ grant_type: "client_credentials", client_id: "wrong", client_secret: "wrong" }),
      }),
    );
    expect(token.status).toBe(401);
    expect((await sandboxRoute.GET(new Request(`${origin}/sandbox/nowhere`))).status).toBe(404);
  });

  it("signs in to this app only: another site as redirect_uri is refused, never redirected to", async () => {
    const sam = getSandbox()!.wellKnown.smallMapper;
    const query = (redirectUri: string) =>
      new URLSearchParams({ response_type: "code", client_id: getSandbox()!.credentials.oauthClientId, redirect_uri: redirectUri, accountId: sam.accountId });
    const evil = await sandboxRoute.GET(new Request(`${origin}/sandbox/oauth/oauth/authorize?${query("https://evil.example/steal")}`));
    expect(evil.status).toBe(400);
    expect(evil.headers.get("location")).toBeNull();
    const own = await sandboxRoute.GET(new Request(`${origin}/sandbox/oauth/oauth/authorize?${query(`${origin}/api/auth/callback/trackmania`)}`));
    expect(own.status).toBe(302);
    expect(own.headers.get("location")).toMatch(new RegExp(`^${origin}/api/auth/callback/trackmania\\?code=`));
  });
});
