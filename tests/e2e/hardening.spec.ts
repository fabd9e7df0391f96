import { randomBytes } from "node:crypto";
import { expect, test, type BrowserContext } from "./fixtures";
import { networkOf, signedInContext } from "./support/accounts";

/**
 * What an attacker tried first: forged forwarding headers (which once crashed every page reading the
 * session, and could have steered Auth.js's callbacks), a body that lies about being multipart, and
 * pages without security headers. The route sweep (route-sweep.spec.ts) covers every route; these
 * are the reported cases, each with what a user sees.
 */

const EVIL = "evil.example";
const FORGED = { "x-forwarded-host": EVIL, "x-forwarded-proto": "javascript" };
const USER = { email: `hardening-${randomBytes(3).toString("hex")}@example.com`, password: "hardening-password-1", name: "Hard Ening" };

let user: BrowserContext;

test.beforeAll(async ({ browser }) => {
  user = await signedInContext(browser, USER);
});

test.afterAll(async () => {
  await user?.close();
});

test("forged forwarding headers get the normal pages, signed out and signed in", async ({ browser }) => {
  const anonymous = await browser.newContext({ extraHTTPHeaders: { ...FORGED, "x-forwarded-for": networkOf() } });
  const page = await anonymous.newPage();
  for (const path of ["/sign-in", "/sign-up", "/verify-email"]) {
    const response = await page.goto(path);
    expect(response!.status(), path).toBe(200);
    await expect(page.getByRole("heading", { level: 1 }).first(), path).toBeVisible();
    expect(await page.content(), path).not.toContain(EVIL);
  }
  await page.goto("/sign-in");
  await expect(page.getByLabel("Email")).toBeVisible();
  const exported = await anonymous.request.get("/api/account/export");
  expect(exported.status()).toBe(401);
  expect((await exported.json()).error.message).toBe("Sign in to continue.");
  await anonymous.close();

  const signedIn = await user.newPage();
  await signedIn.setExtraHTTPHeaders(FORGED);
  for (const path of ["/dashboard", "/alerts", "/history", "/settings"]) {
    const response = await signedIn.goto(path);
    expect(response!.status(), path).toBe(200);
    expect(new URL(signedIn.url()).pathname, path).toBe(path);
    expect(await signedIn.content(), path).not.toContain(EVIL);
  }
  const exportedSignedIn = await user.request.get("/api/account/export", { headers: FORGED });
  expect(exportedSignedIn.status()).toBe(200);
  expect(await exportedSignedIn.text()).toContain(USER.email);
  await signedIn.close();
});

test("forged forwarding headers cannot steer Auth.js's redirects or the Trackmania callback", async ({ playwright, baseURL }) => {
  const own = new URL(baseURL!);
  const request = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { ...FORGED, "x-forwarded-for": networkOf() } });
  const { csrfToken } = await (await request.get("/api/auth/csrf")).json();
  const signIn = await request.post("/api/auth/signin/trackmania", { form: { csrfToken, callbackUrl: `https://${EVIL}/steal` }, maxRedirects: 0 });
  expect(signIn.status()).toBe(302);
  const authorize = new URL(signIn.headers().location!);
  expect(authorize.host).toBe(own.host);
  expect(authorize.pathname).toBe("/sandbox/oauth/oauth/authorize");
  expect(new URL(authorize.searchParams.get("redirect_uri")!).origin).toBe(own.origin);
  // Unknown Auth.js actions are a 400 with a message, not a stack trace.
  const junk = await request.get("/api/auth/no-such-action");
  expect(junk.status()).toBe(400);
  await request.dispose();
});

test("a body that lies about being multipart is told so, and the unsubscribe link still works after", async ({ request }) => {
  const response = await request.post("/api/unsubscribe?token=whatever", {
    headers: { "content-type": "multipart/form-data; boundary=x" },
    data: "this is not multipart",
  });
  expect(response.status()).toBe(400);
  expect(await response.json()).toEqual({
    error: { code: "bad_request:form", message: "The form data could not be read: the body is not the multipart form it claims to be." },
  });
});

test("every response carries the security headers, and the CSP nonce is the one on the page's scripts", async ({ request, page }) => {
  for (const path of ["/", "/sign-in", "/api/health", "/dashboard"]) {
    const response = await request.get(path, { maxRedirects: 0 });
    const headers = response.headers();
    expect(headers["x-frame-options"], path).toBe("DENY");
    expect(headers["x-content-type-options"], path).toBe("nosniff");
    expect(headers["referrer-policy"], path).toBe("strict-origin-when-cross-origin");
    expect(headers["permissions-policy"], path).toContain("camera=()");
    expect(headers["content-security-policy"], path).toContain("frame-ancestors 'none'");
  }
  const response = await page.goto("/sign-in");
  const csp = response!.headers()["content-security-policy"]!;
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
  expect(nonce).toBeTruthy();
  expect(csp).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
  expect(csp).toContain("connect-src 'self'");
  // Every script the server rendered carries this request's nonce (the browser hides it from the DOM attribute).
  const scripts = await page.locator("script").evaluateAll((nodes) => nodes.map((node) => (node as HTMLScriptElement).nonce));
  expect(scripts.length).toBeGreaterThan(0);
  expect(new Set(scripts)).toEqual(new Set([nonce]));
  const asset = await page.locator('script[src^="/_next/static/"]').first().getAttribute("src");
  const headers = (await request.get(asset!)).headers();
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["x-frame-options"]).toBe("DENY");
});
