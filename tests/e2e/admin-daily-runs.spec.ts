import { randomBytes } from "node:crypto";
import { expect, test, type Page } from "./fixtures";
import {
  ADMIN,
  confirmAdminEmail,
  networkOf,
  signedInContext,
} from "./support/accounts";

/**
 * The admin's Daily runs: a new user watches SmallMapperSam; the admin moves sandbox time a day, runs
 * the daily check for that user alone, watches the run's progress line reach "1 digest sent" without
 * reloading, and opens the run's page, where the user's row says their digest was sent.
 * Screenshots go to tests/e2e/screenshots/admin-daily-runs-*.png, at 1280 and 375 px.
 */

const shots = "tests/e2e/screenshots";
const USER = {
  email: `daily-one-${randomBytes(4).toString("hex")}@example.com`,
  password: "daily-one-password-1",
  name: "Daily One",
};

async function shoot(page: Page, name: string) {
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: width === 375 ? 812 : 900 });
    await page.screenshot({
      path: `${shots}/admin-daily-runs-${name}-${width}.png`,
      fullPage: true,
    });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

test("an admin runs the daily check for one user, watches it finish, and sees that user's digest sent on the run's page", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const adminContext = await signedInContext(
    browser,
    ADMIN,
    networkOf("198.18.0"),
  );
  const userContext = await signedInContext(
    browser,
    USER,
    networkOf("198.18.1"),
  );
  const admin = await adminContext.newPage();
  const user = await userContext.newPage();
  await confirmAdminEmail(admin);

  // The user confirms their address with the link the outbox kept, and watches SmallMapperSam.
  await admin.goto(`/admin/outbox?to=${encodeURIComponent(USER.email)}`);
  await admin
    .getByRole("link", { name: /confirm/i })
    .first()
    .click();
  const link = /https?:\/\/\S+\/verify-email\?token=[\w-]+/.exec(
    (await admin.locator("pre").first().textContent()) ?? "",
  )?.[0];
  expect(link).toBeTruthy();
  await user.goto(new URL(link!).pathname + new URL(link!).search);
  await user.getByRole("button", { name: "Confirm my email" }).click();
  await expect(
    user.getByRole("heading", { name: "Email confirmed" }),
  ).toBeVisible();
  await user.goto("/alerts");
  await user.getByLabel("Mapper's display name").fill("SmallMapperSam");
  await user.getByRole("button", { name: "Create alert" }).click();
  await user.waitForURL(/\/alerts\/[^/]+$/);

  // A day later in the sandbox world, Sam's maps have new records.
  await admin.goto("/admin/sandbox");
  await admin
    .getByRole("button", { name: "Advance sandbox time by 1 day" })
    .click();
  await expect(
    admin.getByRole("status").filter({ hasText: "Sandbox time is now" }),
  ).toBeVisible();

  // An unknown address is refused next to the field.
  await admin.goto("/admin/daily-runs");
  const form = admin.getByRole("form", { name: "Run for one user" });
  await form
    .getByLabel("Run for one user")
    .fill(`nobody-${randomBytes(3).toString("hex")}@example.com`);
  await form.getByRole("button", { name: "Check this user now" }).click();
  await expect(admin.locator("#email-errors")).toContainText(
    "No account uses this email address.",
  );

  await form.getByLabel("Run for one user").fill(USER.email);
  await form.getByRole("button", { name: "Check this user now" }).click();
  await expect(form.getByRole("status")).toContainText(
    /Daily check started \(manual-.*\): checking 1 user now/,
  );

  // The newest run is this one; its progress line follows it to the end, without a reload.
  const run = admin.getByRole("region", { name: /^Daily run manual-/ }).first();
  const progress = run.getByTestId("daily-run-progress");
  await expect(progress).toBeVisible();
  await expect(progress).toContainText(
    "checked 1 / 1 user, 1 digest sent, 0 failed",
    { timeout: 90_000 },
  );
  await expect(progress.getByRole("progressbar")).toHaveAttribute(
    "aria-valuenow",
    "100",
  );
  await expect(run.getByText("finished", { exact: true })).toBeVisible({
    timeout: 15_000,
  });
  await shoot(admin, "01-list");

  // Asking again the same day: the digest was sent, and is not sent twice.
  await form.getByLabel("Run for one user").fill(USER.email);
  await form.getByRole("button", { name: "Check this user now" }).click();
  await expect(form.getByRole("alert")).toContainText("it was sent at");

  // The run's page: its stats and the user's row.
  await run.getByRole("heading", { level: 2 }).getByRole("link").click();
  await admin.waitForURL(/\/admin\/daily-runs\/[^/?]+$/);
  await expect(
    admin.getByRole("heading", { level: 1, name: /^Daily run manual-/ }),
  ).toBeVisible();
  await expect(admin.getByRole("region", { name: "Run stats" })).toContainText(
    "Users due",
  );
  const row = admin
    .getByRole("list", { name: "Users of this run" })
    .getByRole("listitem", { name: USER.email });
  await expect(row).toContainText("sent");
  await expect(row).toContainText(/Records found: [1-9]/);
  await expect(row.getByRole("link", { name: USER.email })).toHaveAttribute(
    "href",
    /^\/admin\/users\//,
  );
  await shoot(admin, "02-run-page");

  // Nothing failed: the filter says so.
  await admin.getByRole("link", { name: "Failed only" }).click();
  await expect(admin.getByText("Nothing failed in this run.")).toBeVisible();

  await Promise.all([adminContext.close(), userContext.close()]);
});
