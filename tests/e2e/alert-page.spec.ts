import { randomBytes } from "node:crypto";
import { formatRaceTime } from "../../lib/format/race-time";
import { expect, test, type Page } from "./fixtures";
import { networkOf, signedInContext, type Account } from "./support/accounts";
import { worldRecordScore } from "./support/sandbox-world";

/**
 * The alert page, /alerts/<id>: a new alert shows every world record at once, also in a background
 * tab and without JavaScript (nothing on it waits for a streamed reveal); a 150-map alert can be
 * filtered, sorted and narrowed to maps with news through its address; a phone never scrolls
 * sideways. Screenshots at 375 and 1280 px go to test-results/alert-page/.
 */

const shots = "test-results/alert-page";
const account = (label: string): Account => ({
  email: `alert-page-${label}-${randomBytes(3).toString("hex")}@example.com`,
  password: "alert-page-password-1",
  name: "Page Tester",
});
// Sign-up limits count per network: this spec's visitors come from a range no other spec uses.
const network = () => networkOf("198.18.0");

/** Creates an alert for a mapper by name and lands on its page; returns the page's path. */
async function createAlert(page: Page, mapper: string): Promise<string> {
  await page.goto("/alerts");
  await page.getByLabel("Mapper's display name").fill(mapper);
  await page.getByRole("button", { name: "Create alert" }).click();
  await page.waitForURL(/\/alerts\/[^/?]+$/);
  await expect(page.getByRole("heading", { level: 1, name: mapper })).toBeVisible();
  return new URL(page.url()).pathname;
}

/** Each world-record cell shows what the sandbox world says: the leader's time, or "No records yet". */
async function expectWorldRecordsOfTheWorld(page: Page, count: number) {
  const rows = page.getByTestId("alert-map");
  await expect(rows).toHaveCount(count);
  for (const row of await rows.all()) {
    const cell = row.getByTestId("world-record");
    await expect(cell).not.toContainText("Loading");
    const score = await worldRecordScore(page.request, (await row.getAttribute("data-map-uid"))!);
    await expect(cell).toContainText(score === null ? "No records yet" : formatRaceTime(score));
  }
}

const byName = (a: string, b: string) => (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0);
const isSorted = (names: string[]) => names.every((name, i) => i === 0 || byName(names[i - 1]!, name) <= 0);

// First in this file: on the fresh e2e server no page has asked for SmallMapperSam's world records yet.
test("a new alert first opened in a background tab shows every world record, without a reload", async ({ browser }) => {
  const from = network();
  const signedIn = await signedInContext(browser, account("new"), from);
  const state = await signedIn.storageState();
  await signedIn.close();

  // Created without following the redirect (a plain form post), so the page view below is the first
  // render of this alert: the one that has to ask Trackmania for every world record.
  const creator = await browser.newContext({ javaScriptEnabled: false, storageState: state, extraHTTPHeaders: { "x-forwarded-for": from } });
  const form = await creator.newPage();
  await form.goto("/alerts");
  let path = "";
  await form.route(/\/alerts$/, async (route) => {
    if (route.request().method() !== "POST") return route.continue();
    const answer = await route.fetch({ maxRedirects: 0 });
    path = new URL(answer.headers()["location"] ?? "/", "http://app.invalid").pathname;
    return route.fulfill({ status: 200, contentType: "text/plain", body: "created" });
  });
  await form.getByLabel("Mapper's display name").fill("SmallMapperSam");
  await form.getByRole("button", { name: "Create alert" }).click();
  await expect(form.getByText("created")).toBeVisible();
  expect(path).toMatch(/^\/alerts\/[^/]+$/);
  await creator.close();

  // A tab opened in the background (or a hidden window) runs scripts but no animation frames until shown.
  const context = await browser.newContext({ storageState: state, extraHTTPHeaders: { "x-forwarded-for": from } });
  await context.addInitScript(() => {
    window.requestAnimationFrame = () => 0;
    Object.defineProperty(document, "visibilityState", { get: () => "hidden" });
  });
  const page = await context.newPage();
  const documentLoads: string[] = [];
  page.on("request", (request) => {
    if (request.isNavigationRequest() && request.frame() === page.mainFrame()) documentLoads.push(new URL(request.url()).pathname);
  });
  await page.goto(path);
  await expect(page.getByRole("heading", { level: 1, name: "SmallMapperSam" })).toBeVisible();
  await expectWorldRecordsOfTheWorld(page, 3);
  for (const cell of await page.getByTestId("world-record").all()) {
    // A time comes with its holder.
    if (/\d:\d\d\.\d{3}/.test((await cell.textContent())!)) await expect(cell.locator("span.block").first()).not.toBeEmpty();
  }
  expect(documentLoads).toEqual([path]);
  await context.close();
});

test("without JavaScript, a new alert's page carries every world record in its first HTML", async ({ browser }) => {
  const from = network();
  const signedIn = await signedInContext(browser, account("nojs"), from);
  const context = await browser.newContext({ javaScriptEnabled: false, storageState: await signedIn.storageState(), extraHTTPHeaders: { "x-forwarded-for": from } });
  await signedIn.close();
  const page = await context.newPage();

  await createAlert(page, "SmallMapperSam");
  // No script runs here: what the cells show is what the server sent, and nothing is left pending.
  await expectWorldRecordsOfTheWorld(page, 3);
  await expect(page.getByText("Loading…")).toHaveCount(0);
  await context.close();
});

test("a 150-map alert is found through its address: filter, news since the last digest, sort, pages", async ({ browser }) => {
  const from = network();
  const context = await signedInContext(browser, account("big"), from);
  const page = await context.newPage();
  const path = await createAlert(page, "BigMapperBea");
  const count = page.getByTestId("alert-maps-count");
  const rows = page.getByTestId("alert-map");
  const names = rows.locator("p.font-medium");
  const showMaps = page.getByRole("button", { name: "Show maps" });
  await expect(count).toHaveText("150 maps");
  await expect(rows).toHaveCount(50);
  await expect(page.getByRole("navigation", { name: "Map pages" })).toContainText("Page 1 of 3");

  // A word of a name on the page, typed in capitals: the filter ignores case.
  const word = (await names.first().textContent())!.split(" ")[0]!;
  await page.getByLabel("Filter by name").fill(word.toUpperCase());
  await showMaps.click();
  await page.waitForURL((url) => url.searchParams.get("q") === word.toUpperCase());
  await expect(count).toHaveText(/^\d+ of 150 maps$/);
  const matching = Number((await count.textContent())!.split(" ")[0]);
  expect(matching).toBeGreaterThan(0);
  await expect(names).toHaveCount(Math.min(matching, 50));
  for (const name of await names.allTextContents()) {
    expect(name.toLowerCase()).toContain(word.toLowerCase());
    expect(name).not.toContain("$");
  }

  // Maps with news since the last digest: none yet for an alert no digest has covered.
  await page.getByLabel("Only maps with news since my last digest").check();
  await showMaps.click();
  await page.waitForURL((url) => url.searchParams.get("news") === "1" && url.searchParams.get("q") === word.toUpperCase());
  await expect(count).toHaveText("0 of 150 maps");
  await expect(page.getByTestId("alert-maps-empty")).toContainText(`has “${word.toUpperCase()}” in its name`);
  await expect(rows).toHaveCount(0);
  await page.getByRole("link", { name: "Show all 150 maps" }).click();
  await page.waitForURL((url) => url.pathname === path && url.search === "");
  await expect(count).toHaveText("150 maps");
  await expect(page.getByLabel("Filter by name")).toHaveValue("");
  await expect(page.getByLabel("Only maps with news since my last digest")).not.toBeChecked();

  // By name, page after page.
  await page.getByLabel("Sort by").selectOption("name");
  await showMaps.click();
  await page.waitForURL((url) => url.searchParams.get("sort") === "name");
  await expect.poll(async () => isSorted(await names.allTextContents())).toBe(true);
  const firstPage = await names.allTextContents();
  await page.getByRole("link", { name: "Next →" }).click();
  await page.waitForURL((url) => url.searchParams.get("sort") === "name" && url.searchParams.get("page") === "2");
  await expect(page.getByRole("navigation", { name: "Map pages" })).toContainText("Page 2 of 3");
  await expect(names.first()).not.toHaveText(firstPage[0]!);
  const secondPage = await names.allTextContents();
  expect(secondPage).toHaveLength(50);
  expect(isSorted([...firstPage, ...secondPage])).toBe(true);
  await expect(page.getByLabel("Sort by")).toHaveValue("name");

  // A mangled link is shown with defaults and said so, never an error page.
  const mangled = await page.goto(`${path}?sort=fastest&news=maybe&page=abc&q=`);
  expect(mangled!.status()).toBe(200);
  await expect(page.getByRole("note").filter({ hasText: "could not be read" })).toContainText("the sort order, the news switch, the page number");
  await expect(rows).toHaveCount(50);

  // Without JavaScript the filter is a plain GET form.
  const noScript = await browser.newContext({ javaScriptEnabled: false, storageState: await context.storageState(), extraHTTPHeaders: { "x-forwarded-for": from } });
  const plain = await noScript.newPage();
  await plain.goto(path);
  await plain.getByLabel("Filter by name").fill(word.toLowerCase());
  await plain.getByRole("button", { name: "Show maps" }).click();
  await plain.waitForURL((url) => url.searchParams.get("q") === word.toLowerCase());
  await expect(plain.getByTestId("alert-maps-count")).toHaveText(`${matching} of 150 maps`);
  await noScript.close();
  await context.close();
});

test("on a 375 px phone neither alert page scrolls sideways; screenshots at 375 and 1280", async ({ browser }) => {
  const context = await signedInContext(browser, account("mobile"), network());
  const page = await context.newPage();
  const pages = [
    { label: "big", path: await createAlert(page, "BigMapperBea"), maps: 50 },
    { label: "new", path: await createAlert(page, "SmallMapperSam"), maps: 3 },
  ];

  for (const { label, path, maps } of pages) {
    await page.setViewportSize({ width: 375, height: 812 });
    await page.goto(path);
    await expect(page.getByTestId("alert-map")).toHaveCount(maps);
    await expect(page.getByTestId("alert-map").last().getByTestId("world-record")).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    // Every field of a map, and its mute switch, lies within the screen's width.
    const row = page.getByTestId("alert-map").first();
    for (const part of [row.getByRole("img"), row.getByText(/^Author/), row.getByTestId("world-record"), row.getByRole("button", { name: /^(Mute|Unmute) / })]) {
      await part.scrollIntoViewIfNeeded();
      const box = (await part.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(375);
    }
    await page.screenshot({ path: `${shots}/${label}-375.png`, fullPage: true });

    await page.setViewportSize({ width: 1280, height: 900 });
    await expect(page.getByRole("columnheader", { name: "World record" })).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
    await page.screenshot({ path: `${shots}/${label}-1280.png`, fullPage: true });
  }

  // The mute switch works from the phone.
  await page.setViewportSize({ width: 375, height: 812 });
  const first = page.getByTestId("alert-map").first();
  const mapName = (await first.locator("p.font-medium").textContent())!;
  await first.getByRole("button", { name: `Mute ${mapName}` }).click();
  await expect(first.getByRole("button", { name: `Unmute ${mapName}` })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  await context.close();
});
