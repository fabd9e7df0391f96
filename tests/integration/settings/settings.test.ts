import { beforeAll, describe, expect, it } from "vitest";
import { errorOf } from "../../support/error-of";

process.env.SANDBOX_CLOCK = "manual";

const { getDb } = await import("@/lib/db");
const { AppError } = await import("@/lib/errors");
const { getSandbox } = await import("@/lib/trackmania");
const settings = await import("@/lib/settings");
const timeZones = await import("@/lib/time-zones");
const { createUser } = await import("./fixtures");

describe("profile and digest settings", () => {
  it("saves a new display name and refuses an empty one", async () => {
    const user = await createUser({ name: "Old name" });
    await settings.updateProfile(user, { name: "  Sam the mapper " });
    expect((await settings.getSettings(user)).name).toBe("Sam the mapper");

    const error = await errorOf(settings.updateProfile(user, { name: "   " }));
    expect(error).toMatchObject({ name: "ZodError" });
    expect((await settings.getSettings(user)).name).toBe("Sam the mapper");
  });

  it("saves notifications, digest hour and time zone, also in their form spellings", async () => {
    const user = await createUser();
    const before = await settings.getSettings(user);
    expect(before).toMatchObject({ emailNotifications: true, digestHour: 7, timezone: "UTC" });

    await settings.updateDigestSettings(user, { emailNotifications: false, digestHour: 0, timezone: "Europe/Paris" });
    expect(await settings.getSettings(user)).toMatchObject({ emailNotifications: false, digestHour: 0, timezone: "Europe/Paris" });

    await settings.updateDigestSettings(user, { emailNotifications: "on", digestHour: "23", timezone: "America/New_York" });
    expect(await settings.getSettings(user)).toMatchObject({ emailNotifications: true, digestHour: 23, timezone: "America/New_York" });

    await settings.updateDigestSettings(user, { emailNotifications: true, digestHour: 7, timezone: "UTC" });
    expect((await settings.getSettings(user)).timezone).toBe("UTC");
  });

  it("refuses hour 24, other non-hours and unknown time zones, each on its own field, changing nothing", async () => {
    const user = await createUser();
    const cases = [
      [{ emailNotifications: true, digestHour: 24, timezone: "UTC" }, "digestHour"],
      [{ emailNotifications: true, digestHour: "24", timezone: "UTC" }, "digestHour"],
      [{ emailNotifications: true, digestHour: -1, timezone: "UTC" }, "digestHour"],
      [{ emailNotifications: true, digestHour: 7.5, timezone: "UTC" }, "digestHour"],
      [{ emailNotifications: true, digestHour: "", timezone: "UTC" }, "digestHour"],
      [{ emailNotifications: true, digestHour: "7pm", timezone: "UTC" }, "digestHour"],
      [{ emailNotifications: true, digestHour: 7, timezone: "Mars/Olympus_Mons" }, "timezone"],
      [{ emailNotifications: true, digestHour: 7, timezone: "" }, "timezone"],
      [{ emailNotifications: true, digestHour: 7, timezone: "europe/paris; DROP TABLE" }, "timezone"],
      [{ emailNotifications: "yes please", digestHour: 7, timezone: "UTC" }, "emailNotifications"],
    ] as const;
    for (const [input, field] of cases) {
      const error = await errorOf(settings.updateDigestSettings(user, input as never));
      expect(error, JSON.stringify(input)).toMatchObject({ name: "ZodError" });
      const issues = (error as { issues: { path: PropertyKey[] }[] }).issues;
      expect(issues.map((issue) => issue.path[0])).toEqual([field]);
    }
    expect(await settings.getSettings(user)).toMatchObject({ emailNotifications: true, digestHour: 7, timezone: "UTC" });
  });

  it("offers UTC and the IANA zones, and accepts exactly what it offers", () => {
    const zones = timeZones.listTimeZones();
    expect(zones[0]).toBe("UTC");
    expect(zones).toContain("Europe/Paris");
    expect(zones.length).toBeGreaterThan(300);
    expect(zones.every((zone) => timeZones.isKnownTimeZone(zone))).toBe(true);
    expect(timeZones.isKnownTimeZone("Not/AZone")).toBe(false);
  });
});

describe("Trackmania account", () => {
  let sam: { accountId: string; displayName: string };
  let bea: { accountId: string; displayName: string };

  beforeAll(() => {
    const sandbox = getSandbox()!;
    sam = { accountId: sandbox.wellKnown.smallMapper.accountId, displayName: sandbox.wellKnown.smallMapper.displayName };
    bea = { accountId: sandbox.wellKnown.bigMapper.accountId, displayName: sandbox.wellKnown.bigMapper.displayName };
    expect(sam.displayName).toBe("SmallMapperSam");
  });

  it("resolves a typed display name to its account through Trackmania and keeps it unverified", async () => {
    const user = await createUser();
    await settings.setTrackmaniaName(user, { displayName: " SmallMapperSam " });
    expect((await settings.getSettings(user)).trackmania).toEqual({ accountId: sam.accountId, displayName: "SmallMapperSam", verified: false });

    const other = await createUser();
    await settings.setTrackmaniaName(other, { displayName: "smallmappersam" });
    expect((await settings.getSettings(other)).trackmania).toMatchObject({ accountId: sam.accountId, verified: false });
  });

  it("says on the name field when no player has the typed name, and keeps what was there", async () => {
    const user = await createUser();
    await settings.setTrackmaniaName(user, { displayName: "SmallMapperSam" });
    const error = await errorOf(settings.setTrackmaniaName(user, { displayName: "NobodyIsCalledThis123" }));
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ type: "not_found", surface: "displayName" });
    expect((error as Error).message).toContain("NobodyIsCalledThis123");
    expect((await settings.getSettings(user)).trackmania?.accountId).toBe(sam.accountId);

    expect(await errorOf(settings.setTrackmaniaName(user, { displayName: "   " }))).toMatchObject({ name: "ZodError" });
  });

  it("links a proven account as verified, and refuses the same account for a second user", async () => {
    const first = await createUser();
    const second = await createUser();
    await settings.linkTrackmaniaAccount(first, bea);
    expect((await settings.getSettings(first)).trackmania).toEqual({ ...bea, verified: true });

    const error = await errorOf(settings.linkTrackmaniaAccount(second, bea));
    expect(error).toMatchObject({ type: "conflict", surface: "trackmania" });
    expect((error as Error).message).toContain("already linked to another Trackwatch account");
    expect((await settings.getSettings(second)).trackmania).toBeNull();

    // Typing the name of an account someone has proven is refused too.
    const typed = await errorOf(settings.setTrackmaniaName(second, { displayName: bea.displayName }));
    expect(typed).toMatchObject({ type: "conflict", surface: "displayName" });

    // Linking it again for its owner is fine; once unlinked, someone else may link it.
    await settings.linkTrackmaniaAccount(first, bea);
    await settings.unlinkTrackmaniaAccount(first);
    expect((await settings.getSettings(first)).trackmania).toBeNull();
    await settings.linkTrackmaniaAccount(second, bea);
    expect((await settings.getSettings(second)).trackmania?.verified).toBe(true);
  });

  it("lets only one of several simultaneous links of one account win", async () => {
    const { accountId, displayName } = getSandbox()!.wellKnown.topDriver;
    const teo = { accountId, displayName };
    const users = await Promise.all([createUser(), createUser(), createUser()]);
    const results = await Promise.allSettled(users.map((user) => settings.linkTrackmaniaAccount(user, teo)));
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    const db = await getDb();
    expect(await db.user.count({ where: { tmAccountId: teo.accountId, tmVerified: true } })).toBe(1);
  });

  it("keeps a verified link from being replaced by a typed name", async () => {
    const user = await createUser();
    const player = getSandbox()!.world.players()[10]!;
    await settings.linkTrackmaniaAccount(user, { accountId: player.accountId, displayName: player.displayName });
    const error = await errorOf(settings.setTrackmaniaName(user, { displayName: "SmallMapperSam" }));
    expect(error).toMatchObject({ type: "conflict", surface: "displayName" });
    expect((await settings.getSettings(user)).trackmania).toMatchObject({ accountId: player.accountId, verified: true });
  });

  it("signs in only the user who verified the account, never one who typed its name", async () => {
    const player = getSandbox()!.world.players()[20]!;
    const profile = { accountId: player.accountId, displayName: player.displayName };
    const typist = await createUser();
    await settings.setTrackmaniaName(typist, { displayName: player.displayName });
    expect(await settings.signInByTrackmaniaAccount(profile)).toEqual({ status: "not-linked" });

    const owner = await createUser();
    await settings.linkTrackmaniaAccount(owner, profile);
    const result = await settings.signInByTrackmaniaAccount({ ...profile, displayName: "RenamedInGame" });
    expect(result).toMatchObject({ status: "signed-in", user: { id: owner.id, email: owner.email } });
    expect((await settings.getSettings(owner)).trackmania?.displayName).toBe("RenamedInGame");

    const db = await getDb();
    await db.user.update({ where: { id: owner.id }, data: { disabledAt: new Date() } });
    expect(await settings.signInByTrackmaniaAccount(profile)).toEqual({ status: "disabled" });
  });

  it("hands a link intent out once, and not after a sign-out everywhere", async () => {
    const user = await createUser();
    const nonce = await settings.createTrackmaniaLinkIntent(user);
    expect(await settings.takeTrackmaniaLinkIntent(nonce)).toMatchObject({ id: user.id, email: user.email });
    expect(await settings.takeTrackmaniaLinkIntent(nonce)).toBeNull();
    expect(await settings.takeTrackmaniaLinkIntent("not-a-nonce")).toBeNull();

    const revoked = await settings.createTrackmaniaLinkIntent(user);
    const db = await getDb();
    await db.user.update({ where: { id: user.id }, data: { sessionVersion: { increment: 1 } } });
    expect(await settings.takeTrackmaniaLinkIntent(revoked)).toBeNull();
  });
});
