import { randomBytes } from "node:crypto";
import { expect, test, type Page } from "./fixtures";
import { ADMIN, networkOf, signUpOrSignIn, signedInContext, type Account } from "./support/accounts";

/**
 * The admin's Jobs page with a job that fails for real: a player starts a map search and deletes
 * their account while it runs, so the search's job finds its search gone and fails for good. The
 * admin finds it under Failed with its error, retries it (it runs again and fails again: the search
 * is still gone), then discards it, and it moves to Discarded. Screenshots at 375 and 1280 px go to
 * tests/e2e/screenshots/admin-jobs-*.png.
 */

const shots = "tests/e2e/screenshots";
const sidewaysOverflow = (page: Page) =>
  page.evaluate(() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - document.documentElement.clientWidth);

async function shotAtBothWidths(page: Page, name: string) {
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: 900 });
    expect(await sidewaysOverflow(page), `the Jobs page scrolls sideways at ${width} px`).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${shots}/admin-jobs-${width}-${name}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

test("an admin finds a failed job with its error, retries it, then discards it", async ({ page, browser }) => {
  test.setTimeout(240_000);
  const player: Account = { email: `jobs-${randomBytes(4).toString("hex")}@example.com`, password: "jobs-password-e2e-1", name: "Jobs Player" };

  // The player's search reads a big catalogue over all time (a search no other spec has cached), and
  // the account is gone before it can finish.
  const playerContext = await signedInContext(browser, player, networkOf("198.18.7"));
  const playerPage = await playerContext.newPage();
  await playerPage.goto("/search");
  await playerPage.getByLabel("Mapper's Trackmania name").fill("BigMapperBea");
  await playerPage.getByText("All time", { exact: true }).click();
  await playerPage.getByRole("button", { name: "Search", exact: true }).click();
  await playerPage.waitForURL(/\/search\/\w+$/);
  const searchId = new URL(playerPage.url()).pathname.split("/").at(-1)!;

  await playerPage.goto("/settings");
  await playerPage.getByLabel("Type your email address or your password to confirm").fill(player.password);
  await playerPage.getByRole("button", { name: "Delete my account" }).click();
  await playerPage.waitForURL((url) => !url.pathname.startsWith("/settings"));
  await playerContext.close();

  await signUpOrSignIn(page, ADMIN);
  await page.goto("/admin/jobs");
  await expect(page.getByRole("heading", { level: 1, name: "Jobs" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Job status" }).getByRole("link", { name: /^Failed \d+$/ })).toHaveAttribute("aria-current", "page");

  // The search's job fails once its slice notices (at once, or at the end of its time budget).
  const failedCard = page.getByRole("region", { name: /^map-search / }).filter({ hasText: "no longer exists" }).filter({ hasText: searchId.slice(0, 8) });
  await expect
    .poll(
      async () => {
        await page.reload();
        return failedCard.count();
      },
      { timeout: 150_000, intervals: [2_000, 3_000] },
    )
    .toBe(1);
  await expect(failedCard.getByText("failed", { exact: true })).toBeVisible();
  await expect(failedCard).toContainText("map-search · search ");
  await expect(failedCard).toContainText(`map search ${searchId} no longer exists`);
  const jobId = (await failedCard.getAttribute("data-job-id"))!;
  await expect(page.getByRole("button", { name: "Retry all failed" })).toBeVisible();
  await shotAtBothWidths(page, "failed");

  // Retry: it runs again at once, and fails again, since the search is still gone.
  await failedCard.getByRole("button", { name: `Retry map-search ${jobId}` }).click();
  await expect(page.getByRole("status").filter({ hasText: "Queued again; it runs now." })).toBeVisible();
  const card = page.locator(`[data-job-id="${jobId}"]`);
  await expect
    .poll(
      async () => {
        await page.reload();
        return (await card.count()) === 1 ? ((await card.textContent()) ?? "") : "";
      },
      { timeout: 30_000, intervals: [1_000] },
    )
    .toMatch(/failed.*Attempts1/s);

  // Discard: it leaves Failed for Discarded, and no longer offers Retry.
  await card.getByRole("button", { name: `Discard map-search ${jobId}` }).click();
  await expect(page.getByRole("status").filter({ hasText: "Discarded: it will not run." })).toBeVisible();
  await expect(card).toHaveCount(0);
  await page.getByRole("navigation", { name: "Job status" }).getByRole("link", { name: /^Discarded \d+$/ }).click();
  await page.waitForURL(/tab=discarded/);
  await expect(card.getByText("discarded", { exact: true })).toBeVisible();
  await expect(card.getByRole("button")).toHaveCount(0);
  await shotAtBothWidths(page, "discarded");
});

test("a player cannot open the Jobs page", async ({ browser }) => {
  const player: Account = { email: `jobs-${randomBytes(4).toString("hex")}@example.com`, password: "jobs-password-e2e-1", name: "Curious Player" };
  const context = await signedInContext(browser, player, networkOf("198.18.8"));
  const page = await context.newPage();
  const response = await page.goto("/admin/jobs");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "Jobs" })).toHaveCount(0);
  await context.close();
});
