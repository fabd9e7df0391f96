import { beforeEach, describe, expect, it, vi } from "vitest";
import { hashPassword } from "@/lib/accounts/password";
import { formOf } from "../../support/form-data";

// "Add a watch" as the page posts it: find, a mapper's maps and the preview all go through one server
// action whose state the page shows (with or without JavaScript), with a real session: a credentials
// sign-in through Auth.js's route. `next/headers` hands the action that browser's headers.
process.env.AUTH_SECRET = "integration-test-secret-000000000000000";
process.env.SANDBOX_CLOCK = "manual";
process.env.SANDBOX_REQUESTS_PER_SECOND = "1000";

const request = vi.hoisted(() => ({ headers: new Headers() }));
vi.mock("next/headers", async () => {
  const { RequestCookies } = await import("next/dist/compiled/@edge-runtime/cookies");
  return { headers: async () => request.headers, cookies: async () => new RequestCookies(request.headers) };
});

const { lookUpWatchMapAction } = await import("@/lib/actions/watches");
const { getDb } = await import("@/lib/db");
const { stripFormatting } = await import("@/lib/trackmania");
const { getWatchesPage } = await import("@/lib/watches");
type WatchLookupState = import("@/lib/watches").WatchLookupState;
const { GOOD_PASSWORD, uniqueEmail, uniqueIp } = await import("../accounts/support");
const { AuthRouteBrowser } = await import("../accounts/auth-route-browser");
const { mapWithoutTimeOf, sandbox } = await import("./support");

const mia = () => sandbox().wellKnown.midPackDriver;
const idle: WatchLookupState = { status: "idle", values: { query: "", mapper: "" }, listing: null };
const nameOf = (uid: string) => stripFormatting(sandbox().world.map(uid)!.name);

async function signInAs(tmAccountId: string) {
  const db = await getDb();
  const email = uniqueEmail("lookup");
  const user = await db.user.create({
    data: { email, name: "Looker", emailVerifiedAt: new Date(), passwordHash: await hashPassword(GOOD_PASSWORD), tmAccountId, tmDisplayName: "MidPackMia" },
    select: { id: true, email: true, role: true },
  });
  const browser = new AuthRouteBrowser(uniqueIp());
  expect((await browser.postCredentials({ email, password: GOOD_PASSWORD })).status).toBe(302);
  request.headers = browser.requestHeaders();
  return user;
}


beforeEach(() => {
  request.headers = new AuthRouteBrowser(uniqueIp()).requestHeaders();
});

describe("the look-up action", () => {
  it("finds maps by name, previews one keeping the list, and lists a mapper's maps", async () => {
    await signInAs(mia().accountId);
    const uid = mia().mapUids[3]!;
    const name = nameOf(uid);

    const found = await lookUpWatchMapAction(idle, formOf({ intent: "find", query: name.toLowerCase() }));
    expect(found).toMatchObject({ status: "listed", values: { query: name.toLowerCase(), mapper: "" }, listing: { kind: "search", query: name.toLowerCase() } });
    expect(found.listing!.candidates.map((candidate) => candidate.uid)).toContain(uid);

    // The preview comes with the maps still listed, to pick another.
    const previewed = await lookUpWatchMapAction(found, formOf({ intent: "preview", mapUid: uid }));
    expect(previewed).toMatchObject({ status: "previewed", values: found.values, listing: found.listing, preview: { map: { uid, name }, existingWatchId: null } });

    const listed = await lookUpWatchMapAction(previewed, formOf({ intent: "mapper", mapper: "SmallMapperSam" }));
    expect(listed).toMatchObject({ status: "listed", values: { query: name.toLowerCase(), mapper: "SmallMapperSam" }, listing: { kind: "mapper", more: false } });
    expect(listed.listing!.candidates).toHaveLength(3);
  });

  it("goes straight to the preview of a map named exactly, and says there why it cannot be watched", async () => {
    await signInAs(mia().accountId);
    const uid = mia().mapUids[5]!;
    expect(await lookUpWatchMapAction(idle, formOf({ intent: "find", query: `https://trackmania.io/#/leaderboard/${uid}` }))).toMatchObject({
      status: "previewed",
      preview: { map: { uid }, account: { accountId: mia().accountId } },
    });
    const noTime = mapWithoutTimeOf(mia().accountId);
    expect(await lookUpWatchMapAction(idle, formOf({ intent: "find", query: noTime }))).toEqual({
      status: "refused",
      field: null,
      message: `You have no time on ${nameOf(noTime)} yet — drive it first.`,
      values: { query: noTime, mapper: "" },
      listing: null,
    });
  });

  it("puts what was typed wrong under its field, and ignores a state that is not one it gave", async () => {
    await signInAs(mia().accountId);
    expect(await lookUpWatchMapAction(idle, formOf({ intent: "find", query: "   " }))).toMatchObject({
      status: "refused",
      field: "query",
      message: "Type part of a map's name, or paste its link, uid or Trackmania Exchange id.",
    });
    expect(await lookUpWatchMapAction(idle, formOf({ intent: "find", query: "https://example.com/maps/12" }))).toMatchObject({ status: "refused", field: "query" });
    expect(await lookUpWatchMapAction(idle, formOf({ intent: "mapper", mapper: "x".repeat(65) }))).toMatchObject({
      status: "refused",
      field: "mapper",
      message: "Trackmania names are shorter than that.",
    });
    const forged = { status: "listed", values: { query: 1 }, listing: { kind: "search", candidates: "<script>" } } as unknown as WatchLookupState;
    expect(await lookUpWatchMapAction(forged, formOf({ intent: "preview", mapUid: mia().mapUids[0]! }))).toMatchObject({
      status: "previewed",
      values: { query: "", mapper: "" },
      listing: null,
    });
  });

  it("refuses without a session", async () => {
    expect(await lookUpWatchMapAction(idle, formOf({ intent: "find", query: "winter" }))).toMatchObject({ status: "refused", field: null, message: "Sign in to continue." });
  });

  it("is what the page shows a mapper's maps from afterwards: the listing it kept", async () => {
    const user = await signInAs(mia().accountId);
    await lookUpWatchMapAction(idle, formOf({ intent: "mapper", mapper: sandbox().wellKnown.bigMapper.displayName }));
    const page = await getWatchesPage(user, { mapper: sandbox().wellKnown.bigMapper.displayName });
    expect(page.mapperListing).toMatchObject({ kind: "mapper", more: true });
    expect(page.mapperListing!.candidates).toHaveLength(100);

    // Previewing one of those (the page's state knows no listing): the listing comes back from the cache.
    const picked = page.mapperListing!.candidates[0]!.uid;
    const previewed = await lookUpWatchMapAction(page.lookup, formOf({ intent: "preview", mapUid: picked, listedMapper: sandbox().wellKnown.bigMapper.displayName }));
    expect(previewed.listing).toEqual(page.mapperListing);
  });
});
