import { randomBytes } from "node:crypto";
import { expect, type Browser, type BrowserContext, type Page } from "@playwright/test";

export type Account = { email: string; password: string; name: string };

/** The admin of every browser test: ADMIN_EMAILS in scripts/e2e-server.sh makes it one. */
export const ADMIN: Account = { email: "admin@trackwatch.test", password: "admin-password-e2e-1", name: "Site admin" };

/** A made-up network per visitor: sign-up and sign-in limits count per address, so no spec stops another. */
export const networkOf = (prefix = "198.51.100") => `${prefix}.${1 + (randomBytes(1)[0]! % 250)}`;

export async function fillSignUp(page: Page, account: Account): Promise<void> {
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill(account.name);
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Create account" }).click();
}

export async function fillSignIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

/**
 * Signs in as `account`, creating it first when no spec of this run has. Sign-in comes first: the
 * admin is shared by every spec, and sign-ups are limited per email address.
 */
export async function signUpOrSignIn(page: Page, account: Account): Promise<void> {
  await fillSignIn(page, account.email, account.password);
  const signedIn = await Promise.race([
    page.waitForURL(/\/dashboard/).then(() => true),
    page.getByText("Email or password is incorrect.").first().waitFor().then(() => false),
  ]);
  if (signedIn) return;
  await fillSignUp(page, account);
  await page.waitForURL(/\/dashboard/);
}

/** A browser context signed in as `account`, on a network of its own. */
export async function signedInContext(browser: Browser, account: Account, network = networkOf()): Promise<BrowserContext> {
  const context = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": network } });
  const page = await context.newPage();
  await signUpOrSignIn(page, account);
  await page.close();
  return context;
}

/** Confirms the admin's email with the link from the outbox (the admin reads it), unless it is confirmed already. */
export async function confirmAdminEmail(page: Page): Promise<void> {
  await page.goto(`/admin/outbox?to=${encodeURIComponent(ADMIN.email)}`);
  const confirmation = page.getByRole("link", { name: /confirm/i }).first();
  if ((await confirmation.count()) === 0) return;
  await confirmation.click();
  const text = await page.locator("pre").first().textContent();
  const link = /https?:\/\/\S+\/verify-email\?token=[\w-]+/.exec(text ?? "")?.[0];
  expect(link, "a confirmation link in the email's text").toBeTruthy();
  await page.goto(link!);
  await page.getByRole("button", { name: "Confirm my email" }).click();
  await expect(page.getByRole("heading", { name: "Email confirmed" })).toBeVisible();
}
