import { beforeEach, describe, expect, it } from "vitest";

// The AppConfig row is created by whoever reads it first. Several user checks start together on a
// fresh database, so that first read must be race-free: on Postgres an upsert with nothing to update
// is SELECT-then-INSERT and all but one racer failed on AppConfig_pkey. (PGlite has one connection,
// so only the Postgres pass can show the race; both must keep passing.)

const { getAppConfig, getAppConfigForAdmin, updateAppConfig } = await import("@/lib/app-config");
const { getDb } = await import("@/lib/db");

type ActingUser = import("@/lib/actor").ActingUser;
type AppConfigInput = import("@/lib/app-config").AppConfigInput;

const RACERS = 20;

const DEFAULTS = {
  id: 1,
  maxMapperAlerts: 3,
  maxDriverWatches: 50,
  positionModeThreshold: 100,
  accurateDepth: 100,
  maxRecordsPerMapInMail: 20,
  maxSearchMaps: 500,
  maxUsers: 1000,
  failureAlertPercent: 10,
  registrationOpen: true,
  updatedById: null,
};

// AppConfig.updatedById has no foreign key, so an admin needs no User row here.
const admin: ActingUser = { id: "admin-first-read-race", email: "admin@example.test", role: "ADMIN" };

async function rowCount(): Promise<number> {
  return (await getDb()).appConfig.count();
}

beforeEach(async () => {
  const db = await getDb();
  // Start as a freshly migrated database does: no AppConfig row yet.
  await db.appConfig.deleteMany();
  // Open the pool's connections first, or the racers queue behind connection set-up and never overlap.
  await Promise.all(Array.from({ length: RACERS }, () => db.appConfig.count()));
  expect(await rowCount()).toBe(0);
});

describe("the first reads of the limits", () => {
  it("all resolve with the same defaults when they start together, and create one row", async () => {
    const configs = await Promise.all(Array.from({ length: RACERS }, () => getAppConfig()));
    for (const config of configs) expect(config).toEqual({ ...DEFAULTS, updatedAt: configs[0]!.updatedAt });
    expect(await rowCount()).toBe(1);
  });

  it("race with the admin page's read too", async () => {
    const results = await Promise.all(
      Array.from({ length: RACERS }, (_, i) => (i % 2 === 0 ? getAppConfig() : getAppConfigForAdmin(admin).then((r) => r.config))),
    );
    for (const config of results) expect(config).toMatchObject(DEFAULTS);
    expect(await rowCount()).toBe(1);
  });

  it("leave an existing row untouched (reading never writes it)", async () => {
    const first = await getAppConfig();
    const again = await Promise.all(Array.from({ length: 5 }, () => getAppConfig()));
    for (const config of again) expect(config).toEqual(first);
  });
});

describe("saving the limits on a fresh database", () => {
  it("succeeds for every concurrent save, alongside first reads, leaving one row", async () => {
    const input = (maxMapperAlerts: number): AppConfigInput => {
      const { id: _id, updatedById: _by, ...values } = DEFAULTS;
      return { ...values, maxMapperAlerts };
    };
    const saves = Array.from({ length: RACERS / 2 }, (_, i) => updateAppConfig(admin, input(i + 1)));
    const reads = Array.from({ length: RACERS / 2 }, () => getAppConfig());
    const [saved, read] = await Promise.all([Promise.all(saves), Promise.all(reads)]);

    expect(saved.map((config) => config.maxMapperAlerts).sort((a, b) => a - b)).toEqual(Array.from({ length: RACERS / 2 }, (_, i) => i + 1));
    // A read sees the defaults or one of the saves; what matters is that none failed.
    for (const config of read) expect(config.id).toBe(1);
    expect(await rowCount()).toBe(1);
    const final = await getAppConfig();
    expect(final.updatedById).toBe(admin.id);
    expect(saved.map((config) => config.maxMapperAlerts)).toContain(final.maxMapperAlerts);
  });
});
