import { randomBytes } from "node:crypto";
import { expect, test, type Page } from "./fixtures";
import { ADMIN, confirmAdminEmail, signUpOrSignIn } from "./support/accounts";
import { startDailyCheckNow, waitForManualRunFinished } from "./support/daily-run";

/**
 * The daily digest from end to end, driven the way an operator demos it: the admin confirms their
 * email, watches SmallMapperSam, moves the sandbox clock a day (/admin/sandbox), runs the daily check
 * (/admin/daily-runs), reads the digest in the local outbox and in their history, and unsubscribes
 * through the email's link. Screenshots go to tests/e2e/screenshots/digest-*.png.
 */

const shots = "tests/e2e/screenshots";
const shot = (page: Page, name: string) => page.screenshot({ path: `${shots}/digest-${name}.png`, fullPage: true });

// Sign-up and sign-in limits count per network: this spec is its own network.
test.use({ extraHTTPHeaders: { "x-forwarded-for": `192.0.2.${1 + (randomBytes(1)[0]! % 250)}` } });

test("an admin watches SmallMapperSam, moves sandbox time a day, runs the daily check and reads the digest", async ({ page }) => {
  test.setTimeout(180_000);
  await signUpOrSignIn(page, ADMIN);
  await confirmAdminEmail(page);

  // Watch SmallMapperSam (unless an earlier run of this spec already does).
  await page.goto("/alerts");
  if ((await page.getByRole("list", { name: "Your mapper alerts" }).getByText("SmallMapperSam").count()) === 0) {
    await page.getByLabel("Mapper's display name").fill("SmallMapperSam");
    await page.getByRole("button", { name: "Create alert" }).click();
    await page.waitForURL(/\/alerts\/[^/]+$/);
  }

  // Move the simulated world a day ahead: new records appear on Sam's maps.
  await page.goto("/admin/sandbox");
  await expect(page.getByRole("heading", { level: 1, name: "Sandbox" })).toBeVisible();
  const before = new Date((await page.getByTestId("sandbox-now").textContent())!.trim());
  await page.getByRole("button", { name: "Advance sandbox time by 1 day" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Sandbox time is now" })).toBeVisible();
  await page.reload();
  const after = new Date((await page.getByTestId("sandbox-now").textContent())!.trim());
  expect(after.getTime() - before.getTime()).toBeGreaterThanOrEqual(86_400_000);
  // Other specs may have moved the world too: at least this day is ahead.
  await expect(page.getByText(/\d+ days?( \d+ h)? ahead of real time/)).toBeVisible();
  await shot(page, "01-sandbox-clock");

  // Run the daily check now, and wait until its email has gone out.
  await startDailyCheckNow(page);
  await waitForManualRunFinished(page, { timeout: 90_000 });
  await expect(page.getByTestId("trigger-heartbeat")).toContainText("Last trigger at");
  const latest = page.getByRole("region", { name: /^Daily run manual-/ }).first();
  await expect(latest).toContainText("Emails sent");
  await expect(latest).toContainText(/live\.top: \d+/);
  // One clock: the run is named after sandbox time, and its start is shown on that clock, saying so.
  const slot = (await latest.getByRole("heading", { level: 2 }).textContent())!.trim();
  const runAt = new Date(slot.slice("manual-".length));
  expect(runAt.getTime()).toBeGreaterThanOrEqual(after.getTime());
  await expect(latest).toContainText(`Started (UTC, sandbox time)${runAt.toISOString().replace("T", " ").slice(0, 19)}`);
  await shot(page, "02-daily-runs");

  // The digest in the outbox, as the recipient would see it.
  await page.goto(`/admin/outbox?to=${encodeURIComponent(ADMIN.email)}`);
  const digestLink = page.getByRole("link", { name: /new records? on \d+ maps? by SmallMapperSam/ }).first();
  await expect(digestLink).toBeVisible({ timeout: 30_000 });
  const subject = (await digestLink.textContent())!.trim();
  await digestLink.click();
  await expect(page.getByRole("heading", { level: 1, name: subject })).toBeVisible();
  await expect(page.getByText("List-Unsubscribe-Post")).toBeVisible();
  const text = (await page.locator("pre").first().textContent())!;
  expect(text).toContain("SmallMapperSam's maps");
  expect(text).toMatch(/#\d+ \S.* \d+:\d\d\.\d{3} - (world record|\+\d+\.\d{3}) · /);
  expect(text).toContain("https://trackmania.io/#/leaderboard/");
  // The first check of Sam's maps cannot know who drove them before: it claims nobody is new.
  expect(text).not.toContain("new driver");
  await shot(page, "03-outbox-digest");

  // The email itself fits a phone: no sideways scrolling at 375 px, and each driver links to their page.
  const html = (await page.locator("iframe").first().getAttribute("srcdoc"))!;
  expect(html).toContain("https://trackmania.io/#/player/");
  const phone = await page.context().newPage();
  await phone.setViewportSize({ width: 375, height: 812 });
  await phone.setContent(html);
  expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  await phone.screenshot({ path: `${shots}/digest-03b-email-375.png`, fullPage: true });
  await phone.close();
  const unsubscribeLink = /Unsubscribe: (\S+)/.exec(text)?.[1];
  expect(unsubscribeLink).toBeTruthy();

  // The same digest in the admin's own history, with every record.
  await page.goto("/history");
  await expect(page.getByRole("heading", { level: 1, name: "History" })).toBeVisible();
  const entry = page.getByRole("link", { name: new RegExp(subject.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")) }).first();
  await expect(entry).toContainText("sent");
  await shot(page, "04-history");
  await entry.click();
  await expect(page.getByText(subject).first()).toBeVisible();
  // Emailed on the run's clock too: minutes after the run started, not a day before it.
  const emailed = (await page.getByText(/^Emailed /).textContent())!;
  expect(emailed).toContain("(UTC, sandbox time)");
  const emailedAt = new Date(`${/^Emailed (.+) \(UTC/.exec(emailed)![1]!.replace(",", "")} UTC`);
  // Shown to the minute: the run's own minute at the earliest.
  expect(emailedAt.getTime() - runAt.getTime()).toBeGreaterThanOrEqual(-60_000);
  expect(emailedAt.getTime() - runAt.getTime()).toBeLessThan(3_600_000);
  await expect(page.getByRole("heading", { name: "SmallMapperSam's maps" })).toBeVisible();
  await expect(page.getByRole("list", { name: /^New records on / }).first()).toContainText(/\d+:\d\d\.\d{3}/);
  await expect(page.frameLocator("iframe").getByRole("heading", { name: subject })).toBeVisible();
  // Chromium paints an iframe below the fold only once it has been on screen.
  await page.locator("iframe").scrollIntoViewIfNeeded();
  await shot(page, "05-history-digest");

  // The email's unsubscribe link: opening it changes nothing until the button is pressed.
  const token = new URL(unsubscribeLink!).searchParams.get("token")!;
  await page.goto(`/unsubscribe?token=${encodeURIComponent(token)}`);
  await expect(page.getByRole("button", { name: "Unsubscribe from digest emails" })).toBeVisible();
  await shot(page, "06-unsubscribe-confirm");
  await page.getByRole("button", { name: "Unsubscribe from digest emails" }).click();
  await expect(page.getByRole("status").filter({ hasText: "gets no more digest emails" })).toBeVisible();
  await shot(page, "07-unsubscribed");

  await page.goto(`/unsubscribe?token=${encodeURIComponent(`${token.slice(0, -2)}xx`)}`);
  await expect(page.getByRole("alert").filter({ hasText: "This unsubscribe link is not valid." })).toBeVisible();
});
