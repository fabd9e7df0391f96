import { randomBytes } from "node:crypto";
import { expect, test, type Page } from "./fixtures";
import { ADMIN, networkOf, signUpOrSignIn, signedInContext } from "./support/accounts";

/**
 * Map search from a player's side: the admin moves the sandbox to a new day (so no leaderboard is read
 * yet), searches BigMapperBea's 150 maps over the last 7 days and watches the progress bar move to the
 * end; the results list the maps, one opens to its records and on to its chart page; another signed-in
 * player opens the same link; a phone never scrolls sideways. A name nobody carries ends in words.
 * Screenshots go to tests/e2e/screenshots/search-*.png.
 */

const shots = "tests/e2e/screenshots";
const shot = (page: Page, name: string) => page.screenshot({ path: `${shots}/search-${name}.png`, fullPage: true });
const sidewaysOverflow = (page: Page) =>
  page.evaluate(() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - document.documentElement.clientWidth);

test("a player searches a mapper, watches the progress to the end, opens a map's records and its charts", async ({ page, browser }) => {
  test.setTimeout(180_000);
  await signUpOrSignIn(page, ADMIN);

  // A new sandbox day: nothing read yet, so the search reads every map and its progress shows.
  await page.goto("/admin/sandbox");
  await page.getByRole("button", { name: "Advance sandbox time by 1 day" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Sandbox time is now" })).toBeVisible();

  await page.goto("/search");
  await expect(page.getByRole("heading", { level: 1, name: "Map search" })).toBeVisible();
  await page.getByLabel("Mapper's Trackmania name").fill("BigMapperBea");
  await page.getByText("Last 7 days", { exact: true }).click();
  await shot(page, "01-form");

  const percents: number[] = [];
  page.on("response", async (response) => {
    if (!/\/api\/search\/\w+$/.test(new URL(response.url()).pathname) || !response.ok()) return;
    const body = (await response.json().catch(() => null)) as { percent?: number } | null;
    if (typeof body?.percent === "number") percents.push(body.percent);
  });
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await page.waitForURL(/\/search\/\w+$/);
  const searchUrl = page.url();
  const bar = page.getByRole("progressbar", { name: "Search progress" });
  await expect(bar).toBeVisible();
  await expect(page.getByTestId("search-progress")).toContainText(/Reading leaderboards \d+\/150|Finding/);
  await shot(page, "02-progress");

  // The bar moves on its own to the end, and the results replace it.
  const summary = page.getByTestId("search-summary");
  await expect(summary).toContainText("of 150 maps", { timeout: 120_000 });
  expect(percents.length).toBeGreaterThan(0);
  expect(percents.at(-1)).toBe(100);
  for (let i = 1; i < percents.length; i++) expect(percents[i]!).toBeGreaterThanOrEqual(percents[i - 1]!);
  await expect(page.getByRole("heading", { level: 1, name: "Maps by BigMapperBea" })).toBeVisible();
  await shot(page, "03-results");

  // The most active map first; it opens to its records, times as the game shows them.
  const busiest = page.getByTestId("search-map").first();
  await busiest.locator("summary").click();
  const rows = busiest.getByRole("table").getByRole("row");
  await expect(rows.nth(1)).toBeVisible();
  await expect(rows.nth(1)).toContainText(/\d:\d{2}\.\d{3}/);
  await expect(busiest.getByRole("link", { name: "Trackmania Exchange" })).toHaveAttribute("href", /trackmania\.exchange\/mapshow\/\d+/);
  await shot(page, "04-map-open");

  // Sorting by name reorders the list.
  await page.getByRole("link", { name: "Name", exact: true }).click();
  await expect(page).toHaveURL(/sort=name/);
  const names = await page.getByTestId("search-map").locator("summary p.font-medium").allTextContents();
  expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, "en", { sensitivity: "base", numeric: true })));

  // At 375 px nothing scrolls sideways, with a map open.
  await page.setViewportSize({ width: 375, height: 800 });
  await page.goto(searchUrl);
  await page.getByTestId("search-map").first().locator("summary").click();
  expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
  await shot(page, "05-results-375");

  // The mapper's activity, drawn below the maps as it comes into view.
  const activity = page.getByRole("region", { name: "Activity on BigMapperBea's maps" });
  await activity.scrollIntoViewIfNeeded();
  await expect(page.getByTestId("records-per-day-chart").locator(".recharts-surface").first()).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId("records-per-day-chart").getByTestId("chart-summary")).toContainText(/new records? in the last 7 days/);
  expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
  await shot(page, "06-activity-375");

  // The chart page of that map.
  const mapName = (await page.getByTestId("search-map").first().locator("summary p.font-medium").textContent())!.trim();
  await page.getByTestId("search-map").first().getByRole("link", { name: "Charts and history" }).click();
  await page.waitForURL(/\/maps\/[\w-]+$/);
  await expect(page.getByRole("heading", { level: 1, name: mapName })).toBeVisible();
  const worldRecord = page.getByTestId("world-record-chart");
  await worldRecord.scrollIntoViewIfNeeded();
  await expect(worldRecord.locator(".recharts-surface").first()).toBeVisible({ timeout: 20_000 });
  await expect(worldRecord.getByTestId("chart-summary")).toContainText(/\d:\d{2}\.\d{3}/);
  expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
  await shot(page, "07-map-page-375");

  // Another player opens the shared link and sees the same results, answered at once.
  const other = await signedInContext(browser, { email: `search-${randomBytes(3).toString("hex")}@example.com`, password: "search-password-1", name: "Sharing Sue" }, networkOf("100.64.9"));
  const theirs = await other.newPage();
  await theirs.goto(searchUrl);
  await expect(theirs.getByTestId("search-summary")).toContainText("of 150 maps");
  await other.close();
});

test("a name nobody carries ends with a plain answer, and the searches list remembers it", async ({ browser }) => {
  const context = await signedInContext(browser, { email: `search-${randomBytes(3).toString("hex")}@example.com`, password: "search-password-1", name: "Curious Cas" }, networkOf("100.64.10"));
  const page = await context.newPage();
  await page.goto("/search");
  await page.getByLabel("Mapper's Trackmania name").fill("NobodyIsCalledThis");
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await page.waitForURL(/\/search\/\w+$/);
  await expect(page.getByRole("status").filter({ hasText: "No Trackmania player called “NobodyIsCalledThis”." })).toBeVisible({ timeout: 30_000 });
  await page.goto("/search");
  await expect(page.getByRole("list", { name: "Your searches" })).toContainText("No such player");
  await context.close();
});
