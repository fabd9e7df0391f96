import AxeBuilder from "@axe-core/playwright";
import { randomBytes } from "node:crypto";
import { expect, test, type Page } from "./fixtures";
import { ADMIN, confirmAdminEmail, networkOf, signUpOrSignIn } from "./support/accounts";
import { listAppRoutes } from "./support/app-routes";
import { startDailyCheckNow } from "./support/daily-run";

/**
 * Every page fits a phone and passes an accessibility audit: at 375 px wide nothing scrolls sideways
 * (a table too wide for the screen scrolls inside its own box), an email shown in a page fits its
 * frame, and axe-core finds no WCAG 2.0–2.2 A/AA violation at 375 or 1280 px — signed out, as a user
 * and as an admin, with real content (an alert with maps, a map's charts, a finished search, history
 * with a digest, a daily run's page). The pages come from the file tree, so a new page fails here until
 * it is visited. Screenshots at 375 and 1280 px go to tests/e2e/screenshots/layout-*.png.
 */

const shots = "tests/e2e/screenshots";
const slug = (url: string) => url.split("?")[0]!.replace(/^\//, "").replace(/[^a-z0-9]+/gi, "-").replace(/-+$/, "") || "home";

/** The page's width beyond the viewport, with the widest elements named when there is some. */
async function sidewaysOverflow(page: Page): Promise<{ extra: number; widest: string[] }> {
  return page.evaluate(() => {
    const viewport = document.documentElement.clientWidth;
    const extra = Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - viewport;
    const widest =
      extra > 0
        ? [...document.querySelectorAll("body *")]
            .map((element) => ({ element, right: element.getBoundingClientRect().right }))
            .filter(({ right }) => right > viewport + 0.5)
            .sort((a, b) => b.right - a.right)
            .slice(0, 5)
            .map(({ element, right }) => `${element.tagName.toLowerCase()}.${String(element.getAttribute("class") ?? "").slice(0, 60)} → ${Math.round(right)} px`)
        : [];
    return { extra, widest };
  });
}

/** Emails shown in a page (history, outbox) must fit their frame as they would a phone's screen. */
async function emailOverflow(page: Page): Promise<number> {
  let worst = 0;
  for (const frame of page.frames()) {
    if (frame === page.mainFrame()) continue;
    await frame.waitForLoadState("load");
    worst = Math.max(worst, await frame.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth));
  }
  return worst;
}

const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"];
// The audit is the same on both databases: it runs in the embedded pass only, to keep CI short.
const audit = !process.env.DATABASE_URL;

/** Every axe-core violation on the page as one line each (rule, impact, where), so a failure says what to fix. */
async function accessibilityViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  return violations.flatMap((violation) =>
    violation.nodes.slice(0, 5).map((node) => `${violation.id} (${violation.impact}): ${node.target.join(" ")} — ${node.failureSummary?.split("\n").slice(0, 2).join(" ")}`),
  );
}

async function expectToFit(page: Page, url: string, width: number, name = url) {
  await page.setViewportSize({ width, height: width < 500 ? 812 : 900 });
  await page.goto(url);
  await expect(page.locator("h1").first()).toBeVisible();
  const { extra, widest } = await sidewaysOverflow(page);
  expect.soft(extra, `${url} at ${width} px scrolls sideways by ${extra} px; widest: ${widest.join("; ")}`).toBeLessThanOrEqual(0);
  if (width < 500) expect.soft(await emailOverflow(page), `the email on ${url} at ${width} px scrolls sideways`).toBeLessThanOrEqual(0);
  if (audit) expect.soft(await accessibilityViolations(page), `accessibility of ${url} at ${width} px`).toEqual([]);
  await page.screenshot({ path: `${shots}/layout-${width}-${slug(name)}.png`, fullPage: true });
}

const ANONYMOUS = ["/", "/sign-in", "/sign-up", "/forgot-password", "/reset-password?token=not-a-real-token", "/verify-email?token=not-a-real-token", "/unsubscribe?token=not-a-real-token"];
const SIGNED_IN = ["/dashboard", "/alerts", "/alerts/[id]", "/maps/[uid]", "/watches", "/search", "/search/[id]", "/history", "/history/[id]", "/settings", "/settings/devices", "/feedback?from=/alerts"];
const ADMIN_PAGES = ["/admin", "/admin/overview", "/admin/users", "/admin/users/[id]", "/admin/config", "/admin/daily-runs", "/admin/daily-runs/[id]", "/admin/jobs", "/admin/outbox", "/admin/outbox/[id]", "/admin/sandbox", "/admin/feedback?filter=all"];

test.use({ extraHTTPHeaders: { "x-forwarded-for": networkOf("203.0.113") } });

test("this spec visits every page the app has", () => {
  const visited = new Set([...ANONYMOUS, ...SIGNED_IN, ...ADMIN_PAGES].map((url) => url.split("?")[0]));
  const pages = listAppRoutes()
    .filter((route) => route.kind === "page")
    .map((route) => route.pattern);
  expect(pages.filter((pattern) => !visited.has(pattern))).toEqual([]);
});

for (const width of [375, 1280]) {
  test(`signed-out pages fit ${width} px`, async ({ page }) => {
    for (const url of ANONYMOUS) await expectToFit(page, url, width);
  });
}

/** A real id for each dynamic page, made if this run has none yet: an alert, a digest, an email. */
async function realUrls(page: Page): Promise<Map<string, string>> {
  await confirmAdminEmail(page);
  await page.goto("/alerts");
  let alert = page.getByRole("list", { name: "Your mapper alerts" }).getByRole("link").first();
  if ((await alert.count()) === 0) {
    await page.getByLabel("Mapper's display name").fill("SmallMapperSam");
    await page.getByRole("button", { name: "Create alert" }).click();
    await page.waitForURL(/\/alerts\/[^/]+$/);
    await page.goto("/alerts");
    alert = page.getByRole("list", { name: "Your mapper alerts" }).getByRole("link").first();
  }
  const alertUrl = new URL((await alert.getAttribute("href"))!, page.url()).pathname;

  await page.goto("/history");
  if ((await page.locator('a[href^="/history/"]').count()) === 0) {
    await startDailyCheckNow(page);
    await expect
      .poll(
        async () => {
          await page.goto("/history");
          return page.locator('a[href^="/history/"]').count();
        },
        { timeout: 90_000, intervals: [1_000, 2_000] },
      )
      .toBeGreaterThan(0);
  }
  const historyUrl = (await page.locator('a[href^="/history/"]').first().getAttribute("href"))!;

  // A map of the alert, read by the daily run above: its page has charts to fit.
  await page.goto(alertUrl);
  const mapUrl = (await page.getByTestId("map-page-link").first().getAttribute("href"))!;

  // The admin's own page in Users: their alert and digest are on it.
  await page.goto(`/admin/users?q=${encodeURIComponent(ADMIN.email)}`);
  const userUrl = (await page.getByRole("list", { name: "Users" }).getByRole("link", { name: ADMIN.email }).getAttribute("href"))!;
  // The daily run that wrote that digest (or the newest run): its page with one row per user.
  await page.goto("/admin/daily-runs");
  const runUrl = (await page.locator('a[href^="/admin/daily-runs/"]').first().getAttribute("href"))!;

  await page.goto("/admin/outbox");
  const emailUrl = (await page.locator('a[href^="/admin/outbox/"]').first().getAttribute("href"))!;

  // A finished map search, its maps listed.
  await page.goto("/search");
  await page.getByLabel("Mapper's Trackmania name").fill("SmallMapperSam");
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await page.waitForURL(/\/search\/\w+$/);
  await expect(page.getByTestId("search-summary")).toBeVisible({ timeout: 60_000 });
  const searchUrl = new URL(page.url()).pathname;
  return new Map([
    ["/alerts/[id]", alertUrl],
    ["/maps/[uid]", mapUrl],
    ["/search/[id]", searchUrl],
    ["/history/[id]", historyUrl],
    ["/admin/outbox/[id]", emailUrl],
    ["/admin/users/[id]", userUrl],
    ["/admin/daily-runs/[id]", runUrl],
  ]);
}

test("signed-in and admin pages fit 375 px and 1280 px", async ({ page }) => {
  test.setTimeout(240_000);
  await signUpOrSignIn(page, ADMIN);
  const real = await realUrls(page);
  for (const width of [375, 1280]) {
    for (const pattern of [...SIGNED_IN, ...ADMIN_PAGES]) await expectToFit(page, real.get(pattern) ?? pattern, width, pattern);
  }
});

test("signed-in pages pass the audit for a user without an admin role or any content yet", async ({ browser }) => {
  test.skip(!audit, "the accessibility audit runs in the embedded pass");
  const context = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": networkOf("203.0.113") } });
  const page = await context.newPage();
  await signUpOrSignIn(page, { name: "Newcomer", email: `a11y-newcomer-${randomBytes(3).toString("hex")}@example.com`, password: "newcomer-password-1" });
  for (const width of [375, 1280]) {
    await page.setViewportSize({ width, height: width < 500 ? 812 : 900 });
    for (const url of SIGNED_IN.filter((pattern) => !pattern.includes("["))) {
      await page.goto(url);
      await expect(page.locator("h1").first()).toBeVisible();
      expect.soft(await accessibilityViolations(page), `accessibility of ${url} at ${width} px for a new user`).toEqual([]);
    }
  }
  await context.close();
});

test("on a phone the navigation is a menu that reaches every page and closes after a choice", async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 812 });
  await signUpOrSignIn(page, ADMIN);
  const main = page.getByRole("navigation", { name: "Main" });
  await expect(main).toBeHidden();
  await page.locator("summary", { hasText: "Menu" }).click();
  await expect(main.getByRole("link")).toHaveText(["Dashboard", "Mapper alerts", "Driver watches", "Map search", "History", "Settings", "Admin"]);
  for (const link of await main.getByRole("link").all()) {
    const box = await link.boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(375);
  }
  await page.screenshot({ path: `${shots}/layout-375-menu-open.png` });
  await main.getByRole("link", { name: "Settings" }).click();
  await page.waitForURL(/\/settings$/);
  await expect(page.getByText("Menu · Settings")).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" })).toBeHidden();
});
