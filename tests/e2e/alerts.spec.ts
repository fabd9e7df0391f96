import { randomBytes } from "node:crypto";
import { expect, test } from "./fixtures";

/**
 * A mapper alert from a new user's side: create one for the sandbox's well-known SmallMapperSam (after a
 * misspelt name is refused beside the field), see the three maps with thumbnails, medal times and world
 * records, mute one, narrow the filter. Screenshots go to tests/e2e/screenshots/alerts-*.png.
 */

const shots = "tests/e2e/screenshots";
const USER = { email: `alerts-${randomBytes(3).toString("hex")}@example.com`, password: "alerts-password-1", name: "Alert Al" };

// Sign-up limits count per network: this spec is its own network.
test.use({ extraHTTPHeaders: { "x-forwarded-for": `203.0.113.${1 + (randomBytes(1)[0]! % 250)}` } });

test("a user creates an alert for SmallMapperSam, mutes a map and narrows the filter", async ({ page }) => {
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill(USER.name);
  await page.getByLabel("Email").fill(USER.email);
  await page.getByLabel("Password").fill(USER.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL(/\/dashboard/);

  await page.goto("/alerts");
  await expect(page.getByRole("heading", { level: 1, name: "Mapper alerts" })).toBeVisible();
  await expect(page.getByTestId("alert-usage")).toHaveText("0 of 3 alerts used");
  // Without a linked Trackmania account, "My maps" is not offered; a name is.
  await expect(page.getByRole("radio", { name: /My maps/ })).toBeDisabled();
  await expect(page.getByRole("radio", { name: /Another mapper/ })).toBeChecked();

  await page.getByLabel("Mapper's display name").fill("SmallMapperSamm");
  await page.getByRole("button", { name: "Create alert" }).click();
  await expect(page.locator("#displayName-errors")).toContainText('No Trackmania player is called "SmallMapperSamm"');
  await expect(page.getByLabel("Mapper's display name")).toHaveValue("SmallMapperSamm");
  await page.screenshot({ path: `${shots}/alerts-unknown-name.png`, fullPage: true });

  await page.getByLabel("Mapper's display name").fill("SmallMapperSam");
  await page.getByRole("button", { name: "Create alert" }).click();
  await page.waitForURL(/\/alerts\/[^/]+$/);
  await expect(page.getByRole("heading", { level: 1, name: "SmallMapperSam" })).toBeVisible();
  await expect(page.getByTestId("alert-mode")).toHaveText("Accurate mode (auto)");

  const rows = page.getByTestId("alert-map");
  await expect(rows).toHaveCount(3);
  for (const row of await rows.all()) {
    const thumbnail = row.getByRole("img", { name: /^Thumbnail of / });
    await expect(thumbnail).toBeVisible();
    // Visible is not loaded: the image may still be on its way. It must arrive and decode, not break.
    await expect.poll(() => thumbnail.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    await expect(row.getByText(/^Author/)).toBeVisible();
    await expect(row.getByTestId("world-record")).not.toContainText("Loading");
    await expect(row.getByTestId("world-record")).toHaveText(/\d:\d\d\.\d{3}|No records yet/);
    expect(await row.locator("p.font-medium").first().textContent()).not.toContain("$");
  }
  await page.screenshot({ path: `${shots}/alerts-maps.png`, fullPage: true });

  const first = rows.first();
  const mapName = (await first.locator("p.font-medium").first().textContent())!;
  await first.getByRole("button", { name: `Mute ${mapName}` }).click();
  await expect(first.getByRole("button", { name: `Unmute ${mapName}` })).toBeVisible();
  await expect(first.getByText("muted", { exact: true })).toBeVisible();

  await page.getByLabel("Tell me about").selectOption("TOP_N");
  await page.getByLabel("N (top positions)").fill("0");
  await page.getByRole("button", { name: "Save filter" }).click();
  await expect(page.locator("#topN-errors")).toContainText("Top 1 or more.");
  await page.getByLabel("N (top positions)").fill("3");
  await page.getByRole("button", { name: "Save filter" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved" })).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Tell me about")).toHaveValue("TOP_N");
  await expect(page.getByText("Records entering the top 3").first()).toBeVisible();
  await expect(page.getByText("Position (may be up to a day late)")).toBeVisible();
  await page.screenshot({ path: `${shots}/alerts-muted-and-filtered.png`, fullPage: true });

  await page.getByRole("link", { name: "← All mapper alerts" }).click();
  await expect(page.getByTestId("alert-usage")).toHaveText("1 of 3 alerts used");
  const listed = page.getByRole("list", { name: "Your mapper alerts" });
  await expect(listed).toContainText("SmallMapperSam");
  await expect(listed).toContainText("3 maps (1 muted)");
  await expect(listed).toContainText("Records entering the top 3");
  await page.screenshot({ path: `${shots}/alerts-list.png`, fullPage: true });
});
