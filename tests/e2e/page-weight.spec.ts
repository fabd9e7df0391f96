import { randomBytes } from "node:crypto";
import { expect, test, type Browser, type BrowserContext, type Page } from "./fixtures";
import { ADMIN, networkOf, signUpOrSignIn } from "./support/accounts";
import { listAppRoutes } from "./support/app-routes";
import { currentCampaignMaps } from "./support/sandbox-world";
import { startDailyCheckNow } from "./support/daily-run";

/**
 * First-load JavaScript: every page, opened cold (a fresh browser context, so an empty HTTP cache) by
 * whoever can reach it, may fetch at most 150 kB (150,000 bytes) of `.js` by the time the network is
 * idle after its load event, counted as it crosses the wire: the encoded (gzip, as `next start`
 * compresses) body sizes the browser reports. Scripts loaded lazily while the page boots
 * (next/dynamic) count too; inline scripts (the RSC payload in the HTML) do not. Pages that show one
 * record are opened on a real one (an alert, a digest, an email, a link from an email). One exception,
 * the chart library on pages whose first screen is a chart, is below.
 */

const BUDGET = 150_000;
/**
 * The map page's and the admin overview's first screens are charts, drawn with recharts: its drawing
 * code (about 121 kB on the wire, fetched after hydration as a chart comes into view; titles, summaries
 * and tables are server-rendered) comes on top of the page's own 150 kB there, and nowhere else.
 */
const CHART_LIBRARY = 130_000;

const tag = randomBytes(3).toString("hex");
/** Signed up, email confirmed, watching SmallMapperSam, and sent one digest: every (app) page has content. */
const READER = { email: `weight-${tag}@example.com`, password: "weight-password-1", name: "Weigh Wendy" };
/** Signed up and never confirmed: /verify-email offers to resend the link. */
const NEWCOMER = { email: `weight-new-${tag}@example.com`, password: "weight-password-1", name: "Weigh Newt" };

type Visitor = "anonymous" | "reader" | "newcomer" | "admin";
type Visit = { pattern: string; as: Visitor; url: () => Promise<string> | string; note?: string; budget?: number };

const network = networkOf();
const signedIn = new Map<Visitor, Awaited<ReturnType<BrowserContext["storageState"]>>>();
// The worker's browser, set in beforeAll: the setup helpers below open contexts of their own in it.
let browserRef: Browser;

/** A fresh context for `visitor`: their cookies, nothing cached. */
async function coldContext(visitor: Visitor): Promise<BrowserContext> {
  const storageState = visitor === "anonymous" ? undefined : await sessionOf(visitor);
  return browserRef.newContext({ storageState, extraHTTPHeaders: { "x-forwarded-for": network } });
}

async function sessionOf(visitor: Exclude<Visitor, "anonymous">) {
  let state = signedIn.get(visitor);
  if (!state) {
    const context = await browserRef.newContext({ extraHTTPHeaders: { "x-forwarded-for": network } });
    const page = await context.newPage();
    await signUpOrSignIn(page, { reader: READER, newcomer: NEWCOMER, admin: ADMIN }[visitor]);
    state = await context.storageState();
    signedIn.set(visitor, state);
    await context.close();
  }
  return state;
}

/** Runs `work` on a page of a throwaway context of `visitor`'s (setup only: never weighed). */
async function as<T>(visitor: Visitor, work: (page: Page) => Promise<T>): Promise<T> {
  const context = await coldContext(visitor);
  try {
    return await work(await context.newPage());
  } finally {
    await context.close();
  }
}

/** `work` once per run, however many visits need it. */
function once<T>(work: () => Promise<T>): () => Promise<T> {
  let result: Promise<T> | undefined;
  return () => (result ??= work());
}

/** The newest email with this subject to `to`, as the admin opens it in the outbox: its page and its text. */
async function emailTo(to: string, subject: RegExp): Promise<{ path: string; text: string }> {
  return as("admin", async (page) => {
    let found = { path: "", text: "" };
    // Some emails are sent after the response that caused them: look until it is there.
    await expect(async () => {
      await page.goto(`/admin/outbox?to=${encodeURIComponent(to)}`);
      await page.getByRole("link", { name: subject }).first().click();
      await page.waitForURL(/\/admin\/outbox\/[^/?]+/);
      found = { path: new URL(page.url()).pathname, text: (await page.locator("pre").first().textContent()) ?? "" };
    }).toPass({ timeout: 15_000 });
    return found;
  });
}

const linkIn = (text: string, path: string) => {
  const link = new RegExp(`https?://\\S+${path}\\?token=[\\w-]+`).exec(text)?.[0];
  expect(link, `a ${path} link in:\n${text}`).toBeTruthy();
  const url = new URL(link!);
  return url.pathname + url.search;
};

const confirmationEmail = once(async () => {
  await sessionOf("reader");
  return emailTo(READER.email, /Confirm your email for Trackwatch/);
});

const resetLink = once(async () => {
  await sessionOf("reader");
  await as("anonymous", async (page) => {
    await page.goto("/forgot-password");
    await page.getByLabel("Email").fill(READER.email);
    await page.getByRole("button", { name: "Email me a reset link" }).click();
    await expect(page.getByRole("status").filter({ hasText: "If an account exists for this email, we sent it a link" })).toBeVisible();
  });
  return linkIn((await emailTo(READER.email, /Reset your Trackwatch password/)).text, "/reset-password");
});

const alertPath = once(async () => {
  await sessionOf("reader");
  return as("reader", async (page) => {
    await page.goto("/alerts");
    await page.getByLabel("Mapper's display name").fill("SmallMapperSam");
    await page.getByRole("button", { name: "Create alert" }).click();
    await page.waitForURL(/\/alerts\/[^/]+$/);
    return new URL(page.url()).pathname;
  });
});

/** The reader confirms their email and watches SmallMapperSam; the admin moves sandbox time a day and runs the daily check. */
const digest = once(async () => {
  const confirmation = linkIn((await confirmationEmail()).text, "/verify-email");
  await as("reader", async (page) => {
    await page.goto(confirmation);
    await page.getByRole("button", { name: "Confirm my email" }).click();
    await expect(page.getByRole("heading", { name: "Email confirmed" })).toBeVisible();
  });
  await alertPath();
  await as("admin", async (page) => {
    await page.goto("/admin/sandbox");
    await page.getByRole("button", { name: "Advance sandbox time by 1 day" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Sandbox time is now" })).toBeVisible();
    await startDailyCheckNow(page);
  });
  // The run goes on in the background; its email is the sign it reached the reader.
  const email = await as("admin", async (page) => {
    let found = { path: "", text: "" };
    await expect(async () => {
      await page.goto(`/admin/outbox?to=${encodeURIComponent(READER.email)}`);
      await page.getByRole("link", { name: /new records? on \d+ maps? by SmallMapperSam/ }).first().click({ timeout: 1_000 });
      await page.waitForURL(/\/admin\/outbox\/[^/?]+/);
      found = { path: new URL(page.url()).pathname, text: (await page.locator("pre").first().textContent()) ?? "" };
    }).toPass({ timeout: 90_000 });
    return found;
  });
  const historyPath = await as("reader", async (page) => {
    await page.goto("/history");
    await page.getByRole("link", { name: /SmallMapperSam/ }).first().click();
    await page.waitForURL(/\/history\/[^/]+$/);
    return new URL(page.url()).pathname;
  });
  // A map the daily run has read, opened from the alert's list of maps.
  const mapPath = await as("reader", async (page) => {
    await page.goto(await alertPath());
    return (await page.getByTestId("map-page-link").first().getAttribute("href"))!;
  });
  return { historyPath, mapPath, unsubscribe: linkIn(email.text, "/unsubscribe") };
});

/**
 * The reader types MidPackMia's name as their Trackmania account and watches a campaign map (found and
 * previewed through the posted look-up): then /watches shows every part (the list with its forms, the
 * import, the look-up filled in from the address, whose code carries the preview and its form).
 */
const watchesInFull = once(async () => {
  await sessionOf("reader");
  return as("reader", async (page) => {
    await page.goto("/settings");
    await page.locator("#trackmania").getByLabel("Or type your Trackmania display name").fill("MidPackMia");
    await page.locator("#trackmania").getByRole("button", { name: "Save name" }).click();
    await expect(page.getByTestId("trackmania-account")).toContainText("MidPackMia");
    const { maps } = await currentCampaignMaps(page.request);
    await page.goto(`/watches?map=${maps[0]!.uid}`);
    await page.getByRole("button", { name: "Find map" }).click();
    await page.getByTestId("watch-preview").getByRole("button", { name: "Watch this map" }).click();
    await page.waitForURL(/\/watches\?added=/);
    return `/watches?map=${maps[1]!.uid}`;
  });
});

/** The page of the daily run that sent the reader's digest: its stats and one row per user. */
const dailyRunPath = once(async () => {
  await digest();
  return as("admin", async (page) => {
    await page.goto("/admin/daily-runs");
    return (await page.getByRole("region", { name: /^Daily run manual-/ }).first().locator('a[href^="/admin/daily-runs/"]').getAttribute("href"))!;
  });
});

/** A finished search of SmallMapperSam's maps, as the reader runs it. */
const searchPath = once(async () => {
  await sessionOf("reader");
  return as("reader", async (page) => {
    await page.goto("/search");
    await page.getByLabel("Mapper's Trackmania name").fill("SmallMapperSam");
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await page.waitForURL(/\/search\/\w+$/);
    await expect(page.getByTestId("search-summary")).toBeVisible({ timeout: 60_000 });
    return new URL(page.url()).pathname;
  });
});

/** The reader's page in the admin's Users, with their alert and digest. */
const readerAdminPath = once(async () => {
  await digest();
  return as("admin", async (page) => {
    await page.goto(`/admin/users?q=${encodeURIComponent(READER.email)}`);
    return (await page.getByRole("list", { name: "Users" }).getByRole("link", { name: READER.email }).getAttribute("href"))!;
  });
});

const VISITS: Visit[] = [
  { pattern: "/", as: "anonymous", url: () => "/" },
  { pattern: "/sign-in", as: "anonymous", url: () => "/sign-in" },
  { pattern: "/sign-up", as: "anonymous", url: () => "/sign-up" },
  { pattern: "/forgot-password", as: "anonymous", url: () => "/forgot-password" },
  { pattern: "/reset-password", as: "anonymous", url: resetLink, note: "from the reset email" },
  { pattern: "/verify-email", as: "anonymous", url: () => "/verify-email" },
  { pattern: "/verify-email", as: "newcomer", url: () => "/verify-email", note: "resend form" },
  { pattern: "/verify-email", as: "anonymous", url: async () => linkIn((await confirmationEmail()).text, "/verify-email"), note: "from the email" },
  { pattern: "/dashboard", as: "reader", url: () => "/dashboard" },
  { pattern: "/alerts", as: "reader", url: () => "/alerts" },
  { pattern: "/alerts/[id]", as: "reader", url: alertPath },
  { pattern: "/maps/[uid]", as: "reader", url: async () => (await digest()).mapPath, note: "charts on the first screen", budget: BUDGET + CHART_LIBRARY },
  { pattern: "/watches", as: "reader", url: () => "/watches" },
  { pattern: "/watches", as: "reader", url: watchesInFull, note: "a watch and a filled-in look-up" },
  { pattern: "/search", as: "reader", url: () => "/search" },
  { pattern: "/search/[id]", as: "reader", url: searchPath, note: "finished" },
  { pattern: "/settings", as: "reader", url: () => "/settings" },
  { pattern: "/settings/devices", as: "reader", url: () => "/settings/devices" },
  { pattern: "/history", as: "reader", url: async () => (await digest(), "/history") },
  { pattern: "/history/[id]", as: "reader", url: async () => (await digest()).historyPath },
  { pattern: "/feedback", as: "reader", url: () => "/feedback?from=/alerts" },
  { pattern: "/unsubscribe", as: "anonymous", url: async () => (await digest()).unsubscribe, note: "from the digest" },
  { pattern: "/admin", as: "admin", url: () => "/admin", note: "the runs chart on the first screen", budget: BUDGET + CHART_LIBRARY },
  { pattern: "/admin/overview", as: "admin", url: () => "/admin/overview", note: "the runs chart on the first screen", budget: BUDGET + CHART_LIBRARY },
  { pattern: "/admin/config", as: "admin", url: () => "/admin/config" },
  { pattern: "/admin/users", as: "admin", url: () => "/admin/users" },
  { pattern: "/admin/users/[id]", as: "admin", url: readerAdminPath, note: "a user with an alert and a digest" },
  { pattern: "/admin/daily-runs", as: "admin", url: () => "/admin/daily-runs" },
  { pattern: "/admin/daily-runs/[id]", as: "admin", url: dailyRunPath, note: "per-user breakdown" },
  { pattern: "/admin/sandbox", as: "admin", url: () => "/admin/sandbox" },
  { pattern: "/admin/outbox", as: "admin", url: () => "/admin/outbox" },
  { pattern: "/admin/feedback", as: "admin", url: () => "/admin/feedback?filter=all" },
  { pattern: "/admin/jobs", as: "admin", url: () => "/admin/jobs" },
  { pattern: "/admin/outbox/[id]", as: "admin", url: async () => (await confirmationEmail()).path },
];

type Weight = { scripts: number; transferred: number; decoded: number };

/** The `.js` a cold visit to `url` has fetched once the page has loaded and the network is idle. */
async function weigh(visitor: Visitor, url: string): Promise<Weight & { status: number }> {
  const context = await coldContext(visitor);
  const page = await context.newPage();
  const seen: Promise<{ transferred: number; decoded: number }>[] = [];
  page.on("requestfinished", (request) => {
    if (!new URL(request.url()).pathname.endsWith(".js")) return;
    seen.push(
      Promise.all([request.sizes(), request.response()]).then(async ([sizes, response]) => ({
        transferred: sizes.responseBodySize,
        // A chunk that arrives as the context closes (charts drawn late) is still counted, by its wire size.
        decoded: await response!.body().then((body) => body.length, () => sizes.responseBodySize),
      })),
    );
  });
  const response = await page.goto(url, { waitUntil: "load" });
  await page.waitForLoadState("networkidle");
  const sizes = await Promise.all(seen);
  await context.close();
  return {
    scripts: sizes.length,
    transferred: sizes.reduce((total, size) => total + size.transferred, 0),
    decoded: sizes.reduce((total, size) => total + size.decoded, 0),
    status: response!.status(),
  };
}

const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

test.beforeAll(({ browser }) => {
  browserRef = browser;
});

test("every page of the app has a visit here (a new page must be weighed too)", () => {
  const pages = listAppRoutes().filter((route) => route.kind === "page").map((route) => route.pattern);
  expect(pages.length).toBeGreaterThan(10);
  expect(new Set(VISITS.map((visit) => visit.pattern))).toEqual(new Set(pages));
});

for (const visit of VISITS) {
  const name = `${visit.pattern}${visit.note ? ` (${visit.note})` : ""} as ${visit.as}`;
  test(`${name} loads at most ${(visit.budget ?? BUDGET) / 1000} kB of JavaScript`, async () => {
    test.setTimeout(visit.pattern.startsWith("/history") || visit.pattern.startsWith("/maps") || visit.pattern === "/unsubscribe" ? 180_000 : 60_000);
    const url = await visit.url();
    const weight = await weigh(visit.as, url);
    const line = `${name}: ${kB(weight.transferred)} of JavaScript in ${weight.scripts} files (${kB(weight.decoded)} unpacked)`;
    console.log(line);
    test.info().annotations.push({ type: "first-load JS", description: line });
    expect(weight.status, url).toBe(200);
    expect(weight.scripts, "scripts seen (none would mean the count is broken)").toBeGreaterThan(0);
    expect(weight.transferred, `${url}: first-load JavaScript, bytes on the wire`).toBeLessThanOrEqual(visit.budget ?? BUDGET);
  });
}
