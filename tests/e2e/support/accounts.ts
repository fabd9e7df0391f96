import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { expect, type Browser, type BrowserContext, type Page } from "@playwright/test";

export type Account = { email: string; password: string; name: string };

/** The admin of every browser test: ADMIN_EMAILS in scripts/e2e-server.sh makes it one once its address is confirmed. */
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
  if (!signedIn) {
    await fillSignUp(page, account);
    await page.waitForURL(/\/dashboard/);
  }
  // ADMIN_EMAILS makes an admin of a confirmed address only.
  if (account.email === ADMIN.email) {
    await confirmAdminEmail(page);
    // Back where a sign-in lands, as for anyone else.
    await page.goto("/dashboard");
  }
}

/** A browser context signed in as `account`, on a network of its own. */
export async function signedInContext(browser: Browser, account: Account, network = networkOf()): Promise<BrowserContext> {
  const context = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": network } });
  const page = await context.newPage();
  await signUpOrSignIn(page, account);
  await page.close();
  return context;
}

/** Where scripts/e2e-server.sh keeps the server's console (the operator's log). */
const SERVER_LOG = ".data/e2e/server.log";

/** The newest confirmation link the outbox printed to the server's log for `email`, as an operator reads it. */
export function confirmationLinkFromServerLog(email: string): string | null {
  const log = existsSync(SERVER_LOG) ? readFileSync(SERVER_LOG, "utf8") : "";
  let link: string | null = null;
  let toThisAddress = false;
  for (const line of log.split("\n")) {
    const header = /^\[outbox\] "(.*)" to (.+)$/.exec(line);
    if (header) toThisAddress = /confirm/i.test(header[1]!) && header[2]!.split(", ").includes(email);
    const found = /^\[outbox\]\s+(https?:\/\/\S+\/verify-email\?token=[\w-]+)$/.exec(line);
    if (found && toThisAddress) link = found[1]!;
  }
  return link;
}

/**
 * Confirms the admin's address the way the README tells an operator to: the confirmation link from the
 * server's log. Until then ADMIN_EMAILS gives the account no admin rights. Does nothing once confirmed.
 */
export async function confirmAdminEmail(page: Page): Promise<void> {
  await page.goto("/verify-email");
  const heading = page.getByRole("heading", { level: 1 });
  await expect(heading).toHaveText(/Confirm your email|Email confirmed/);
  if ((await heading.textContent()) === "Email confirmed") return;
  let link: string | null = null;
  await expect(() => {
    link = confirmationLinkFromServerLog(ADMIN.email);
    expect(link, "a confirmation link for the admin in the server's log").toBeTruthy();
  }).toPass({ timeout: 15_000 });
  const url = new URL(link!);
  await page.goto(url.pathname + url.search);
  await page.getByRole("button", { name: "Confirm my email" }).click();
  await expect(page.getByRole("heading", { name: "Email confirmed" })).toBeVisible();
}
