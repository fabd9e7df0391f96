import { randomBytes } from "node:crypto";
import { expect, test, type BrowserContext, type Page } from "./fixtures";
import { ADMIN, networkOf, signedInContext } from "./support/accounts";

/**
 * The account journey of a new user: sign up, confirm the email through the link in the (local)
 * outbox, sign in, link the Trackmania account through the sandbox's "Sign in with Trackmania" page,
 * see it verified in settings, change the digest settings, sign out — and then come back with
 * "Sign in with Trackmania". Screenshots of each step go to tests/e2e/screenshots/accounts-*.png.
 */

const shots = "tests/e2e/screenshots";
const USER = { email: `journey-${randomBytes(3).toString("hex")}@example.com`, password: "journey-password-1", name: "Journey Jo" };
// The sandbox's well-known mapper (lib/trackmania/sandbox/world.ts).
const TRACKMANIA_NAME = "SmallMapperSam";


const shot = (page: Page, name: string) => page.screenshot({ path: `${shots}/accounts-${name}.png`, fullPage: true });

/** The confirmation link of the newest email to `to`, as the admin sees it in /admin/outbox. */
async function verificationLinkFor(admin: BrowserContext, to: string): Promise<string> {
  const page = await admin.newPage();
  await page.goto(`/admin/outbox?to=${encodeURIComponent(to)}`);
  await page.getByRole("link", { name: /confirm/i }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await shot(page, "02-outbox-verification-email");
  const text = await page.locator("pre").first().textContent();
  const link = /https?:\/\/\S+\/verify-email\?token=[\w-]+/.exec(text ?? "")?.[0];
  expect(link, "a confirmation link in the email's text").toBeTruthy();
  // The previewed email's button works too: it opens the same link in a new tab (opening changes nothing).
  const popup = page.waitForEvent("popup");
  await page.frameLocator('iframe[title^="Email:"]').getByRole("link", { name: "Confirm email" }).click();
  const opened = await popup;
  await opened.waitForURL((url) => url.href === link);
  await opened.close();
  await page.close();
  return link!;
}

test("sign up, confirm, sign in, link Trackmania, change settings, sign out, sign in with Trackmania", async ({ browser }) => {
  test.setTimeout(120_000);
  const admin = await signedInContext(browser, ADMIN);
  const context = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": networkOf() } });
  const page = await context.newPage();

  // 1. Sign up.
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill(USER.name);
  await page.getByLabel("Email").fill(USER.email);
  await page.getByLabel("Password").fill(USER.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL(/\/dashboard/);
  await shot(page, "01-signed-up");

  // 2. Confirm the email through the link in the outbox.
  const link = await verificationLinkFor(admin, USER.email);
  expect(new URL(link).origin).toBe(new URL(page.url()).origin);
  await page.goto(link);
  await page.getByRole("button", { name: "Confirm my email" }).click();
  await expect(page.getByRole("heading", { name: "Email confirmed" })).toBeVisible();
  await expect(page.getByText(USER.email).first()).toBeVisible();
  await shot(page, "03-email-confirmed");

  // 3. Sign out and sign in again with email and password.
  await page.goto("/dashboard");
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await page.waitForURL((url) => url.pathname === "/");
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(USER.email);
  await page.getByLabel("Password").fill(USER.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL(/\/dashboard/);
  await shot(page, "04-signed-in");

  // 4. Settings: no Trackmania account yet; link one through the sandbox's Trackmania sign-in page.
  await page.goto("/settings");
  await expect(page.getByRole("heading", { name: "Settings", level: 1 })).toBeVisible();
  await expect(page.getByText("No Trackmania account yet.")).toBeVisible();
  await shot(page, "05-settings");
  await page.getByRole("button", { name: "Link Trackmania account" }).click();
  await page.waitForURL(/\/sandbox\/oauth\/oauth\/authorize\?/);
  await expect(page.getByRole("heading", { name: "Sign in with Trackmania" })).toBeVisible();
  await shot(page, "06-trackmania-sign-in-page");
  await page.getByRole("link", { name: TRACKMANIA_NAME, exact: true }).click();

  // 5. Back in settings, still signed in as the same user, with the account verified.
  await page.waitForURL(/\/settings\?trackmania=linked/);
  await expect(page.getByRole("status").filter({ hasText: `Linked ${TRACKMANIA_NAME}` })).toBeVisible();
  const account = page.getByTestId("trackmania-account");
  await expect(account).toContainText(TRACKMANIA_NAME);
  await expect(account).toContainText("Verified");
  await expect(page.getByText(USER.email).first()).toBeVisible();
  await shot(page, "07-trackmania-linked");

  // 6. Change the digest settings; they survive a reload.
  await page.getByLabel("Email me a daily digest").uncheck();
  await page.getByLabel("Digest hour").selectOption("21");
  await page.getByLabel("Time zone").selectOption("Europe/Paris");
  await page.getByRole("button", { name: "Save email settings" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Email settings saved." })).toBeVisible();
  await expect(page.getByLabel("Digest hour")).toHaveValue("21");
  await expect(page.getByLabel("Time zone")).toHaveValue("Europe/Paris");
  await expect(page.getByLabel("Email me a daily digest")).not.toBeChecked();
  await shot(page, "08-settings-saved");
  await page.reload();
  await expect(page.getByLabel("Email me a daily digest")).not.toBeChecked();
  await expect(page.getByLabel("Digest hour")).toHaveValue("21");
  await expect(page.getByLabel("Time zone")).toHaveValue("Europe/Paris");

  // The name too, with a field error first for an empty one.
  await page.getByLabel("Display name", { exact: true }).fill("   ");
  await page.getByRole("button", { name: "Save name" }).click();
  await expect(page.locator("#name-errors")).toContainText("Tell us what to call you.");
  await page.getByLabel("Display name", { exact: true }).fill("Jo the mapper");
  await page.getByRole("button", { name: "Save name" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Name saved." })).toBeVisible();

  // 7. Sign out.
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await page.waitForURL((url) => url.pathname === "/");
  await page.goto("/settings");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fsettings/);
  await shot(page, "09-signed-out");

  // 8. "Sign in with Trackmania" on the sign-in page brings the same user back, to where they were going.
  await page.goto("/sign-in?next=%2Fsettings");
  await page.getByRole("button", { name: "Sign in with Trackmania" }).click();
  await page.waitForURL(/\/sandbox\/oauth\/oauth\/authorize\?/);
  await page.getByRole("link", { name: TRACKMANIA_NAME, exact: true }).click();
  await page.waitForURL(/\/settings$/);
  await expect(page.getByText(USER.email).first()).toBeVisible();
  await expect(page.getByLabel("Display name", { exact: true })).toHaveValue("Jo the mapper");
  await shot(page, "10-signed-in-with-trackmania");

  await context.close();
  await admin.close();
});

test("Sign in with Trackmania with an account nobody linked says how to link it", async ({ browser }) => {
  const context = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": networkOf() } });
  const page = await context.newPage();
  await page.goto("/sign-in");
  await page.getByRole("button", { name: "Sign in with Trackmania" }).click();
  await page.waitForURL(/\/sandbox\/oauth\/oauth\/authorize\?/);
  await page.getByRole("link", { name: "TopDriverTeo", exact: true }).click();
  await page.waitForURL(/\/sign-in\?error=TrackmaniaNotLinked/);
  await expect(page.getByRole("alert").filter({ hasText: /link/i })).toBeVisible();
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/sign-in/);
  await context.close();
});

test("the export is a JSON download of the signed-in user's data, and refuses anonymous callers", async ({ browser, request }) => {
  const anonymous = await request.get("/api/account/export");
  expect(anonymous.status()).toBe(401);

  const context = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": networkOf() } });
  const page = await context.newPage();
  const email = `export-${randomBytes(3).toString("hex")}@example.com`;
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill("Export Eve");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("export-password-1");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL(/\/dashboard/);
  await page.goto("/settings");
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export my data" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^trackwatch-export-\d{4}-\d{2}-\d{2}\.json$/);
  const body = await (await context.request.get("/api/account/export")).text();
  const data = JSON.parse(body) as { profile: { email: string; name: string } };
  expect(data.profile).toMatchObject({ email, name: "Export Eve" });
  expect(body).not.toContain("passwordHash");
  expect(body).not.toMatch(/\$2[aby]\$\d\d\$/);

  // Delete: a wrong confirmation is refused beside the field; the email deletes and signs out.
  await page.getByLabel(/Type your email address or your password/).fill("not-my-email@example.com");
  await page.getByRole("button", { name: "Delete my account" }).click();
  await expect(page.locator("#confirmation-errors")).toContainText("neither your email address nor your password");
  await page.getByLabel(/Type your email address or your password/).fill(email);
  await page.getByRole("button", { name: "Delete my account" }).click();
  await page.waitForURL((url) => url.pathname === "/");
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("export-password-1");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Email or password is incorrect." })).toBeVisible();
  await context.close();
});

test("a Trackmania name nobody has is refused once, under its field", async ({ browser }) => {
  const context = await signedInContext(browser, { name: "Typo Ty", email: `typo-${randomBytes(3).toString("hex")}@example.com`, password: "typo-password-1" });
  const page = await context.newPage();
  await page.goto("/settings");
  const section = page.locator("#trackmania");
  const field = section.getByLabel("Or type your Trackmania display name");
  await field.fill("NobodyIsCalledThis123");
  await section.getByRole("button", { name: "Save name" }).click();
  await expect(page.locator("#displayName-errors")).toContainText("NobodyIsCalledThis123");
  // The reason appears once: under the field; the banner only points there.
  await expect(page.getByText(/NobodyIsCalledThis123/)).toHaveCount(1);
  await expect(section.getByRole("alert").filter({ hasText: "Check the highlighted field." })).toBeVisible();
  await expect(field).toHaveValue("NobodyIsCalledThis123");
  await context.close();
});

test("a new account starts in the browser's time zone", async ({ browser }) => {
  const context = await browser.newContext({ timezoneId: "Asia/Tokyo", extraHTTPHeaders: { "x-forwarded-for": networkOf() } });
  const page = await context.newPage();
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill("Tokyo Toshi");
  await page.getByLabel("Email").fill(`tokyo-${randomBytes(3).toString("hex")}@example.com`);
  await page.getByLabel("Password").fill("tokyo-password-1");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL(/\/dashboard/);
  await expect(page.getByText(/\(Asia\/Tokyo\)/)).toBeVisible();
  await page.goto("/settings");
  await expect(page.getByLabel("Time zone")).toHaveValue("Asia/Tokyo");
  await context.close();
});

test("a device in Asia/Kolkata, which Chrome reports as Asia/Calcutta, gets Asia/Kolkata at sign-up and from Settings", async ({ browser }) => {
  // Chrome names the zone by its ICU id, the old name; the time-zone list has only the current one.
  const context = await browser.newContext({ timezoneId: "Asia/Kolkata", extraHTTPHeaders: { "x-forwarded-for": networkOf() } });
  const page = await context.newPage();
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill("Kolkata Kavya");
  await page.getByLabel("Email").fill(`kolkata-${randomBytes(3).toString("hex")}@example.com`);
  await page.getByLabel("Password").fill("kolkata-password-1");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL(/\/dashboard/);
  await expect(page.getByText(/\(Asia\/Kolkata\)/)).toBeVisible();

  await page.goto("/settings");
  const zone = page.getByLabel("Time zone");
  await expect(zone).toHaveValue("Asia/Kolkata");
  const useDevice = page.getByRole("button", { name: "Use this device's time zone (Asia/Kolkata)" });
  // Offered only when the saved zone is another one.
  await expect(useDevice).toHaveCount(0);
  await zone.selectOption("UTC");
  await page.getByRole("button", { name: "Save email settings" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Email settings saved." })).toBeVisible();
  await expect(zone).toHaveValue("UTC");

  await useDevice.click();
  await expect(zone).toHaveValue("Asia/Kolkata");
  await page.getByRole("button", { name: "Save email settings" }).click();
  // Saved: the device's zone is the account's again, so the button goes.
  await expect(useDevice).toHaveCount(0);
  await page.reload();
  await expect(page.getByLabel("Time zone")).toHaveValue("Asia/Kolkata");
  await context.close();
});
