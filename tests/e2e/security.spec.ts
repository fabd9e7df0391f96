import { randomBytes } from "node:crypto";
import { expect, test, type Browser, type BrowserContext, type Page } from "./fixtures";
import { confirmationLinkFromServerLog, fillSignIn, fillSignUp, networkOf } from "./support/accounts";
import { listAppRoutes } from "./support/app-routes";

/**
 * What a stranger would try first: a sign-in link that returns to another site, and the operator's
 * address (listed in ADMIN_EMAILS by scripts/e2e-server.sh) signed up before the operator could.
 */

const tag = randomBytes(3).toString("hex");
const READER = { name: "Reader", email: `redirect-reader-${tag}@example.com`, password: "reader-password-1" };
/** Listed in ADMIN_EMAILS (scripts/e2e-server.sh) but never confirmed by anyone but the test's end. */
const SQUATTER = { name: "Not the operator", email: "second-admin@trackwatch.test", password: "squatter-password-1" };

/** `next=` values as an attacker would put them in a link, each already URL-encoded for the query string. */
const hostileReturnPaths: [string, string][] = [
  ["a tab the browser drops", "/%09/evil.example/phish"],
  ["a newline the browser drops", "/%0A/evil.example/phish"],
  ["a NUL", "/%00/evil.example"],
  ["a double-encoded tab", "/%2509/evil.example"],
  ["an encoded backslash", "/%5C/evil.example"],
  ["a backslash", "/%5Cevil.example"],
  ["escaped slashes", "%5C%2F%5C%2Fevil.example"],
  ["a dot segment and a backslash", "/.%5C/evil.example"],
  ["protocol-relative", "//evil.example/phish"],
  ["absolute https", "https://evil.example/phish"],
  ["scheme without slashes", "https:evil.example"],
  ["javascript", "javascript:alert(document.domain)"],
  ["over-long", `/${"a".repeat(400)}`],
];

/** The `next` each sign-in form on the page would post. */
async function returnPathsIn(page: Page): Promise<string[]> {
  await expect(page.getByRole("button", { name: "Sign in", exact: true })).toBeVisible();
  return page.locator('input[name="next"]').evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value));
}

/** A visitor whose every request to another host is recorded and stopped (there is no DNS here anyway). */
async function guardedVisitor(browser: Browser, baseURL: string): Promise<{ context: BrowserContext; foreign: string[] }> {
  const own = new URL(baseURL).host;
  const foreign: string[] = [];
  const context = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": networkOf("198.18.0") } });
  await context.route("**/*", async (route) => {
    const url = new URL(route.request().url());
    if (url.host === own) return route.continue();
    foreign.push(url.href);
    return route.abort("blockedbyclient");
  });
  return { context, foreign };
}

test.beforeAll(async ({ browser }) => {
  const context = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": networkOf("198.18.1") } });
  const page = await context.newPage();
  await fillSignUp(page, READER);
  await page.waitForURL(/\/dashboard/);
  await context.close();
});

for (const [label, next] of hostileReturnPaths) {
  test(`signing in from a link whose next= is ${label} ends on the dashboard, with no request to another host`, async ({ browser, baseURL }) => {
    const { context, foreign } = await guardedVisitor(browser, baseURL!);
    const page = await context.newPage();
    await page.goto(`/sign-in?next=${next}`);
    // Neither form (password, Trackmania) even carries it.
    expect(await returnPathsIn(page)).toEqual(["", ""]);
    await page.getByLabel("Email").fill(READER.email);
    await page.getByLabel("Password").fill(READER.password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.waitForURL((url) => url.pathname === "/dashboard");
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    expect(new URL(page.url()).host).toBe(new URL(baseURL!).host);
    expect(foreign, "requests to another host").toEqual([]);
    await context.close();
  });
}

test("a same-site next= is honoured after signing in", async ({ browser, baseURL }) => {
  const { context, foreign } = await guardedVisitor(browser, baseURL!);
  const page = await context.newPage();
  await page.goto(`/sign-in?next=${encodeURIComponent("/settings")}`);
  expect(await returnPathsIn(page)).toEqual(["/settings", "/settings"]);
  await page.getByLabel("Email").fill(READER.email);
  await page.getByLabel("Password").fill(READER.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL((url) => url.pathname === "/settings");
  expect(foreign).toEqual([]);
  await context.close();
});

test("an address listed in ADMIN_EMAILS gets no admin page until its owner confirms it from the link", async ({ browser }) => {
  const adminPages = listAppRoutes().filter(({ kind, dynamic, url }) => kind === "page" && !dynamic && url.startsWith("/admin"));
  expect(adminPages.length).toBeGreaterThan(3);
  const context = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": networkOf("198.18.2") } });
  const page = await context.newPage();
  await fillSignUp(page, SQUATTER);
  await page.waitForURL(/\/dashboard/);
  // Signed in, unconfirmed: a user like any other, whose navigation offers no way in.
  await expect(page.getByRole("link", { name: "Admin", exact: true })).toHaveCount(0);
  for (const { url } of adminPages) {
    const response = await context.request.get(url, { maxRedirects: 0 });
    expect([403, 404], `${url}: ${response.status()}`).toContain(response.status());
  }
  // Not even the outbox, where the confirmation link (and everyone's reset links) would be.
  expect((await page.goto("/admin/outbox"))!.status()).toBe(404);
  // Signing in again changes nothing either.
  await context.clearCookies();
  await fillSignIn(page, SQUATTER.email, SQUATTER.password);
  await page.waitForURL(/\/dashboard/);
  expect((await page.goto("/admin/overview"))!.status()).toBe(404);

  // The owner of the mailbox (here: the operator reading the server's log) confirms it: now an admin.
  let link: string | null = null;
  await expect(() => {
    link = confirmationLinkFromServerLog(SQUATTER.email);
    expect(link).toBeTruthy();
  }).toPass({ timeout: 15_000 });
  const url = new URL(link!);
  await page.goto(url.pathname + url.search);
  await page.getByRole("button", { name: "Confirm my email" }).click();
  await expect(page.getByRole("heading", { name: "Email confirmed" })).toBeVisible();
  expect((await page.goto("/admin/overview"))!.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await context.close();
});
