import { randomBytes } from "node:crypto";
import { expect, test, type APIRequestContext, type APIResponse, type BrowserContext } from "./fixtures";
import { ADMIN, networkOf, signedInContext } from "./support/accounts";
import { listAppRoutes } from "./support/app-routes";

/**
 * Every admin page and admin route handler refuses anyone who is not an admin, on the server.
 * The list is read from the filesystem, so a page or route added later is swept without touching
 * this file: anonymous visitors are sent to sign in (401 for APIs), signed-in users get a 404/403 with
 * nothing of the admin page in it, admins get the page.
 */

const USER = { email: `guard-user-${randomBytes(3).toString("hex")}@example.com`, password: "regular-password-1", name: "Regular" };
const shots = "tests/e2e/screenshots";

// ---------------------------------------------------------------------------------------------
// Discovery

const routes = listAppRoutes();

/** Every page whose URL is under /admin, wherever its route group is. */
const adminPages = routes.filter(({ kind, url }) => kind === "page" && (url === "/admin" || url.startsWith("/admin/")));

/** Every route handler under /api/admin, with the methods it exports. */
const adminRoutes = routes.filter(({ kind, url }) => kind === "route" && url.startsWith("/api/admin/"));

let admin: BrowserContext;
let user: BrowserContext;
let anonymous: BrowserContext;
let forged: BrowserContext;
/** What each admin page shows its admin, to look for in what others are shown. */
const adminView = new Map<string, { heading: string | null; status: number }>();

test.beforeAll(async ({ browser, baseURL }) => {
  admin = await signedInContext(browser, ADMIN);
  user = await signedInContext(browser, USER);
  anonymous = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": networkOf() } });
  // A session cookie that is not a session: gets past the proxy's optimistic check, so the answer
  // must come from the page's own server-side check.
  forged = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": networkOf() } });
  await forged.addCookies([{ name: "authjs.session-token", value: "forged.not-a-session", url: baseURL! }]);
});

test.afterAll(async () => {
  await Promise.all([admin, user, anonymous, forged].map((context) => context?.close()));
});

const get = (request: APIRequestContext, url: string) => request.get(url, { maxRedirects: 0 });

function expectSignInRedirect(response: APIResponse, url: string) {
  expect([302, 303, 307, 308], `${url}: ${response.status()}`).toContain(response.status());
  const location = new URL(response.headers().location!, "http://x");
  expect(location.pathname, url).toBe("/sign-in");
  expect(location.searchParams.get("next"), url).toMatch(/^\/admin/);
}

/**
 * What only an admin's page contains: admin data (the admin's address shows in the outbox and user
 * lists), the admin navigation, and the page's own heading as HTML or in the RSC payload. (Static
 * metadata such as the tab title is code, the same for everyone, and not looked for.)
 */
async function leaks(response: APIResponse, url: string): Promise<string[]> {
  const body = await response.text();
  const heading = adminView.get(url)?.heading;
  const markers = [
    ADMIN.email,
    'href="/admin/overview"',
    'href="/admin/outbox"',
    ...(heading ? [`>${heading}</h1>`, `"children":"${heading}"`] : []),
  ];
  return markers.filter((marker) => body.includes(marker));
}

// ---------------------------------------------------------------------------------------------
// The sweep

test("the sweep finds the admin pages (a broken glob would make every other test pass vacuously)", () => {
  const urls = adminPages.map((p) => p.url);
  expect(urls).toEqual(expect.arrayContaining(["/admin", "/admin/overview", "/admin/outbox", "/admin/outbox/e2e-dummy-id"]));
  test.info().annotations.push(
    { type: "admin pages", description: urls.join(", ") },
    { type: "admin API routes", description: adminRoutes.map((r) => `${r.methods.join("|")} ${r.url}`).join(", ") || "none yet" },
  );
});

test("admins get every admin page", async () => {
  const page = await admin.newPage();
  for (const { url, dynamic } of adminPages) {
    const response = await page.goto(url);
    const status = response!.status();
    // Pages for one record answer 404 for a made-up id, but inside the admin frame: the guard let
    // the admin through and the page itself said "no such record".
    if (dynamic) expect([200, 404], url).toContain(status);
    else expect(status, url).toBe(200);
    expect(new URL(page.url()).pathname, url).toMatch(/^\/admin/);
    // The frame's navigation (a row of links on a wide screen; the phone menu's copy is hidden).
    await expect(page.locator('a[href="/admin/overview"]:visible').first(), url).toBeVisible();
    const heading = status === 200 ? await page.getByRole("heading", { level: 1 }).first().textContent() : null;
    adminView.set(url, { heading: heading?.trim() || null, status });
  }
  await page.goto("/admin/overview");
  await page.screenshot({ path: `${shots}/admin-guard-admin.png`, fullPage: true });
  await page.close();
});

test("anonymous visitors are sent to sign in from every admin page, with or without a cookie", async () => {
  for (const { url } of adminPages) {
    expectSignInRedirect(await get(anonymous.request, url), url);
    const response = await get(forged.request, url);
    expectSignInRedirect(response, url);
    expect(await leaks(response, url), url).toEqual([]);
  }
  const page = await anonymous.newPage();
  await page.goto("/admin/outbox");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fadmin%2Foutbox/);
  await page.close();
});

test("signed-in users who are not admins get a plain 404 with nothing of the admin page in it", async () => {
  for (const { url } of adminPages) {
    const response = await get(user.request, url);
    expect([403, 404], `${url}: ${response.status()}`).toContain(response.status());
    expect(await leaks(response, url), url).toEqual([]);
  }
  const page = await user.newPage();
  const response = await page.goto("/admin/outbox");
  expect(response!.status()).toBe(404);
  await expect(page.locator('a[href="/admin/overview"]')).toHaveCount(0);
  // Their own navigation offers no way in either.
  await page.goto("/dashboard");
  await expect(page.getByRole("link", { name: "Admin", exact: true })).toHaveCount(0);
  await page.goto("/admin/outbox");
  await page.screenshot({ path: `${shots}/admin-guard-user-404.png`, fullPage: true });
  await page.close();
});

test("every admin API route refuses anonymous callers (401) and non-admins (403/404), and serves admins", async () => {
  for (const { url, methods } of adminRoutes) {
    for (const method of methods) {
      const send = (request: APIRequestContext) =>
        request.fetch(url, { method, maxRedirects: 0, ...(method === "GET" ? {} : { data: {} }) });
      const label = `${method} ${url}`;

      const anon = await send(anonymous.request);
      if (anon.status() !== 401) expectSignInRedirect(anon, label);
      const fake = await send(forged.request);
      if (fake.status() !== 401) expectSignInRedirect(fake, label);

      const regular = await send(user.request);
      expect([403, 404], `${label}: ${regular.status()}`).toContain(regular.status());
      expect(await regular.text(), label).not.toContain(ADMIN.email);

      const own = await send(admin.request);
      // Past the guard: an admin may still be told the dummy id or empty body is wrong, never "who are you".
      expect([401, 403], `${label}: ${own.status()}`).not.toContain(own.status());
      expect(own.status(), label).toBeLessThan(500);
      if (method === "GET" && !url.includes("e2e-dummy")) expect(own.status(), label).toBe(200);
    }
  }
});

test("an admin changes a limit on the Limits page; users see it at once, and a bad value is refused next to its field", async () => {
  const page = await admin.newPage();
  await page.goto("/admin/config");
  const field = page.getByLabel("Mapper alerts per user");
  const saved = await field.inputValue();

  await field.fill("0");
  await page.getByRole("button", { name: /save/i }).click();
  await expect(page.locator("#maxMapperAlerts-errors")).toContainText(/from 1 to 100/);
  await page.screenshot({ path: `${shots}/admin-limits-refused.png`, fullPage: true });

  await page.getByLabel("Mapper alerts per user").fill("7");
  await page.getByRole("button", { name: /save/i }).click();
  await expect(page.getByRole("status").filter({ hasText: "Limits saved." })).toBeVisible();
  await expect(page.getByLabel("Mapper alerts per user")).toHaveValue("7");

  const userPage = await user.newPage();
  await userPage.goto("/alerts");
  await expect(userPage.getByText(/\d+ of 7 alerts used/)).toBeVisible();

  // Put it back for the specs that follow.
  await page.getByLabel("Mapper alerts per user").fill(saved);
  await page.getByRole("button", { name: /save/i }).click();
  await expect(async () => {
    await userPage.goto("/alerts");
    await expect(userPage.getByText(new RegExp(`\\d+ of ${saved} alerts used`))).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  await userPage.close();
  await page.close();
});
