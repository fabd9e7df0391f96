import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { expect, test, type APIRequestContext } from "../e2e/fixtures";

/**
 * The app as deployed (`npm run staging`): every production driver on, each against a local service
 * speaking its protocol. A new player signs up and confirms from the mail the Resend fake received,
 * links Trackmania through the sandbox served as api.trackmania.com, watches a mapper, and gets a
 * digest after the world moves a day and the cron route starts the daily run — every job a QStash
 * callback, KV and rate limits in Upstash REST, each step traced to the OTLP fake.
 */

type Endpoints = {
  app: string;
  control: string;
  sandbox: string;
  sandboxCredentials: { serverLogin: string; serverPassword: string };
  cronSecret: string;
  wellKnown: { smallMapper: string; bigMapper: string; midPackDriver: string };
};
type Mail = { id: string; to: string[]; subject: string; text?: string; html?: string; headers?: Record<string, string> };
type Span = { name: string; traceId: string; spanId: string; parentSpanId?: string; attributes: Record<string, unknown> };

const endpoints = JSON.parse(readFileSync(".data/staging/endpoints.json", "utf8")) as Endpoints;
const shots = "tests/staging/screenshots";
const player = { email: `staging-${randomBytes(3).toString("hex")}@example.com`, password: "staging-password-1", name: "Staging Sky" };

async function mailTo(request: APIRequestContext, to: string): Promise<Mail[]> {
  const response = await request.get(`${endpoints.control}/mail?to=${encodeURIComponent(to)}`);
  expect(response.ok()).toBe(true);
  return ((await response.json()) as { mail: Mail[] }).mail;
}

async function spans(request: APIRequestContext): Promise<Span[]> {
  const response = await request.get(`${endpoints.control}/spans`);
  expect(response.ok()).toBe(true);
  return ((await response.json()) as { spans: Span[] }).spans;
}

// Each step waits for its own state; a step that cannot happen fails in a minute, not at the test's end.
test.use({ actionTimeout: 60_000, navigationTimeout: 60_000 });

test("a player signs up, links Trackmania, watches a mapper, and the daily run's digest reaches them through every production driver", async ({ page, request }) => {
  test.setTimeout(300_000);
  const mapper = endpoints.wellKnown.smallMapper;

  // 1. Sign up; the confirmation arrives at the Resend fake, sent through the resend SDK.
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill(player.name);
  await page.getByLabel("Email").fill(player.email);
  await page.getByLabel("Password").fill(player.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL(/\/dashboard/);
  await expect.poll(async () => (await mailTo(request, player.email)).length, { timeout: 30_000 }).toBeGreaterThan(0);
  const [confirmation] = await mailTo(request, player.email);
  const confirmLink = /https?:\/\/\S+\/verify-email\?token=[\w-]+/.exec(confirmation!.text ?? "")?.[0];
  expect(confirmLink, "a confirmation link in the email's text").toBeTruthy();
  expect(new URL(confirmLink!).origin).toBe(endpoints.app);
  await page.goto(confirmLink!);
  await page.getByRole("button", { name: "Confirm my email" }).click();
  await expect(page.getByRole("heading", { name: "Email confirmed" })).toBeVisible();

  // 2. Link Trackmania through the sandbox served over HTTP as the OAuth API (another origin).
  await page.goto("/settings");
  await page.getByRole("button", { name: "Link Trackmania account" }).click();
  await page.waitForURL((url) => url.origin === endpoints.sandbox && url.pathname.endsWith("/oauth/authorize"));
  await page.getByRole("link", { name: endpoints.wellKnown.midPackDriver, exact: true }).click();
  await page.waitForURL(/\/settings\?trackmania=linked/);
  await expect(page.getByTestId("trackmania-account")).toContainText(endpoints.wellKnown.midPackDriver);

  // 3. Watch the mapper: the alert's first look reads Nadeo over HTTP, within the shared rate.
  await page.goto("/alerts");
  await page.getByRole("radio", { name: /Another mapper/ }).check();
  await page.getByLabel("Mapper's display name").fill(mapper);
  await page.getByRole("button", { name: "Create alert" }).click();
  await page.waitForURL(/\/alerts\/[^/]+$/, { timeout: 60_000 });
  await expect(page.getByRole("heading", { level: 1 })).toContainText(mapper);

  // 4. The world moves a day (the sandbox's own control, with its server credentials): new records.
  const { serverLogin, serverPassword } = endpoints.sandboxCredentials;
  const basic = `Basic ${Buffer.from(`${serverLogin}:${serverPassword}`).toString("base64")}`;
  expect((await request.post(`${endpoints.sandbox}/_sandbox/advance`, { data: { ms: 86_400_000 } })).status()).toBe(401);
  const advanced = await request.post(`${endpoints.sandbox}/_sandbox/advance`, { data: { ms: 86_400_000 }, headers: { authorization: basic } });
  expect(advanced.status()).toBe(200);

  // 5. The cron route starts the run for users due this hour: make this player due now (UTC), then
  // call it as Vercel's cron would. Were the hour to turn in between, the run finds nobody due and
  // the next hour's call (a new slot) is made the same way.
  expect((await request.get("/api/cron/daily")).status()).toBe(401);
  const digestsBefore = (await mailTo(request, player.email)).length;
  await expect
    .poll(
      async () => {
        if ((await mailTo(request, player.email)).length > digestsBefore) return true;
        const hour = new Date().getUTCHours();
        await page.goto("/settings");
        await page.getByLabel("Time zone").selectOption("UTC");
        await page.getByLabel("Digest hour").selectOption(String(hour));
        await page.getByRole("button", { name: "Save email settings" }).click();
        await expect(page.getByRole("status").filter({ hasText: "Email settings saved." })).toBeVisible();
        const cron = await request.get("/api/cron/daily", { headers: { authorization: `Bearer ${endpoints.cronSecret}` } });
        expect(cron.status()).toBe(200);
        return false;
      },
      { timeout: 180_000, intervals: [15_000] },
    )
    .toBe(true);

  // 6. The digest, as the Resend fake received it, with a working one-click unsubscribe.
  const digest = (await mailTo(request, player.email)).at(-1)!;
  expect(digest.subject).toMatch(new RegExp(`by ${mapper}`));
  expect(digest.text).toMatch(/\d+:\d\d\.\d{3}/);
  const unsubscribe = /Unsubscribe: (\S+)/.exec(digest.text ?? "")?.[1];
  expect(unsubscribe, "an unsubscribe link in the digest").toBeTruthy();
  expect(new URL(unsubscribe!).origin).toBe(endpoints.app);
  await page.goto(unsubscribe!);
  await page.getByRole("button", { name: "Unsubscribe from digest emails" }).click();
  await expect(page.getByRole("status").filter({ hasText: "gets no more digest emails" })).toBeVisible();
  await page.screenshot({ path: `${shots}/02-unsubscribed.png`, fullPage: true });

  // 7. A map search, sliced into QStash callbacks, runs to its end. (After the run: a leaderboard read
  // today is shared by every later reader of the UTC day, and the world only moved, not the wall clock.)
  await page.goto("/search");
  await page.getByLabel("Mapper's Trackmania name").fill(mapper);
  await page.getByText("Last 7 days", { exact: true }).click();
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await page.waitForURL(/\/search\/\w+$/);
  await expect(page.getByTestId("search-summary")).toBeVisible({ timeout: 120_000 });
  await expect(page.getByRole("heading", { level: 1, name: `Maps by ${mapper}` })).toBeVisible();
  await page.screenshot({ path: `${shots}/01-search.png`, fullPage: true });

  // 8. The daily run's spans at the OTLP fake: its stages, its Nadeo calls and its email batch in traces.
  // Spans are exported in batches: wait until the send's has arrived.
  await expect.poll(async () => (await spans(request)).some((span) => span.name === "daily-run.send"), { timeout: 30_000 }).toBe(true);
  const received = await spans(request);
  // The run that sent the digest: its stages and its Trackmania calls carry its id.
  const send = received.find((span) => span.name === "daily-run.send")!;
  const runId = send.attributes["trackwatch.run_id"];
  expect(runId, "the send span names its run").toBeTruthy();
  const ofRun = received.filter((span) => span.attributes["trackwatch.run_id"] === runId);
  const names = new Set(ofRun.map((span) => span.name));
  for (const name of ["daily-run.plan", "daily-run.check-user", "job.deliver", "mail.send-batch"]) expect(names, `a ${name} span of the run`).toContain(name);
  expect(ofRun.some((span) => span.name === "tm.request" && span.attributes["tm.service"] === "live" && span.attributes["http.response.status_code"] === 200)).toBe(true);
});
