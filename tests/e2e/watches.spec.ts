import { randomBytes } from "node:crypto";
import { formatGap, formatRaceTime } from "../../lib/format/race-time";
import { stripFormatting } from "../../lib/trackmania/schemas";
import { expect, test, type Page } from "./fixtures";
import { networkOf, signedInContext, type Account } from "./support/accounts";
import { boardEntry, currentCampaignMaps, worldRecordScore } from "./support/sandbox-world";

/**
 * Driver watches from a new user's side: without a Trackmania account the page says how to add one;
 * with MidPackMia's (the sandbox's mid-pack driver, ranked about 1,200–2,100 on every campaign map)
 * they find a campaign map by name, see their time, position, medal and gap to the world record as the
 * sandbox's leaderboard has them, watch it, change when to be told, pause and remove it; a map where
 * they have no time is refused with the reason; the whole campaign imports with progress to the end;
 * a phone never scrolls sideways. Every look-up is a posted form (with or without JavaScript): an
 * address such as /watches?q=… only fills the form in. Screenshots go to tests/e2e/screenshots/watches-*.png.
 */

const shots = "tests/e2e/screenshots";
const shot = (page: Page, name: string) => page.screenshot({ path: `${shots}/watches-${name}.png`, fullPage: true });
const MIA = { accountId: "e71a81f3-1263-4fae-94e5-5d4c4e4ee00e", displayName: "MidPackMia" };
const SMALL_MAPPER_MAP = "1e4oTVFZAuqpKh5Z1FbfFZcFQeI";
const account = (): Account => ({ email: `watches-${randomBytes(3).toString("hex")}@example.com`, password: "watches-password-1", name: "Watching Wes" });

/** The page's width beyond the viewport (0 when nothing scrolls sideways). */
const sidewaysOverflow = (page: Page) =>
  page.evaluate(() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - document.documentElement.clientWidth);

test("a driver finds a map by name, previews their time, watches it, tunes, pauses and removes it, then imports the campaign", async ({ browser }) => {
  const network = networkOf("100.64.7");
  const context = await signedInContext(browser, account(), network);
  const page = await context.newPage();

  // No Trackmania account yet: the page says where to add it.
  await page.goto("/watches");
  await expect(page.getByRole("heading", { level: 1, name: "Driver watches" })).toBeVisible();
  await expect(page.getByTestId("watches-no-account")).toContainText("Trackmania account");
  await shot(page, "01-no-account");
  await page.getByRole("link", { name: /Add your Trackmania account in Settings/ }).click();
  await page.waitForURL(/\/settings/);
  await page.getByLabel("Or type your Trackmania display name").fill(MIA.displayName);
  await page.locator("#trackmania").getByRole("button", { name: "Save name" }).click();
  await expect(page.getByTestId("trackmania-account")).toContainText(MIA.displayName);

  await page.goto("/watches");
  await expect(page.getByTestId("watch-account")).toContainText(`Watching the times of ${MIA.displayName}`);
  await expect(page.getByTestId("watch-account")).toContainText("Unverified");
  await expect(page.getByTestId("watch-usage")).toHaveText("0 of 50 watches");

  // An address only fills the look-up in: nothing is looked up until the form is posted.
  const { campaign, maps } = await currentCampaignMaps(page.request);
  const target = maps[3]!;
  const targetName = stripFormatting(target.name);
  // (A mapper nobody has looked up: a listing someone posted in the last hour would show, from the shared cache.)
  const unlisted = `Unlisted${randomBytes(3).toString("hex")}`;
  await page.goto(`/watches?q=${encodeURIComponent(targetName)}&mapper=${unlisted}`);
  await expect(page.getByLabel("Map name, link, uid or TMX id")).toHaveValue(targetName);
  await expect(page.getByLabel("Mapper's Trackmania name")).toHaveValue(unlisted);
  await expect(page.getByTestId("map-candidate")).toHaveCount(0);
  await expect(page.getByTestId("watch-preview")).toHaveCount(0);

  // Any mapper's maps can be picked from.
  await page.goto("/watches");
  await page.getByText("Or pick from a mapper's maps").click();
  await page.getByLabel("Mapper's Trackmania name").fill("SmallMapperSam");
  await page.getByRole("button", { name: "Show their maps" }).click();
  await expect(page.getByRole("list", { name: "Maps by SmallMapperSam" }).getByTestId("map-candidate")).toHaveCount(3);
  await expect(page.getByRole("status").filter({ hasText: "3 maps by SmallMapperSam." })).toBeVisible();
  expect(new URL(page.url()).search, "a look-up is posted, never put in the address").toBe("");

  // Find a campaign map by (part of) its name: its maps replace the mapper's.
  await page.getByLabel("Map name, link, uid or TMX id").fill(targetName.toLowerCase());
  await page.getByRole("button", { name: "Find map" }).click();
  const found = page.getByRole("list", { name: "Maps found" });
  await expect(found).toBeVisible();
  await expect(found.getByTestId("map-candidate").filter({ hasText: targetName })).toHaveCount(1);
  await expect(page.getByRole("list", { name: "Maps by SmallMapperSam" })).toHaveCount(0);
  await shot(page, "02-search-results");

  // The preview agrees with the sandbox's leaderboard; the maps found stay below it.
  await found.getByRole("button", { name: `Preview ${targetName}` }).click();
  const preview = page.getByTestId("watch-preview");
  await expect(preview).toBeVisible();
  await expect(found).toBeVisible();
  const truth = (await boardEntry(page.request, target.uid, MIA.accountId))!;
  const wr = (await worldRecordScore(page.request, target.uid))!;
  expect(truth.position).toBeGreaterThanOrEqual(1_200);
  await expect(preview.getByRole("heading", { name: targetName })).toBeVisible();
  await expect(preview.getByTestId("preview-time")).toContainText(formatRaceTime(truth.score));
  await expect(preview.getByTestId("preview-position")).toHaveText(`#${truth.position.toLocaleString("en-US")}`);
  await expect(preview.getByTestId("preview-medal")).toContainText(/Author medal|Gold medal|Silver medal|Bronze medal|No medal/);
  await expect(preview.getByTestId("preview-gap")).toContainText(formatGap(truth.score - wr));
  await expect(preview).toContainText("news can arrive a day late");
  await shot(page, "03-preview");

  // Confirm: the watch is in the list with the same standing.
  await preview.getByLabel("When to tell me").selectOption("PASSED");
  await preview.getByRole("button", { name: "Watch this map" }).click();
  await page.waitForURL(/\/watches\?added=/);
  await expect(page.getByRole("status").filter({ hasText: `Now watching ${targetName}.` })).toBeVisible();
  await expect(page.getByTestId("watch-usage")).toHaveText("1 of 50 watches");
  const row = page.getByTestId("watch").filter({ hasText: targetName });
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId("watch-time")).toContainText(formatRaceTime(truth.score));
  await expect(row.getByTestId("watch-position")).toHaveText(new RegExp(`#${truth.position.toLocaleString("en-US")}$`));
  await expect(row.getByTestId("watch-gap")).toContainText(formatGap(truth.score - wr));
  await expect(row.getByTestId("watch-late-note")).toBeVisible();
  await expect(row.getByRole("img", { name: `Thumbnail of ${targetName}` })).toBeVisible();

  // The same map again, from an address that fills its uid in: the preview says it is watched already.
  await page.goto(`/watches?map=${target.uid}`);
  await expect(page.getByLabel("Map name, link, uid or TMX id")).toHaveValue(target.uid);
  await expect(page.getByTestId("watch-preview")).toHaveCount(0);
  await page.getByRole("button", { name: "Find map" }).click();
  await expect(page.getByTestId("watch-preview")).toContainText("You already watch this map.");

  // A map where MidPackMia has no time is refused, with the reason.
  await page.getByLabel("Map name, link, uid or TMX id").fill(`https://trackmania.io/#/leaderboard/${SMALL_MAPPER_MAP}`);
  await page.getByRole("button", { name: "Find map" }).click();
  await expect(page.getByTestId("watch-refused")).toContainText(/^You have no time on .+ yet — drive it first\.$/);
  await shot(page, "04-no-time-refused");

  // When to tell me, then pause, then remove.
  await page.goto("/watches");
  await row.getByRole("combobox", { name: `When to tell me about ${targetName}` }).selectOption("LEFT_TOP_N:10000");
  await row.getByRole("button", { name: `Save when to tell me about ${targetName}` }).click();
  await expect(row.getByText("Saved.")).toBeVisible();
  await page.reload();
  await expect(row.getByRole("combobox", { name: `When to tell me about ${targetName}` })).toHaveValue("LEFT_TOP_N:10000");

  await row.getByRole("button", { name: `Pause ${targetName}` }).click();
  await expect(row.getByRole("button", { name: `Resume ${targetName}` })).toBeVisible();
  await expect(row.getByText("paused", { exact: true })).toBeVisible();
  await shot(page, "05-paused");

  await row.getByText("Remove…").click();
  await row.getByRole("button", { name: `Remove the watch on ${targetName}` }).click();
  await expect(row).toHaveCount(0);
  await expect(page.getByTestId("watch-usage")).toHaveText("0 of 50 watches");

  // The whole campaign at once, streamed map by map (and not posted a second time as the form's action).
  const actionPosts: string[] = [];
  page.on("request", (request) => {
    if (request.method() === "POST" && request.headers()["next-action"]) actionPosts.push(request.url());
  });
  const streamed = page.waitForResponse((response) => response.url().endsWith("/api/watches/import") && response.request().method() === "POST");
  await page.getByRole("button", { name: "Every map of the current campaign" }).click();
  const answer = await streamed;
  expect(answer.status()).toBe(200);
  expect(answer.headers()["content-type"]).toContain("application/x-ndjson");
  await expect(page.getByTestId("import-outcome")).toHaveText("Added 25 watches.");
  const log = page.getByRole("list", { name: "Import log" });
  await expect(log).toContainText(`${campaign}: 25 maps`);
  for (const map of maps.slice(0, 3)) await expect(log).toContainText(stripFormatting(map.name));
  await expect(page.getByTestId("watch-usage")).toHaveText("25 of 50 watches");
  await expect(page.getByTestId("watch")).toHaveCount(25);
  await shot(page, "06-campaign-imported");
  expect(actionPosts).toEqual([]);

  // Without JavaScript the same form is one plain post: this month's Tracks of the Day, where MidPackMia has no time.
  const noScript = await browser.newContext({ javaScriptEnabled: false, storageState: await context.storageState(), extraHTTPHeaders: { "x-forwarded-for": network } });
  const plain = await noScript.newPage();
  await plain.goto("/watches");
  await plain.getByRole("button", { name: "Every Track of the Day of this month" }).click();
  const importForm = plain.getByRole("form", { name: "Add many at once" });
  // A success (maps skipped) or a refusal (none released yet, on the month's first day).
  await expect(importForm.getByRole("status").or(importForm.getByRole("alert"))).toHaveText(
    /^No watch added; \d+ maps? where you have no time (was|were) skipped\.$|^No Track of the Day has been released in .+ yet\.$/,
  );
  await expect(plain.getByTestId("watch-usage")).toHaveText("25 of 50 watches");
  await plain.screenshot({ path: `${shots}/watches-06b-no-javascript-import.png`, fullPage: true });

  // Without JavaScript the look-ups are plain posts too: find by name, then preview (a map watched by now).
  const other = stripFormatting(maps[7]!.name);
  await plain.getByLabel("Map name, link, uid or TMX id").fill(other);
  await plain.getByRole("button", { name: "Find map" }).click();
  const plainFound = plain.getByRole("list", { name: "Maps found" });
  await expect(plainFound.getByTestId("map-candidate").filter({ hasText: other })).toHaveCount(1);
  await expect(plain.getByLabel("Map name, link, uid or TMX id")).toHaveValue(other);
  await plainFound.getByRole("button", { name: `Preview ${other}` }).click();
  await expect(plain.getByTestId("watch-preview").getByRole("heading", { name: other })).toBeVisible();
  await expect(plain.getByTestId("watch-preview")).toContainText("You already watch this map.");
  await plain.screenshot({ path: `${shots}/watches-06c-no-javascript-preview.png`, fullPage: true });
  await noScript.close();

  // A phone: cards, nothing scrolls sideways.
  await page.setViewportSize({ width: 375, height: 812 });
  await page.goto("/watches");
  await expect(page.getByTestId("watch")).toHaveCount(25);
  expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
  await shot(page, "07-phone");
  await page.getByLabel("Map name, link, uid or TMX id").fill(maps[5]!.uid);
  await page.getByRole("button", { name: "Find map" }).click();
  await expect(page.getByTestId("watch-preview")).toBeVisible();
  expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
  await shot(page, "08-phone-preview");
  await page.getByText("Or pick from a mapper's maps").click();
  await page.getByLabel("Mapper's Trackmania name").fill("SmallMapperSam");
  await page.getByRole("button", { name: "Show their maps" }).click();
  await expect(page.getByRole("list", { name: "Maps by SmallMapperSam" }).getByTestId("map-candidate")).toHaveCount(3);
  expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
  await shot(page, "09-phone-mapper-maps");

  await context.close();
});
