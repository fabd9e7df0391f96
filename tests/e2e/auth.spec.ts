import { randomBytes } from "node:crypto";
import { expect, test, type Browser, type BrowserContext } from "./fixtures";
import { ADMIN, fillSignIn, fillSignUp, signedInContext } from "./support/accounts";

/**
 * Account security as a visitor meets it: sign up, confirm the email from the link in the outbox,
 * forget the password and reset it (which signs out the other browser), and the limits that stop
 * guessing. Links are read from the outbox page as the admin, like a reader opening their inbox.
 */

const shots = "tests/e2e/screenshots";
const tag = randomBytes(3).toString("hex");
const networkOf = () => `203.0.113.${1 + (randomBytes(1)[0]! % 250)}`;

async function newVisitor(browser: Browser): Promise<BrowserContext> {
  // Each visitor comes from its own network, so limits counted for one never stop another.
  return browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": networkOf() } });
}

/**
 * The abuse limits are fixed windows aligned to the clock (15 minutes, 1 hour): a test that straddles a
 * window's end would see its counter reset mid-way. Start each limit test clear of the edge.
 */
async function clearOfWindowEdge(windowMinutes: number, needSeconds = 45): Promise<void> {
  const windowMs = windowMinutes * 60_000;
  const left = windowMs - (Date.now() % windowMs);
  if (left < needSeconds * 1000) await new Promise((resolve) => setTimeout(resolve, left + 1000));
}

let admin: BrowserContext;

test.beforeAll(async ({ browser }) => {
  admin = await signedInContext(browser, ADMIN, networkOf());
});

test.afterAll(async () => {
  await admin?.close();
});

/** Opens the newest email with this subject to this address in the outbox and returns its link to `path`. */
async function linkFromOutbox(to: string, subject: string, path: "/verify-email" | "/reset-password", screenshot?: string): Promise<string> {
  const page = await admin.newPage();
  let link = "";
  // The reset email is sent after the response (so timing never tells whether an account exists): poll.
  await expect(async () => {
    await page.goto(`/admin/outbox?to=${encodeURIComponent(to)}`);
    await page.getByRole("link", { name: subject }).first().click();
    const text = await page.locator("pre").first().textContent();
    const match = text?.match(new RegExp(`https?://\\S+${path}\\?token=[A-Za-z0-9_-]{43}`));
    expect(match, text ?? "").toBeTruthy();
    link = match![0];
  }).toPass({ timeout: 15_000 });
  if (screenshot) await page.screenshot({ path: `${shots}/${screenshot}`, fullPage: true });
  await page.close();
  return new URL(link).pathname + new URL(link).search;
}

test("sign up, confirm the email from its link; the link works once", async ({ browser }) => {
  const account = { name: "Scrapie", email: `scrapie-${tag}@example.com`, password: "first password 1" };
  const visitor = await newVisitor(browser);
  const page = await visitor.newPage();

  await page.goto("/sign-up");
  // The rules are on the page before anything is submitted.
  await expect(page.getByText("At least 10 characters")).toBeVisible();
  await page.getByLabel("Name").fill(account.name);
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.locator("#email-errors")).toContainText("Enter a valid email address.");
  await expect(page.locator("#password-errors")).toContainText("Use at least 10 characters.");
  await page.screenshot({ path: `${shots}/auth-sign-up-errors.png`, fullPage: true });

  await fillSignUp(page, account);
  await page.waitForURL(/\/dashboard/);

  const link = await linkFromOutbox(account.email, "Confirm your email for Trackwatch", "/verify-email", "auth-verify-email-in-outbox.png");
  await page.goto("/verify-email");
  await expect(page.getByRole("heading", { name: "Confirm your email" })).toBeVisible();
  // Opening the link changes nothing (a mail scanner may open it first); the button confirms.
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "Confirm your email address" })).toBeVisible();
  await page.reload();
  await page.getByRole("button", { name: "Confirm my email" }).click();
  await expect(page.getByRole("heading", { name: "Email confirmed" })).toBeVisible();
  await expect(page.getByText(`${account.email} is confirmed`)).toBeVisible();
  await page.screenshot({ path: `${shots}/auth-email-confirmed.png`, fullPage: true });

  // The same link in another browser: used up.
  const other = await newVisitor(browser);
  const again = await other.newPage();
  await again.goto(link);
  await again.getByRole("button", { name: "Confirm my email" }).click();
  await expect(again.getByRole("heading", { name: "This link does not work" })).toBeVisible();
  await expect(again.getByRole("alert").filter({ hasText: "already been used" })).toBeVisible();
  await other.close();
  await visitor.close();
});

test("forgot password: same answer for any address, the link resets once and signs out the other browser", async ({ browser }) => {
  const account = { name: "Forgetful", email: `forgetful-${tag}@example.com`, password: "old password 11" };
  const laptop = await newVisitor(browser);
  const laptopPage = await laptop.newPage();
  await fillSignUp(laptopPage, account);
  await laptopPage.waitForURL(/\/dashboard/);

  const phone = await newVisitor(browser);
  const page = await phone.newPage();
  await fillSignIn(page, account.email, "not the password 1");
  await expect(page.getByRole("alert").filter({ hasText: "Email or password is incorrect." })).toBeVisible();
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  await expect(page).toHaveURL(/\/forgot-password$/);

  for (const email of [`nobody-${tag}@example.com`, account.email]) {
    await page.goto("/forgot-password");
    await page.getByLabel("Email").fill(email);
    await page.getByRole("button", { name: "Email me a reset link" }).click();
    await expect(page.getByRole("status").filter({ hasText: "If an account exists for this email, we sent it a link" })).toBeVisible();
  }
  await page.screenshot({ path: `${shots}/auth-forgot-password.png`, fullPage: true });

  const link = await linkFromOutbox(account.email, "Reset your Trackwatch password", "/reset-password");
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
  await page.getByLabel("New password").fill("weak");
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page.locator("#password-errors")).toContainText("Use at least 10 characters.");
  await page.getByLabel("New password").fill("new password 22");
  await page.getByRole("button", { name: "Set new password" }).click();
  await page.waitForURL(/\/sign-in\?reason=password-reset/);
  await expect(page.getByRole("status").filter({ hasText: "Your password has been changed and every device was signed out." })).toBeVisible();
  await page.screenshot({ path: `${shots}/auth-password-reset-notice.png`, fullPage: true });

  // The laptop's session was issued before the reset: it is over.
  await laptopPage.goto("/dashboard");
  await expect(laptopPage).toHaveURL(/\/sign-in/);

  // The link is used up; the old password is dead, the new one works.
  await page.goto(link);
  await expect(page.getByRole("alert").filter({ hasText: "already been used" })).toBeVisible();
  await fillSignIn(page, account.email, account.password);
  await expect(page.getByRole("alert").filter({ hasText: "Email or password is incorrect." })).toBeVisible();
  await fillSignIn(page, account.email, "new password 22");
  await page.waitForURL(/\/dashboard/);

  await laptop.close();
  await phone.close();
});

test("five wrong passwords for an account: the sixth try is refused with the time to wait", async ({ browser }) => {
  const account = { name: "Target", email: `target-${tag}@example.com`, password: "target password 3" };
  const owner = await newVisitor(browser);
  const ownerPage = await owner.newPage();
  await fillSignUp(ownerPage, account);
  await ownerPage.waitForURL(/\/dashboard/);
  await owner.close();

  await clearOfWindowEdge(15);
  const guesser = await newVisitor(browser);
  const page = await guesser.newPage();
  for (let i = 0; i < 5; i++) {
    await fillSignIn(page, account.email, `guess number ${i}`);
    await expect(page.getByRole("alert").filter({ hasText: "Email or password is incorrect." })).toBeVisible();
  }
  await fillSignIn(page, account.email, account.password);
  await expect(page.getByRole("alert").filter({ hasText: /Too many failed sign-ins for this account\. Try again in \d+ (minute|minutes|seconds?)\./ })).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.screenshot({ path: `${shots}/auth-sign-in-rate-limited.png`, fullPage: true });
  await guesser.close();
});

test("an unconfirmed account can ask for a new link three times an hour, then is told when to retry", async ({ browser }) => {
  const account = { name: "Waiting", email: `waiting-${tag}@example.com`, password: "waiting password 4" };
  const visitor = await newVisitor(browser);
  const page = await visitor.newPage();
  await fillSignUp(page, account);
  await page.waitForURL(/\/dashboard/);
  await page.goto("/verify-email");
  await expect(page.getByText(`We sent a link to ${account.email}`)).toBeVisible();
  await clearOfWindowEdge(60);
  for (let i = 0; i < 3; i++) {
    await page.getByRole("button", { name: "Send the link again" }).click();
    await expect(page.getByRole("status").filter({ hasText: `We sent a new confirmation link to ${account.email}` })).toBeVisible();
    await page.reload();
  }
  await page.getByRole("button", { name: "Send the link again" }).click();
  await expect(page.getByRole("alert").filter({ hasText: /Too many confirmation emails sent\. Try again in \d+ (seconds?|minutes?|hour)\./ })).toBeVisible();
  await page.screenshot({ path: `${shots}/auth-resend-limited.png`, fullPage: true });
  await visitor.close();
});

test("sign-in notices come from a fixed list; anything else shows nothing", async ({ page }) => {
  await page.goto("/sign-in?reason=signed-out-everywhere");
  await expect(page.getByRole("status").filter({ hasText: "You were signed out on every device." })).toBeVisible();
  await page.goto("/sign-in?reason=%3Cscript%3Ealert(1)%3C%2Fscript%3E");
  // Only the site-wide sandbox banner remains.
  await expect(page.getByRole("status").filter({ hasNotText: "Sandbox mode" })).toHaveCount(0);
  await expect(page.locator("body")).not.toContainText("<script>");
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
});

test("changing the password keeps this browser signed in and signs out the others; sign out everywhere ends all", async ({ browser }) => {
  const account = { name: "Mover", email: `mover-${tag}@example.com`, password: "moving password 5" };
  const desk = await newVisitor(browser);
  const page = await desk.newPage();
  await fillSignUp(page, account);
  await page.waitForURL(/\/dashboard/);
  const tablet = await newVisitor(browser);
  const tabletPage = await tablet.newPage();
  await fillSignIn(tabletPage, account.email, account.password);
  await tabletPage.waitForURL(/\/dashboard/);
  // The session lives in an httpOnly cookie only: page scripts cannot read it, and nothing is in storage.
  const sessionCookies = (await tablet.cookies()).filter((cookie) => cookie.name.endsWith("authjs.session-token"));
  expect(sessionCookies).toHaveLength(1);
  expect(sessionCookies[0]).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/" });
  expect(await tabletPage.evaluate(() => [document.cookie.includes("session-token"), localStorage.length, sessionStorage.length])).toEqual([false, 0, 0]);

  await page.goto("/settings");
  const form = page.getByRole("form", { name: "Change password" });
  await form.getByLabel("Current password").fill("not it at all 1");
  await form.getByLabel("New password").fill("moved password 6");
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(page.locator("#currentPassword-errors")).toContainText("Your current password is not right.");

  await form.getByLabel("Current password").fill(account.password);
  await form.getByLabel("New password").fill("moved password 6");
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Password changed. Every other device has been signed out." })).toBeVisible();
  await page.screenshot({ path: `${shots}/auth-password-changed.png`, fullPage: true });

  // This browser got a fresh session; the tablet's was issued before the change.
  await page.goto("/settings");
  await expect(page).toHaveURL(/\/settings$/);
  await tabletPage.goto("/dashboard");
  await expect(tabletPage).toHaveURL(/\/sign-in/);
  // The tablet is told why it was signed out, not just shown the sign-in form.
  await expect(tabletPage.getByRole("status").filter({ hasText: "Your session has ended" })).toBeVisible();
  await tabletPage.screenshot({ path: `${shots}/auth-session-ended.png`, fullPage: true });

  await fillSignIn(tabletPage, account.email, "moved password 6");
  await tabletPage.waitForURL(/\/dashboard/);
  await page.getByRole("button", { name: "Sign out everywhere" }).click();
  await page.waitForURL(/\/sign-in\?reason=signed-out-everywhere/);
  await expect(page.getByRole("status").filter({ hasText: "You were signed out on every device." })).toBeVisible();
  await tabletPage.goto("/dashboard");
  await expect(tabletPage).toHaveURL(/\/sign-in/);
  await desk.close();
  await tablet.close();
});
