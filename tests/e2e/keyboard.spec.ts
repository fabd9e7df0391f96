import { randomBytes } from "node:crypto";
import type { Locator } from "@playwright/test";
import { expect, test, type Page } from "./fixtures";
import { ADMIN, confirmAdminEmail, networkOf, signUpOrSignIn } from "./support/accounts";

/**
 * One whole flow from the keyboard alone, on a phone: sign up, open the menu, create a mapper alert,
 * change what it reports and save; and an admin's round on a desktop: send a message from the
 * feedback page, find it through the admin pages' navigation, mark it read and delete it through its
 * confirm disclosure. Every stop Tab lands on shows a visible focus (an outline or a ring), so a
 * keyboard user always sees where they are.
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

/**
 * Presses Tab until `target` has the focus, checking that every stop on the way shows where it is.
 * Past the page's last stop the focus leaves the page (the browser's own controls) and comes back at
 * the top: that one step lands on no element, and may happen once.
 */
async function tabTo(page: Page, target: Locator, max = 40): Promise<void> {
  let wrapped = false;
  for (let stop = 0; stop < max; stop++) {
    await page.keyboard.press("Tab");
    const focus = await focusIndicator(page);
    if (focus.element === "body" && !wrapped) {
      wrapped = true;
      continue;
    }
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

test.describe("an admin on a desktop", () => {
  test.use({ viewport: { width: 1280, height: 900 }, extraHTTPHeaders: { "x-forwarded-for": networkOf("198.18.4") } });

  test("sends feedback, finds it through the admin navigation, marks it read and deletes it, by keyboard alone", { tag: "@once" }, async ({ page }) => {
    await signUpOrSignIn(page, ADMIN);
    await confirmAdminEmail(page);
    const message = `Typed, never clicked ${randomBytes(3).toString("hex")}`;

    // The feedback form: the kind is a radio group (arrow keys), the message typed, sent with Enter on the button.
    await page.goto("/feedback");
    const form = page.getByRole("form", { name: "Send feedback" });
    await tabTo(page, form.getByRole("radio", { checked: true }));
    await page.keyboard.press("ArrowRight");
    await expect(form.getByRole("radio", { name: /Idea/ })).toBeChecked();
    await tabTo(page, form.getByLabel("Message"));
    await page.keyboard.type(message);
    await tabTo(page, form.getByRole("button", { name: "Send feedback" }));
    await page.keyboard.press("Enter");
    await expect(form.getByRole("status")).toContainText("your feedback was sent");

    // Through the admin pages' own navigation to the inbox.
    await page.goto("/admin/overview");
    const adminNav = page.getByRole("navigation", { name: "Admin" });
    await tabTo(page, adminNav.getByRole("link", { name: /^Feedback, / }).last(), 60);
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/admin\/feedback$/);

    const card = page.getByRole("region", { name: new RegExp(`^Idea from ${ADMIN.email.replace(/[.]/g, "\\.")}`) }).filter({ hasText: message });
    await expect(card).toBeVisible();
    await tabTo(page, card.getByRole("button", { name: /^Mark read:/ }), 80);
    await page.keyboard.press("Enter");
    await expect(card).toHaveCount(0);

    // On the full list, the delete asks first: a disclosure opened with Enter, confirmed with Enter.
    await tabTo(page, page.getByRole("navigation", { name: "Which messages" }).getByRole("link", { name: "All", exact: true }), 80);
    await page.keyboard.press("Enter");
    await page.waitForURL(/filter=all/);
    const read = page.getByRole("region").filter({ hasText: message });
    await tabTo(page, read.locator("summary", { hasText: "Delete…" }), 80);
    await page.keyboard.press("Enter");
    await tabTo(page, read.getByRole("button", { name: /^Delete for good:/ }));
    await page.keyboard.press("Enter");
    await expect(page.getByRole("region").filter({ hasText: message })).toHaveCount(0);
    await page.screenshot({ path: "tests/e2e/screenshots/keyboard-1280-admin-feedback.png", fullPage: true });
  });
});
