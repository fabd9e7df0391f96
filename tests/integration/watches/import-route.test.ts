import { beforeEach, describe, expect, it, vi } from "vitest";
import { hashPassword } from "@/lib/accounts/password";
import { formOf } from "../../support/form-data";

// The import as the page streams it (POST /api/watches/import) and as the form posts it without
// JavaScript (the server action), with a real session: a credentials sign-in through Auth.js's route.
// `next/headers` hands the handlers that browser's headers and `next/cache` records the refresh, the
// two parts of a Next request vitest cannot provide.
process.env.AUTH_SECRET = "integration-test-secret-000000000000000";
process.env.SANDBOX_CLOCK = "manual";
process.env.SANDBOX_REQUESTS_PER_SECOND = "1000";

const request = vi.hoisted(() => ({ headers: new Headers(), revalidatePath: vi.fn() }));
vi.mock("next/headers", async () => {
  const { RequestCookies } = await import("next/dist/compiled/@edge-runtime/cookies");
  return { headers: async () => request.headers, cookies: async () => new RequestCookies(request.headers) };
});
vi.mock("next/cache", () => ({ revalidatePath: request.revalidatePath }));

const { POST } = await import("@/app/api/watches/import/route");
const { createDriverWatchAction, importDriverWatchesAction, updateWatchConditionAction } = await import("@/lib/actions/watches");
const { idleState } = await import("@/lib/actions/form-state");
const { getDb } = await import("@/lib/db");
const { listDriverWatches } = await import("@/lib/watches");
const { GOOD_PASSWORD, uniqueEmail, uniqueIp } = await import("../accounts/support");
const { AuthRouteBrowser, AUTH_ORIGIN } = await import("../accounts/auth-route-browser");
const { sandbox } = await import("./support");

type Line = { type: "progress"; done: number; total: number; message: string } | { type: "done"; result: { message: string; added: number } } | { type: "error"; message: string };

const mia = () => sandbox().wellKnown.midPackDriver;

/** A new account signed in through Auth.js, with this Trackmania account on its profile; its browser posts next. */
async function signInAs(tmAccountId: string | null) {
  const db = await getDb();
  const email = uniqueEmail("watcher");
  const user = await db.user.create({
    data: { email, name: "Watcher", emailVerifiedAt: new Date(), passwordHash: await hashPassword(GOOD_PASSWORD), tmAccountId, tmDisplayName: tmAccountId ? "MidPackMia" : null },
    select: { id: true, email: true, role: true },
  });
  const browser = new AuthRouteBrowser(uniqueIp());
  expect((await browser.postCredentials({ email, password: GOOD_PASSWORD })).status).toBe(302);
  request.headers = browser.requestHeaders();
  return user;
}

function post(source: string, headers: Record<string, string> = {}): Promise<Response> {
  return POST(
    new Request(`${AUTH_ORIGIN}/api/watches/import`, {
      method: "POST",
      headers: { ...Object.fromEntries(request.headers), "content-type": "application/x-www-form-urlencoded", origin: AUTH_ORIGIN, ...headers },
      body: new URLSearchParams({ source }),
    }),
  );
}


beforeEach(() => {
  request.headers = new AuthRouteBrowser(uniqueIp()).requestHeaders();
  request.revalidatePath.mockClear();
});

describe("POST /api/watches/import", () => {
  it("streams one line per map, then the outcome", async () => {
    const user = await signInAs(mia().accountId);
    const response = await post("campaign");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/x-ndjson; charset=utf-8");
    const lines = (await response.text())
      .split("\n")
      .filter(Boolean)
      .map((text) => JSON.parse(text) as Line);
    const progress = lines.filter((line) => line.type === "progress");
    expect(progress.length).toBeGreaterThanOrEqual(26);
    expect(progress.at(-1)).toMatchObject({ done: 25, total: 25 });
    expect(lines.at(-1)).toMatchObject({ type: "done", result: { added: 25, message: "Added 25 watches." } });
    expect((await listDriverWatches(user)).used).toBe(25);
  });

  it("goes on when the browser goes away: the watches are there on its next visit", async () => {
    const user = await signInAs(mia().accountId);
    const response = await post("campaign");
    const reader = response.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(JSON.parse(first.split("\n")[0]!)).toMatchObject({ type: "progress", total: 25 });
    await reader.cancel();
    await vi.waitFor(async () => expect((await listDriverWatches(user)).used).toBe(25), { timeout: 30_000, interval: 100 });
  });

  it("answers refusals before any progress with their own status, as JSON", async () => {
    const anonymous = await post("campaign");
    expect(anonymous.status).toBe(401);

    await signInAs(null);
    const noAccount = await post("campaign");
    expect(noAccount.status).toBe(400);
    expect(await noAccount.json()).toMatchObject({ error: { code: "bad_request:tm_account", message: expect.stringMatching(/Add your Trackmania account in Settings/) } });

    await signInAs(mia().accountId);
    const badSource = await post("everything");
    expect(badSource.status).toBe(400);
    expect(await badSource.json()).toMatchObject({ error: { code: "bad_request:input", fields: { source: ["Choose the current campaign or this month's Tracks of the Day."] } } });

    const otherSite = await post("campaign", { origin: "https://evil.example" });
    expect(otherSite.status).toBe(403);

    // The manual clock starts at midnight on the 1st: no Track of the Day yet this month.
    const none = await post("totd");
    expect(none.status).toBe(404);
    expect(await none.json()).toMatchObject({ error: { message: "No Track of the Day has been released in June 2026 yet." } });
  });
});

describe("the watch forms' actions", () => {
  it("import without JavaScript: the whole campaign in one post, the outcome as the form's message", async () => {
    await signInAs(mia().accountId);
    const state = await importDriverWatchesAction(idleState, formOf({ source: "campaign" }));
    expect(state).toEqual({ status: "success", message: "Added 25 watches." });
    expect(request.revalidatePath).toHaveBeenCalledWith("/watches");
    const again = await importDriverWatchesAction(idleState, formOf({ source: "campaign" }));
    expect(again).toEqual({ status: "success", message: "No watch added; 25 maps you already watch were left as they are." });
  });

  it("read 'when to tell me' as one choice, and put its errors beside it", async () => {
    const user = await signInAs(mia().accountId);
    const uid = mia().mapUids[0]!;
    // A created watch sends the browser to its row.
    const redirected = await createDriverWatchAction(idleState, formOf({ mapUid: uid, rule: "LEFT_TOP_N:1000" })).catch((error: unknown) => error);
    expect((redirected as { digest?: string }).digest).toMatch(/^NEXT_REDIRECT;replace;\/watches\?added=[^;]+#watch-[^;]+;307;$/);
    const [watch] = (await listDriverWatches(user)).watches;
    expect(watch).toMatchObject({ mapUid: uid, condition: "LEFT_TOP_N", topN: 1000 });

    expect(await updateWatchConditionAction(idleState, formOf({ watchId: watch!.id, rule: "LOST_WORLD_RECORD" }))).toEqual({ status: "success", message: "Saved." });
    const refused = await updateWatchConditionAction(idleState, formOf({ watchId: watch!.id, rule: "LEFT_TOP_N:50" }));
    expect(refused).toMatchObject({ status: "invalid", fieldErrors: { rule: ["Choose 10, 100, 1,000 or 10,000."] } });
    const twice = await createDriverWatchAction(idleState, formOf({ mapUid: uid, rule: "PASSED" }));
    expect(twice).toMatchObject({ status: "error", message: expect.stringMatching(/^You already watch /) });
    expect((await listDriverWatches(user)).watches[0]).toMatchObject({ condition: "LOST_WORLD_RECORD", topN: null });
  });
});
