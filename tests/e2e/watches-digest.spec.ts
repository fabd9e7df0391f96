import { expect, test, type Page } from "./fixtures";
import { ADMIN, confirmAdminEmail, signUpOrSignIn } from "./support/accounts";
import { startDailyCheckNow, waitForManualRunFinished } from "./support/daily-run";

/**
 * Driver watches reach the digest: the admin (who can move sandbox time and run the daily check) takes
 * MidPackMia's account, imports the current campaign, moves the world two days ahead, runs the daily
 * check, and reads "Your times" in the outbox email and in history; the watch list shows the new
 * positions. Screenshots go to tests/e2e/screenshots/watches-digest-*.png.
 */

const shots = "tests/e2e/screenshots";
const shot = (page: Page, name: string) => page.screenshot({ path: `${shots}/watches-digest-${name}.png`, fullPage: true });

test("a driver's campaign watches speak up in the daily digest, in the email and in history", async ({ page }) => {
  test.setTimeout(240_000);
  await signUpOrSignIn(page, ADMIN);
  await confirmAdminEmail(page);

  await page.goto("/settings");
  await expect(page.getByRole("heading", { level: 1, name: "Settings" })).toBeVisible();
  const linked = page.getByTestId("trackmania-account");
  if ((await linked.count()) === 0 || !((await linked.textContent()) ?? "").includes("MidPackMia")) {
    await page.getByLabel("Or type your Trackmania display name").fill("MidPackMia");
    await page.locator("#trackmania").getByRole("button", { name: "Save name" }).click();
    await expect(page.getByTestId("trackmania-account")).toContainText("MidPackMia");
  }

  // digest.spec unsubscribed this admin through the email's link: emails back on.
  if (!(await page.getByLabel("Email me a daily digest").isChecked())) {
    await page.getByLabel("Email me a daily digest").check();
    await page.getByRole("button", { name: "Save email settings" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Email settings saved." })).toBeVisible();
    await expect(page.getByLabel("Email me a daily digest")).toBeChecked();
  }

  await page.goto("/watches");
  await page.getByRole("button", { name: "Every map of the current campaign" }).click();
  await expect(page.getByTestId("import-outcome")).toContainText(/Added 25 watches|you already watch/);
  await expect(page.getByTestId("watch")).toHaveCount(25);

  // Two simulated days: drivers set records on the campaign's busy boards.
  await page.goto("/admin/sandbox");
  for (let day = 0; day < 2; day++) {
    await page.getByRole("button", { name: "Advance sandbox time by 1 day" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Sandbox time is now" })).toBeVisible();
  }
  await page.reload();
  const worldNow = new Date((await page.getByTestId("sandbox-now").textContent())!.trim());

  await startDailyCheckNow(page);
  // This run, not an earlier one: named after a sandbox instant no earlier than the world's clock now.
  await waitForManualRunFinished(page, { notBefore: worldNow });

  // The email: "Your times" first, each map with its headline, the drivers ahead and the links.
  await page.goto(`/admin/outbox?to=${encodeURIComponent(ADMIN.email)}`);
  const digestLink = page.getByRole("link", { name: /passed you|improved to|lost the WR/ }).first();
  await expect(digestLink).toBeVisible({ timeout: 30_000 });
  const subject = (await digestLink.textContent())!.trim();
  await digestLink.click();
  await expect(page.getByRole("heading", { level: 1, name: subject })).toBeVisible();
  const text = (await page.locator("pre").first().textContent())!;
  expect(text).toContain("== Your times ==");
  const change = /: now #([\d,]+) \(was #([\d,]+)\)|You improved to #([\d,]+)/.exec(text);
  expect(change, "a watched map's new position in the email").toBeTruthy();
  expect(text).toContain("Beyond the top 100, Trackmania's position service can lag: news can arrive a day late.");
  await shot(page, "01-outbox");

  // The same in history.
  await page.goto("/history");
  await page.getByRole("link", { name: new RegExp(subject.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")) }).first().click();
  const yourTimes = page.getByRole("list", { name: "Your times" });
  await expect(yourTimes).toBeVisible();
  await expect(yourTimes.getByTestId("digest-watch").first()).toContainText(/your time \d+:\d\d\.\d{3}/);
  await shot(page, "02-history");

  // The list shows where MidPackMia stands now.
  const now = change![1] ?? change![3]!;
  await page.goto("/watches");
  await expect(page.getByTestId("watch-position").filter({ hasText: `#${now}` }).first()).toBeVisible();
  await shot(page, "03-list-after");
});
