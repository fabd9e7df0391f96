import { randomBytes } from "node:crypto";
import { expect, test, type Page } from "./fixtures";
import { ADMIN, fillSignIn, signedInContext, signUpOrSignIn } from "./support/accounts";

/**
 * The admin's Users pages: an admin finds a user by email, opens them, signs them out of every device,
 * and disables them; the user's open session ends on their next request each time. Then the admin enables them again and changes the role.
 * Screenshots go to tests/e2e/screenshots/admin-users-*.png.
 */

const shots = "tests/e2e/screenshots";
const shot = (page: Page, name: string) => page.screenshot({ path: `${shots}/admin-users-${name}.png`, fullPage: true });

const USER = { email: `managed-${randomBytes(3).toString("hex")}@example.com`, password: "managed-password-1", name: "Managed Mo" };

test("an admin finds a user and disables them: the user is signed out", async ({ browser, page }) => {
  const member = await signedInContext(browser, USER);
  const memberPage = await member.newPage();
  await memberPage.goto("/dashboard");
  await expect(memberPage.getByRole("heading", { level: 1 })).toBeVisible();

  await signUpOrSignIn(page, ADMIN);
  await page.goto("/admin/users");
  await page.getByRole("searchbox", { name: "Search users" }).fill(USER.email.toUpperCase());
  await page.getByRole("button", { name: "Search" }).click();
  await page.waitForURL(/\/admin\/users\?q=/);
  const users = page.getByRole("list", { name: "Users" });
  await expect(users.getByRole("listitem")).toHaveCount(1);
  await expect(users).toContainText("unconfirmed");
  await page.setViewportSize({ width: 375, height: 812 });
  await shot(page, "list-375");
  await page.setViewportSize({ width: 1280, height: 900 });

  await users.getByRole("link", { name: USER.email }).click();
  await page.waitForURL(/\/admin\/users\/[^/?]+$/);
  const actions = page.getByRole("region", { name: "Account actions" });

  // The gentler step first: signed out of every device, the account left as it is.
  await expect(page.getByText("1 device", { exact: true })).toBeVisible();
  await actions.getByRole("button", { name: "Sign out of every device" }).click();
  await expect(actions.getByRole("status").filter({ hasText: `${USER.email} is signed out of every device (1 device).` })).toBeVisible();
  await memberPage.goto("/dashboard");
  await memberPage.waitForURL(/\/sign-in\?/);
  await expect(memberPage.getByRole("status").filter({ hasText: "An administrator signed your account out of every device." })).toBeVisible();
  await fillSignIn(memberPage, USER.email, USER.password);
  await memberPage.waitForURL(/\/dashboard/);

  await actions.getByRole("button", { name: "Disable account" }).click();
  await expect(actions.getByRole("status").filter({ hasText: `${USER.email} is disabled` })).toBeVisible();
  await expect(page.getByRole("button", { name: "Enable account" })).toBeVisible();
  await shot(page, "detail-1280");

  // The member's next request finds the session ended.
  await memberPage.goto("/dashboard");
  await memberPage.waitForURL(/\/sign-in\?/);
  await expect(memberPage.getByRole("status").filter({ hasText: "your account was disabled" })).toBeVisible();
  await memberPage.getByLabel("Email").fill(USER.email);
  await memberPage.getByLabel("Password").fill(USER.password);
  await memberPage.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(memberPage.getByText("This account has been disabled. Contact the site admin.")).toBeVisible();
  await expect(memberPage).toHaveURL(/\/sign-in/);

  // Enabled again, they sign in as before; made admin, they reach the admin pages.
  await page.getByRole("region", { name: "Account actions" }).getByRole("button", { name: "Enable account" }).click();
  await expect(page.getByRole("button", { name: "Disable account" })).toBeVisible();
  await page.getByRole("button", { name: "Make admin" }).click();
  await expect(page.getByRole("button", { name: "Revoke admin" })).toBeVisible();
  await page.setViewportSize({ width: 375, height: 812 });
  await shot(page, "detail-375");

  // Passwords are never refilled after a refusal.
  await memberPage.getByLabel("Password").fill(USER.password);
  await memberPage.getByRole("button", { name: "Sign in", exact: true }).click();
  await memberPage.waitForURL(/\/dashboard/);
  await memberPage.goto("/admin/users");
  await expect(memberPage.getByRole("heading", { name: "Users", level: 1 })).toBeVisible();
  await member.close();
});

test("the overview shows the site's counts, its services, and the daily runs as a chart and a table", async ({ page }) => {
  await signUpOrSignIn(page, ADMIN);
  // Whatever ran before, this run is there to be drawn.
  await page.goto("/admin/daily-runs");
  await page.getByRole("button", { name: "Run daily check now" }).click();
  await expect(page.getByRole("status").filter({ hasText: /Daily check started|No user is waiting/ })).toBeVisible();

  await page.goto("/admin/overview");
  await expect(page.getByLabel("Site counts")).toContainText("Maps watched");
  await expect(page.getByRole("region", { name: "Services" })).toContainText("Database");
  const chart = page.getByTestId("daily-runs-chart");
  await chart.scrollIntoViewIfNeeded();
  await expect(chart.getByTestId("chart-summary")).toContainText(/\d+ runs?:/);
  await expect(chart.getByTestId("chart-drawing").locator(".recharts-wrapper")).toBeVisible();
  await expect(page.getByRole("table", { name: "Latest daily runs" }).getByRole("link").first()).toBeVisible();
  await shot(page, "overview-1280");
  await page.setViewportSize({ width: 375, height: 812 });
  await expect(chart.getByTestId("chart-drawing").locator(".recharts-wrapper")).toBeVisible();
  await shot(page, "overview-375");

  // An admin's own page offers no way to lock themselves out.
  await page.goto(`/admin/users?q=${encodeURIComponent(ADMIN.email)}`);
  await page.getByRole("list", { name: "Users" }).getByRole("link", { name: ADMIN.email }).click();
  await expect(page.getByText("This is your own account")).toBeVisible();
  await expect(page.getByRole("button", { name: "Disable account" })).toHaveCount(0);
});
