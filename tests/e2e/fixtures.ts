import { test as base, expect, type BrowserContext } from "@playwright/test";

export { expect };
export type { APIRequestContext, APIResponse, Browser, BrowserContext, Page } from "@playwright/test";

/**
 * Every browser test runs with the app's Content-Security-Policy in force and fails on any violation
 * the browser reports, in the test's own page and in any context a spec opens itself (those are
 * watched from the moment `browser.newContext` returns).
 */

const violations: string[] = [];
const watched = new WeakSet<BrowserContext>();

function watch(context: BrowserContext): BrowserContext {
  if (watched.has(context)) return context;
  watched.add(context);
  context.on("console", (message) => {
    const text = message.text();
    if (/Content[- ]Security[- ]Policy/i.test(text)) violations.push(`${message.location().url || "?"}: ${text}`);
  });
  return context;
}

export const test = base.extend<{ cspGuard: void }, { watchedBrowser: void }>({
  watchedBrowser: [
    async ({ browser }, use) => {
      const newContext = browser.newContext.bind(browser);
      browser.newContext = async (...args) => watch(await newContext(...args));
      await use();
      browser.newContext = newContext;
    },
    { scope: "worker", auto: true },
  ],
  context: async ({ context }, use) => {
    await use(watch(context));
  },
  cspGuard: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      await use();
      // Checked and cleared after each test; a beforeAll's violations count against the test that follows it.
      const seen = violations.splice(0);
      expect(seen, "Content-Security-Policy violations reported by the browser").toEqual([]);
    },
    { auto: true },
  ],
});
