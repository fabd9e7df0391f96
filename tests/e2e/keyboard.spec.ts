import { randomBytes } from "node:crypto";
import type { Locator } from "@playwright/test";
import { expect, test, type Page } from "./fixtures";
import { networkOf } from "./support/accounts";

/**
 * One whole flow from the keyboard alone, on a phone: sign up, open the menu, create a mapper alert,
 * change what it reports and save. Every stop Tab lands on shows a visible focus (an outline or a
 * ring), so a keyboard user always sees where they are.
 */

test.use({ viewport: { width: 375, height: 812 }, extraHTTPHeaders: { "x-forwarded-for": networkOf("198.18.3") } });

/** Whether the focused element draws a focus indicator: an outline, or a ring (a box shadow). */
async function focusIndicator(page: Page): Promise<{ visible: boolean; element: string }> {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    if (!element || element === document.body) return { visible: false, element: "body" };
    const style = getComputedStyle(element);
    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
    const ring = style.boxShadow !== "none" && style.boxShadow !== "";
    const name = `${element.tagName.toLowerCase()} ${element.getAttribute("name") ?? element.textContent?.trim().slice(0, 40) ?? ""}`;
    return { visible: outline || ring, element: name };
  });
}

/** Presses Tab until `target` has the focus, checking that every stop on the way shows where it is. */
async function tabTo(page: Page, target: Locator, max = 40): Promise<void> {
  for (let stop = 0; stop < max; stop++) {
    await page.keyboard.press("Tab");
    const focus = await focusIndicator(page);
    expect.soft(focus.visible, `a visible focus on ${focus.element}`).toBe(true);
    if (await target.evaluate((element) => element === document.activeElement)) return;
  }
  throw new Error(`Tab never reached ${target}`);
}

test("a phone user signs up, finds the alerts through the menu, creates an alert and tunes it, by keyboard alone", { tag: "@once" }, async ({ page }) => {
  const email = `keyboard-${randomBytes(3).toString("hex")}@example.com`;
  await page.goto("/sign-up");
  await tabTo(page, page.getByLabel("Name"));
  await page.keyboard.type("Keys Only");
  await tabTo(page, page.getByLabel("Email"));
  await page.keyboard.type(email);
  await tabTo(page, page.getByLabel("Password"));
  await page.keyboard.type("typed-not-clicked-1");
  await page.keyboard.press("Enter");
  await page.waitForURL(/\/dashboard$/);

  // The phone menu: a disclosure opened with Enter, its links reached with Tab.
  const menu = page.locator("summary", { hasText: "Menu" });
  await tabTo(page, menu);
  await page.keyboard.press("Enter");
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav).toBeVisible();
  await tabTo(page, nav.getByRole("link", { name: "Mapper alerts" }));
  await page.keyboard.press("Enter");
  await page.waitForURL(/\/alerts$/);

  // A new alert for another mapper, the form submitted with Enter.
  const newAlert = page.getByRole("form", { name: "New mapper alert" });
  await tabTo(page, newAlert.getByLabel("Mapper's display name"));
  await page.keyboard.type("SmallMapperSam");
  await page.keyboard.press("Enter");
  await page.waitForURL(/\/alerts\/[^/]+$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("SmallMapperSam");

  // What it reports: the select changed with the arrow keys, saved with the button's Enter.
  const filter = page.getByRole("form", { name: "Which records" });
  const select = filter.getByLabel("Tell me about");
  await tabTo(page, select);
  const before = await select.inputValue();
  await page.keyboard.press("ArrowDown");
  await expect(select).not.toHaveValue(before);
  await tabTo(page, filter.getByRole("button", { name: "Save filter" }));
  await page.keyboard.press("Enter");
  await expect(filter.getByText("Saved: the next digest uses this choice.")).toBeVisible();
  await page.screenshot({ path: "tests/e2e/screenshots/keyboard-375-alert-saved.png", fullPage: true });
});
