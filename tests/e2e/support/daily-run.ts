import { expect, type Page } from "../fixtures";

/** The admin starts a daily check of everyone from the daily-runs page; it runs in the background. */
export async function startDailyCheckNow(page: Page): Promise<void> {
  await page.goto("/admin/daily-runs");
  await page.getByRole("button", { name: "Run daily check now" }).click();
  await expect(page.getByRole("status").filter({ hasText: /Daily check started/ })).toBeVisible();
}

/**
 * Waits, on the daily-runs page, until the newest manual run has finished. With `notBefore`, only a run
 * named after a sandbox instant no earlier than it counts (this run, not an earlier one).
 */
export async function waitForManualRunFinished(page: Page, { notBefore, timeout = 120_000 }: { notBefore?: Date; timeout?: number } = {}): Promise<void> {
  await expect
    .poll(
      async () => {
        await page.reload();
        const latest = page.getByRole("region", { name: /^Daily run manual-/ }).first();
        if (notBefore) {
          const slot = ((await latest.getByRole("heading", { level: 2 }).textContent()) ?? "").trim();
          if (new Date(slot.slice("manual-".length)).getTime() < notBefore.getTime()) return "not started";
        }
        return (await latest.getByText("finished").count()) === 1 ? "finished" : "running";
      },
      { timeout, intervals: [1_000, 2_000] },
    )
    .toBe("finished");
}
