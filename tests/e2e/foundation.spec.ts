import { expect, test } from "./fixtures";

const shots = "tests/e2e/screenshots";

test("the landing page explains the product and shows the sandbox banner", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("new record");
  for (const feature of ["Mapper alerts", "Driver notifications", "Map search", "Daily digest"]) {
    await expect(page.getByRole("heading", { name: feature })).toBeVisible();
  }
  await expect(page.getByTestId("environment-banner")).toContainText("sandbox");
  await page.screenshot({ path: `${shots}/landing.png`, fullPage: true });
});

test("the sign-in page offers email and password", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("link", { name: "Sign in" }).first().click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByLabel("Email")).toBeVisible();
  await expect(page.getByLabel("Password")).toBeVisible();
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Enter your email and password" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Sign in with Trackmania" })).toBeVisible();
  await page.screenshot({ path: `${shots}/sign-in.png`, fullPage: true });
});

test("/api/health reports every driver and that each answers", async ({ request, page }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  const health = await response.json();
  expect(health.status).toBe("ok");
  expect(health.drivers.db.driver).toBe(process.env.DATABASE_URL ? "postgres" : "pglite");
  expect(health.drivers.kv).toMatchObject({ driver: "memory", ok: true });
  expect(health.drivers.queue).toMatchObject({ driver: "in-process", ok: true });
  expect(health.drivers.mail).toMatchObject({ driver: "outbox", ok: true });
  expect(health.drivers.trackmania).toMatchObject({ driver: "sandbox", ok: true });
  await page.goto("/api/health");
  await page.screenshot({ path: `${shots}/health.png` });
});

test("signed-out visitors are sent to sign in from app pages", async ({ page }) => {
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fdashboard/);
});
