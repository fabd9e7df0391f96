import { randomBytes } from "node:crypto";
import { expect, test, type Browser } from "./fixtures";
import { fillSignIn, fillSignUp, networkOf } from "./support/accounts";

/**
 * Signed-in devices end to end: an account signed in on a desktop and a phone sees both on Settings →
 * Devices, signs the phone out from the desktop, and the phone lands on sign-in told why; then
 * "Sign out everywhere else" does the same for every other device and keeps this one.
 * Screenshots go to tests/e2e/screenshots/devices-*.png.
 */

const shots = "tests/e2e/screenshots";
const tag = randomBytes(3).toString("hex");
const ACCOUNT = { name: "Two Screens", email: `devices-${tag}@example.com`, password: "two screens password 3" };
const DESKTOP_UA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";
const PHONE_UA =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";

async function device(browser: Browser, userAgent: string, width: number) {
  const context = await browser.newContext({ userAgent, viewport: { width, height: 900 }, extraHTTPHeaders: { "x-forwarded-for": networkOf("198.18.0") } });
  return { context, page: await context.newPage() };
}

test("see where you are signed in, sign another device out, and that device is told why", async ({ browser }) => {
  const desktop = await device(browser, DESKTOP_UA, 1280);
  await fillSignUp(desktop.page, ACCOUNT);
  await desktop.page.waitForURL(/\/dashboard/);
  const phone = await device(browser, PHONE_UA, 375);
  await fillSignIn(phone.page, ACCOUNT.email, ACCOUNT.password);
  await phone.page.waitForURL(/\/dashboard/);

  await desktop.page.goto("/settings");
  const section = desktop.page.getByRole("region", { name: "Devices" });
  await expect(section).toContainText("You are signed in on 2 devices.");
  await section.getByRole("link", { name: "See your devices and sign them out" }).click();
  await desktop.page.waitForURL(/\/settings\/devices$/);

  const list = desktop.page.getByRole("list", { name: "Signed-in devices" });
  await expect(list.getByRole("listitem")).toHaveCount(2);
  await expect(list.getByRole("listitem").first()).toContainText("Chrome on Windows");
  await expect(list.getByRole("listitem").first()).toContainText("This device");
  await expect(list.getByRole("listitem").nth(1)).toContainText("Safari on iPhone");
  await expect(list.getByRole("listitem").nth(1)).toContainText("Signed in with email and password");
  await desktop.page.screenshot({ path: `${shots}/devices-1280.png`, fullPage: true });
  await phone.page.goto("/settings/devices");
  await expect(phone.page.getByRole("list", { name: "Signed-in devices" }).getByRole("listitem").first()).toContainText("Safari on iPhone");
  await phone.page.screenshot({ path: `${shots}/devices-375.png`, fullPage: true });

  await list.getByRole("button", { name: "Sign out Safari on iPhone" }).click();
  await expect(desktop.page.getByRole("status").filter({ hasText: "Signed out. That device must sign in again." })).toBeVisible();
  await expect(list.getByRole("listitem")).toHaveCount(1);
  await expect(desktop.page.getByText("You are not signed in anywhere else.")).toBeVisible();

  await phone.page.goto("/dashboard");
  await phone.page.waitForURL(/\/sign-in\?/);
  await expect(phone.page.getByRole("status").filter({ hasText: "This device was signed out from your device list on another device." })).toBeVisible();
  await phone.page.screenshot({ path: `${shots}/devices-signed-out-375.png`, fullPage: true });

  // Back on the phone, then every other device signed out from it: the desktop goes, the phone stays.
  await fillSignIn(phone.page, ACCOUNT.email, ACCOUNT.password);
  await phone.page.waitForURL(/\/dashboard/);
  await phone.page.goto("/settings/devices");
  await expect(phone.page.getByRole("list", { name: "Signed-in devices" }).getByRole("listitem")).toHaveCount(2);
  await phone.page.getByRole("button", { name: "Sign out everywhere else" }).click();
  await expect(phone.page.getByRole("status").filter({ hasText: "Signed out. That device must sign in again." })).toBeVisible();
  await expect(phone.page.getByRole("list", { name: "Signed-in devices" }).getByRole("listitem")).toHaveCount(1);
  await phone.page.goto("/dashboard");
  await expect(phone.page).toHaveURL(/\/dashboard$/);
  await desktop.page.goto("/settings");
  await desktop.page.waitForURL(/\/sign-in\?/);
  await expect(desktop.page.getByRole("status").filter({ hasText: "signed out from your device list" })).toBeVisible();

  await desktop.context.close();
  await phone.context.close();
});
