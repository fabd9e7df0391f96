import { randomBytes } from "node:crypto";
import { expect, test, type Page } from "./fixtures";
import { ADMIN, confirmAdminEmail, signUpOrSignIn } from "./support/accounts";
import { startDailyCheckNow, waitForManualRunFinished } from "./support/daily-run";

/**
 * The map page, /maps/<uid>, reached from a mapper alert's maps once a daily check has read them:
 * the world-record progression and the top-10 chart draw, each says in words what it shows, the
 * alert page charts its maps' activity, and a phone never scrolls sideways. Screenshots at 375 and
 * 1280 px go to test-results/screens/map-page-*.png.
 */

const shots = "test-results/screens";

// Sign-up and sign-in limits count per network: this spec is its own network.
test.use({ extraHTTPHeaders: { "x-forwarded-for": `192.0.2.${1 + (randomBytes(1)[0]! % 250)}` } });

const sidewaysOverflow = (page: Page) =>
  page.evaluate(() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - document.documentElement.clientWidth);

/** A chart's drawing is there once recharts has drawn its surface (charts load as they come into view). */
async function expectDrawn(page: Page, chartId: string) {
  const chart = page.getByTestId(chartId);
  await chart.scrollIntoViewIfNeeded();
  // The first chart of a page waits for the page to hydrate and the library to arrive.
  await expect(chart.locator(".recharts-surface").first()).toBeVisible({ timeout: 20_000 });
}

/** The admin watches SmallMapperSam and runs a daily check a simulated day later, so its maps have been read. */
async function readSamsMaps(page: Page): Promise<string> {
  await signUpOrSignIn(page, ADMIN);
  await confirmAdminEmail(page);
  await page.goto("/alerts");
  const existing = page.getByRole("list", { name: "Your mapper alerts" }).getByRole("link", { name: /SmallMapperSam/ });
  if ((await existing.count()) === 0) {
    await page.getByLabel("Mapper's display name").fill("SmallMapperSam");
    await page.getByRole("button", { name: "Create alert" }).click();
    await page.waitForURL(/\/alerts\/[^/]+$/);
  } else {
    await existing.first().click();
    await page.waitForURL(/\/alerts\/[^/]+$/);
  }
  const alertPath = new URL(page.url()).pathname;

  await page.goto("/admin/sandbox");
  await page.getByRole("button", { name: "Advance sandbox time by 1 day" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Sandbox time is now" })).toBeVisible();
  await page.reload();
  const worldNow = new Date((await page.getByTestId("sandbox-now").textContent())!.trim());
  await startDailyCheckNow(page);
  // This run, not an earlier one that finished before.
  await waitForManualRunFinished(page, { notBefore: worldNow, timeout: 90_000 });
  return alertPath;
}

test("a map's page, reached from its alert, draws its world-record progression and top 10 and says what they show", async ({ page }) => {
  test.setTimeout(180_000);
  const alertPath = await readSamsMaps(page);

  // The alert page charts the activity on the mapper's maps, and names each map with a link to its page.
  await page.goto(alertPath);
  const activity = page.getByRole("region", { name: "Activity on these maps" });
  await expect(activity.getByRole("link", { name: "Last 30 days" })).toHaveAttribute("aria-current", "page");
  await expectDrawn(page, "records-per-day-chart");
  await expectDrawn(page, "drivers-per-week-chart");
  await expectDrawn(page, "most-active-maps-chart");
  await expect(page.getByTestId("records-per-day-chart").getByTestId("chart-summary")).toContainText(/new records? in the last 30 days/);
  await expect(page.getByTestId("most-active-maps-chart").getByTestId("chart-summary")).toContainText("Busiest map in the last 30 days:");
  await activity.getByRole("link", { name: "All time" }).click();
  await page.waitForURL(/activity=all/);
  await expect(activity.getByRole("link", { name: "All time" })).toHaveAttribute("aria-current", "page");
  await expectDrawn(page, "records-per-day-chart");

  // The map with a world record first in the list (a busy one), opened from its name.
  const row = page.getByTestId("alert-map").filter({ hasNot: page.getByText("No records yet") }).first();
  const link = row.getByTestId("map-page-link");
  const name = (await link.textContent())!.trim();
  const uid = (await row.getAttribute("data-map-uid"))!;
  await expect(link).toHaveAttribute("href", `/maps/${uid}`);
  await link.click();
  await page.waitForURL(new RegExp(`/maps/${uid}$`));
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(page.getByText("by SmallMapperSam")).toBeVisible();
  await expect(page.getByRole("link", { name: "trackmania.io" })).toHaveAttribute("href", `https://trackmania.io/#/leaderboard/${uid}`);
  await expect(page.getByRole("link", { name: /^Trackmania Exchange/ })).toHaveAttribute("href", /^https:\/\/trackmania\.exchange\/mapshow\/\d+$/);

  await expectDrawn(page, "world-record-chart");
  await expectDrawn(page, "top-times-chart");
  // The summaries end where the board stands: today's world record is the top 10's first time.
  const top = page.getByTestId("top-time");
  await expect(top.first()).toBeVisible();
  expect(await top.count()).toBeLessThanOrEqual(10);
  const worldRecord = (await top.first().locator(".font-mono").first().textContent())!.trim();
  const holder = (await top.first().getByRole("link").textContent())!.trim();
  const summary = page.getByTestId("world-record-chart").getByTestId("chart-summary");
  await expect(summary).toContainText(/^World record (went from \d+:\d\d\.\d{3} to|\d+:\d\d\.\d{3} by)/);
  await expect(summary).toContainText(worldRecord);
  await expect(summary).toContainText(holder);
  await expect(page.getByTestId("top-times-chart").getByTestId("chart-summary")).toContainText(`${worldRecord} (#1 ${holder})`);
  // The data behind a chart is a table too.
  await page.getByTestId("world-record-chart").getByText("Show the data as a table").click();
  await expect(page.getByTestId("world-record-chart").getByRole("table")).toContainText(worldRecord);

  for (const width of [375, 1280]) {
    await page.setViewportSize({ width, height: width < 500 ? 812 : 900 });
    await page.reload();
    await expectDrawn(page, "world-record-chart");
    await expectDrawn(page, "top-times-chart");
    expect(await sidewaysOverflow(page), `the map page scrolls sideways at ${width} px`).toBeLessThanOrEqual(0);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `${shots}/map-page-${width}.png`, fullPage: true });
  }
  await page.goto(alertPath);
  await page.setViewportSize({ width: 375, height: 812 });
  await expectDrawn(page, "most-active-maps-chart");
  expect(await sidewaysOverflow(page), "the alert page with its activity charts scrolls sideways at 375 px").toBeLessThanOrEqual(0);
  await page.screenshot({ path: `${shots}/map-page-alert-activity-375.png`, fullPage: true });
});

test("an unknown map is the app's not-found page, and a malformed uid too", async ({ page }) => {
  await signUpOrSignIn(page, ADMIN);
  for (const uid of ["NoSuchMapUidInTrackwatch0001", "not%20a%20uid"]) {
    const response = await page.goto(`/maps/${uid}`);
    expect(response!.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  }
});
