import { describe, expect, it } from "vitest";

process.env.SANDBOX_CLOCK = "manual";
process.env.SANDBOX_REQUESTS_PER_SECOND = "1000";
process.env.ADMIN_EMAILS = "operator@example.com, second-operator@example.com";

// Each admin limit does what the Limits page says, where it applies (the alert, watch, threshold,
// search and sign-up switches have their own tests beside their features), and every change is logged.

const { getAppConfig, getAppConfigForAdmin, updateAppConfig } = await import("@/lib/app-config");
const { createMapperAlert } = await import("@/lib/alerts");
const { collectMapperAlertReports } = await import("@/lib/checks");
const { getDb } = await import("@/lib/db");
const { getTrackmania } = await import("@/lib/trackmania");
const { HOUR, createUser, runNow, sandbox } = await import("../checks/support");
const { signUp, uniqueEmail } = await import("../accounts/support");

type AppConfigInput = import("@/lib/app-config").AppConfigInput;
type ActingUser = import("@/lib/actor").ActingUser;

async function createAdmin(): Promise<ActingUser> {
  return { ...(await createUser()), role: "ADMIN" as const };
}

async function currentValues(): Promise<AppConfigInput> {
  const { id: _id, updatedAt: _at, updatedById: _by, ...values } = await getAppConfig();
  return values;
}

// Created once, so the accounts counted by the sign-up tests are not moved by the admin saving the limits.
const admin = await createAdmin();

async function withLimits(change: Partial<AppConfigInput>, body: () => Promise<void>) {
  const before = await currentValues();
  await updateAppConfig(admin, { ...before, ...change });
  try {
    await body();
  } finally {
    await updateAppConfig(admin, before);
  }
}

describe("maximum registered users", () => {
  it("closes sign-up once the site has that many accounts, with a clear message, and opens again when raised", async () => {
    const db = await getDb();
    const users = await db.user.count();
    await withLimits({ maxUsers: users + 1 }, async () => {
      await signUp();
      const refused = signUp();
      await expect(refused).rejects.toMatchObject({
        code: "forbidden:registration",
        message: "Trackwatch is full for now: it has as many accounts as it can take. Try again later.",
      });
      expect(await db.user.count()).toBe(users + 1);
    });
    await expect(signUp()).resolves.toMatchObject({ role: "USER" });
  });

  it("lets concurrent sign-ups past the cap not one more than it allows", async () => {
    const db = await getDb();
    const users = await db.user.count();
    await withLimits({ maxUsers: users + 2 }, async () => {
      const results = await Promise.allSettled(Array.from({ length: 6 }, () => signUp()));
      expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(2);
      expect(await db.user.count()).toBe(users + 2);
    });
  });

  it("never refuses the operator's first admin account, closed or full, but makes it an admin only once confirmed; a later admin address waits like anyone", async () => {
    const db = await getDb();
    expect(await db.user.count({ where: { role: "ADMIN" } })).toBe(0);
    await withLimits({ maxUsers: 1, registrationOpen: false }, async () => {
      const operator = await signUp("operator@example.com");
      expect(operator.role).toBe("USER");
      expect(await db.user.count({ where: { role: "ADMIN" } })).toBe(0);
      await expect(signUp("second-operator@example.com")).rejects.toMatchObject({ code: "forbidden:registration" });
      await expect(signUp(uniqueEmail())).rejects.toMatchObject({ code: "forbidden:registration" });
    });
  });
});

describe("leaderboard depth", () => {
  it("reads each watched map's top as deep as the limit says, one page per hundred", async () => {
    // A mapper with at least one map whose board runs past 200 records.
    const world = sandbox().world;
    const mapper = world.mappers().find((candidate) => {
      const maps = world.maps(candidate.accountId);
      return maps.length > 0 && maps.length <= 5 && maps.some((map) => (world.leaderboard(map.uid)?.length ?? 0) > 200);
    });
    if (!mapper) throw new Error("the sandbox world of this seed has no mapper with a busy small catalogue; pick another fixture");
    const pages = (depth: number) =>
      world.maps(mapper.accountId).reduce((sum, map) => sum + Math.max(1, Math.ceil(Math.min(world.leaderboard(map.uid)?.length ?? 0, depth) / 100)), 0);

    const shallow = await createUser();
    await createMapperAlert(shallow, { mapper: "name", displayName: mapper.displayName });
    getTrackmania().resetStats();
    await collectMapperAlertReports(shallow.id, runNow());
    expect(getTrackmania().stats().byEndpoint["live.top"]).toBe(pages(100));

    // A later run: the same instant's reads are shared, whatever the depth.
    sandbox().advance(HOUR);
    await withLimits({ accurateDepth: 300 }, async () => {
      const deep = await createUser();
      await createMapperAlert(deep, { mapper: "name", displayName: mapper.displayName });
      getTrackmania().resetStats();
      await collectMapperAlertReports(deep.id, runNow());
      expect(getTrackmania().stats().byEndpoint["live.top"]).toBe(pages(300));
      expect(pages(300)).toBeGreaterThan(pages(100));
    });
  });
});

describe("the change log", () => {
  it("records each changed value with its old and new value, who changed it and when; unchanged values are not logged", async () => {
    const other = await createAdmin();
    const db = await getDb();
    const before = await currentValues();
    const logged = await db.appConfigChange.count();
    try {
      await updateAppConfig(admin, { ...before, maxMapperAlerts: 9, registrationOpen: false });
      await updateAppConfig(other, { ...before, maxMapperAlerts: 9, registrationOpen: false, maxUsers: 1234 });
      await updateAppConfig(other, { ...before, maxMapperAlerts: 9, registrationOpen: false, maxUsers: 1234 });
      expect(await db.appConfigChange.count()).toBe(logged + 3);

      const { lastChangeByField, recentChanges } = await getAppConfigForAdmin(admin);
      expect(recentChanges.slice(0, 3).map(({ field, oldValue, newValue, changedBy }) => ({ field, oldValue, newValue, changedBy }))).toEqual(
        expect.arrayContaining([
          { field: "maxUsers", oldValue: String(before.maxUsers), newValue: "1234", changedBy: other.email },
          { field: "maxMapperAlerts", oldValue: String(before.maxMapperAlerts), newValue: "9", changedBy: admin.email },
          { field: "registrationOpen", oldValue: "true", newValue: "false", changedBy: admin.email },
        ]),
      );
      expect(lastChangeByField.maxUsers).toMatchObject({ newValue: "1234", changedBy: other.email });
      expect(lastChangeByField.maxMapperAlerts).toMatchObject({ newValue: "9", changedBy: admin.email });
      expect(lastChangeByField.maxMapperAlerts!.changedAt).toBeInstanceOf(Date);
    } finally {
      await updateAppConfig(admin, before);
    }
    // The restore is logged too: the log is the history, not the current state.
    expect((await getAppConfigForAdmin(admin)).lastChangeByField.maxUsers).toMatchObject({ oldValue: "1234", newValue: String(before.maxUsers) });
  });

  it("names a former admin when their account is gone", async () => {
    const leaving = await createAdmin();
    const before = await currentValues();
    await updateAppConfig(leaving, { ...before, maxDriverWatches: 77 });
    await updateAppConfig(leaving, before);
    await (await getDb()).user.delete({ where: { id: leaving.id } });
    const reader = await createAdmin();
    const { recentChanges } = await getAppConfigForAdmin(reader);
    expect(recentChanges.find((change) => change.field === "maxDriverWatches")).toMatchObject({ changedBy: null });
  });
});

describe("records per map in an email", () => {
  it("cuts each map's list in the digest email at the limit and says how many more there are", async () => {
    const { DAY } = await import("../checks/support");
    const { startDailyRun } = await import("@/lib/daily-run");
    const { drainQueue } = await import("@/lib/queue");
    const db = await getDb();
    const reader = await createUser({ emailVerifiedAt: new Date(), digestHour: 0, timezone: "UTC" });
    await createMapperAlert(reader, { mapper: "name", displayName: "SmallMapperSam" });
    await collectMapperAlertReports(reader.id, runNow()); // the first look reports nothing
    sandbox().advance(3 * DAY);
    await withLimits({ maxRecordsPerMapInMail: 1 }, async () => {
      await startDailyRun({ trigger: "admin", everyone: true });
      await drainQueue({ timeoutMs: 120_000 });
    });
    const digest = await db.digest.findFirstOrThrow({ where: { userId: reader.id } });
    expect(digest.status).toBe("SENT");
    const email = await db.outboxEmail.findFirstOrThrow({ where: { to: { has: reader.email } } });
    // One record line per map, and the rest counted: every record is accounted for.
    const listed = email.text.match(/^ {2}#\d+ /gm) ?? [];
    const hidden = [...email.text.matchAll(/\.\.\.and (\d+) more records?:/g)].map((match) => Number(match[1]));
    const maps = (email.text.match(/^ {2}Charts on Trackwatch:/gm) ?? []).length;
    expect(maps).toBeGreaterThan(1);
    expect(listed).toHaveLength(maps);
    expect(listed.length + hidden.reduce((sum, count) => sum + count, 0)).toBe(digest.recordCount);
  });
});
