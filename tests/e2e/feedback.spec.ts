import { randomBytes } from "node:crypto";
import { expect, test, type Page } from "./fixtures";
import { ADMIN, networkOf, signedInContext } from "./support/accounts";

/**
 * Feedback end to end: a user sends an idea from the link under the alerts page; the admin sees the
 * unread count in the admin navigation, reads the message in the inbox, answers it (the answer is in
 * the outbox, quoting the message) and deletes it. And the landing page shows the site totals.
 * Screenshots go to tests/e2e/screenshots/feedback-*.png.
 */

const shots = "tests/e2e/screenshots";
const tag = randomBytes(3).toString("hex");
const USER = { email: `feedback-${tag}@example.com`, password: "feedback-password-1", name: "Feedback Fay" };
const MESSAGE = `Idea ${tag}: show the WR holder's flag.\nLine two stays on its own line.`;
const ANSWER = `Thanks ${tag}! It is on the list.`;

// Sign-up limits count per network: this spec is its own network.
test.use({ extraHTTPHeaders: { "x-forwarded-for": networkOf("203.0.113") } });

/** The unread count the admin navigation announces ("Feedback, 3 unread"). */
async function unreadInNav(page: Page): Promise<number> {
  const link = page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: /^Feedback, \d+ unread$/ }).last();
  const label = await link.getAttribute("aria-label");
  return Number(/(\d+) unread/.exec(label ?? "")?.[1]);
}

test("a user sends feedback from a page, the admin reads it, answers it by email and deletes it", async ({ page, browser }) => {
  const admin = await signedInContext(browser, ADMIN);
  const adminPage = await admin.newPage();
  await adminPage.setViewportSize({ width: 1280, height: 900 });
  await adminPage.goto("/admin/overview");
  const unreadBefore = await unreadInNav(adminPage);

  await page.goto("/sign-up");
  await page.getByLabel("Name").fill(USER.name);
  await page.getByLabel("Email").fill(USER.email);
  await page.getByLabel("Password").fill(USER.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL(/\/dashboard/);

  await page.goto("/alerts");
  await page.getByRole("link", { name: "Send feedback" }).click();
  await page.waitForURL(/\/feedback\?from=%2Falerts$/);
  await expect(page.getByRole("heading", { level: 1, name: "Send feedback" })).toBeVisible();
  await expect(page.getByText("About the page /alerts")).toBeVisible();

  // An empty message is refused beside the field, and the choice of type is kept.
  await page.getByRole("radio", { name: /Idea/ }).check();
  await page.getByRole("button", { name: "Send feedback" }).click();
  await expect(page.locator("#message-errors")).toHaveText("Write a message.");
  await expect(page.getByRole("radio", { name: /Idea/ })).toBeChecked();

  // A fresh form for the screenshots and the real send.
  await page.reload();
  await page.getByRole("radio", { name: /Idea/ }).check();
  await page.getByLabel("Message").fill(MESSAGE);
  await expect(page.getByText(`${MESSAGE.length} / 2,000 characters`)).toBeVisible();
  for (const width of [375, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `${shots}/feedback-form-${width}.png`, fullPage: true });
  }
  await page.getByRole("button", { name: "Send feedback" }).click();
  await expect(page.getByRole("form", { name: "Send feedback" }).getByRole("status")).toContainText("your feedback was sent");
  await expect(page.getByLabel("Message")).toHaveValue("");
  await expect(page.getByRole("radio", { name: /Bug/ })).toBeChecked();

  // The admin's navigation counts it.
  await adminPage.goto("/admin/overview");
  expect(await unreadInNav(adminPage)).toBe(unreadBefore + 1);
  await expect(adminPage.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: /^Feedback, / }).last()).toHaveText(`Feedback (${unreadBefore + 1})`);
  await adminPage.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: /^Feedback, / }).last().click();
  await adminPage.waitForURL(/\/admin\/feedback$/);

  const card = adminPage.getByRole("region", { name: new RegExp(`^Idea from ${USER.email.replace(/[.]/g, "\\.")}`) });
  await expect(card).toBeVisible();
  await expect(card.getByText("unread")).toBeVisible();
  await expect(card.getByText("/alerts", { exact: true })).toBeVisible();
  await expect(card.getByRole("link", { name: USER.email })).toHaveAttribute("href", /^\/admin\/users\/[^/]+$/);
  // Line breaks are kept as typed.
  expect(await card.locator("p.whitespace-pre-wrap").first().innerText()).toBe(MESSAGE);
  for (const width of [375, 1280]) {
    await adminPage.setViewportSize({ width, height: 900 });
    await adminPage.screenshot({ path: `${shots}/feedback-inbox-${width}.png`, fullPage: true });
  }
  await adminPage.setViewportSize({ width: 1280, height: 900 });

  // Reading it takes it off the unread list and the count.
  await card.getByRole("button", { name: /^Mark read:/ }).click();
  await expect(card).toHaveCount(0);
  expect(await unreadInNav(adminPage)).toBe(unreadBefore);

  // Answer it from the full list.
  await adminPage.getByRole("link", { name: "All", exact: true }).click();
  await adminPage.waitForURL(/filter=all/);
  await expect(card).toBeVisible();
  await card.getByText("Answer by email…").click();
  await card.getByLabel(`Answer to ${USER.email}`).fill(ANSWER);
  await card.getByRole("button", { name: "Send answer" }).click();
  await expect(card.getByText("answered", { exact: true })).toBeVisible();
  await expect(card.getByText(ANSWER)).toBeVisible();
  await adminPage.screenshot({ path: `${shots}/feedback-inbox-answered-1280.png`, fullPage: true });

  // The answer is in the outbox, quoting the message.
  await adminPage.goto(`/admin/outbox?to=${encodeURIComponent(USER.email)}`);
  await adminPage.getByRole("link", { name: "Re: your feedback to Trackwatch" }).first().click();
  await adminPage.waitForURL(/\/admin\/outbox\/[^/?]+$/);
  const text = await adminPage.locator("pre").first().textContent();
  expect(text).toContain(ANSWER);
  expect(text).toContain(`Idea ${tag}: show the WR holder's flag.`);

  // Deleting takes a confirmation.
  await adminPage.goto("/admin/feedback?filter=all");
  await card.getByText("Delete…").click();
  await card.getByRole("button", { name: /^Delete for good:/ }).click();
  await expect(card).toHaveCount(0);
  await admin.close();
});

test("the landing page shows the site totals", async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto("/");
  const stats = page.getByRole("region", { name: "Trackwatch in numbers" });
  await expect(stats).toBeVisible();
  await expect(stats.getByText(/^players? signed up$/)).toBeVisible();
  await expect(stats.getByText(/^maps? watched$/)).toBeVisible();
  await expect(stats.getByText(/^records? reported in digests$/)).toBeVisible();
  for (const width of [375, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await stats.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${shots}/feedback-landing-stats-${width}.png` });
  }
  await context.close();
});
