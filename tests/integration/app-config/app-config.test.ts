import { describe, expect, it } from "vitest";
import { errorOf } from "../../support/error-of";

process.env.SANDBOX_CLOCK = "manual";
process.env.SANDBOX_REQUESTS_PER_SECOND = "1000";

// The limits admins edit on /admin/config: saved only by admins, refused field by field when out of
// bounds, and read by the code that enforces them on the very next call.

const alerts = await import("@/lib/alerts");
const { formStateFromError } = await import("@/lib/actions/form-state");
const { getAppConfig, getAppConfigForAdmin, updateAppConfig } = await import("@/lib/app-config");
const { AppError } = await import("@/lib/errors");
const { createUser, sandbox } = await import("../checks/support");
const { signUp } = await import("../accounts/support");

type AppConfigInput = import("@/lib/app-config").AppConfigInput;

async function createAdmin() {
  return { ...(await createUser()), role: "ADMIN" as const };
}

/** The editable values as they stand, for changing one or two of them. */
async function currentValues(): Promise<AppConfigInput> {
  const { id: _id, updatedAt: _at, updatedById: _by, ...values } = await getAppConfig();
  return values;
}

/** Runs a test's changes and puts the limits back, so the other tests see the defaults. */
async function withLimits(change: Partial<AppConfigInput>, body: () => Promise<void>) {
  const admin = await createAdmin();
  const before = await currentValues();
  await updateAppConfig(admin, { ...before, ...change });
  try {
    await body();
  } finally {
    await updateAppConfig(admin, before);
  }
}

/** Mappers of the generated world, for users who need several alerts. */
const otherMappers = () => sandbox().world.mappers().slice(2, 6).map((player) => player.displayName);

describe("an admin edits the limits", () => {
  it("saves every value, reads them back, and records who saved them", async () => {
    const admin = await createAdmin();
    expect(await getAppConfigForAdmin(admin)).toMatchObject({
      config: { maxMapperAlerts: 3, positionModeThreshold: 100, accurateDepth: 100, updatedById: null },
      updatedBy: null,
    });
    const before = await currentValues();
    try {
      // As the form posts them: strings, and "on" for the ticked box.
      const saved = await updateAppConfig(admin, {
        maxMapperAlerts: "5",
        maxDriverWatches: "40",
        positionModeThreshold: " 250 ",
        accurateDepth: "300",
        maxRecordsPerMapInMail: "15",
        maxSearchMaps: "300",
        maxUsers: "2500",
        failureAlertPercent: "25",
        registrationOpen: "on",
      });
      const expected = {
        maxMapperAlerts: 5,
        maxDriverWatches: 40,
        positionModeThreshold: 250,
        accurateDepth: 300,
        maxRecordsPerMapInMail: 15,
        maxSearchMaps: 300,
        maxUsers: 2500,
        failureAlertPercent: 25,
        registrationOpen: true,
        updatedById: admin.id,
      };
      expect(saved).toMatchObject(expected);
      expect(await getAppConfig()).toMatchObject(expected);
      expect(await getAppConfigForAdmin(admin)).toMatchObject({ config: expected, updatedBy: { email: admin.email } });
    } finally {
      await updateAppConfig(admin, before);
    }
  });

  it("enforces a lowered alert limit on the next creation, and deletes nobody's alerts", async () => {
    const user = await createUser();
    const [a, b, c] = otherMappers();
    await alerts.createMapperAlert(user, { mapper: "name", displayName: a! });
    await alerts.createMapperAlert(user, { mapper: "name", displayName: b! });

    await withLimits({ maxMapperAlerts: 1 }, async () => {
      // Already above the new limit: both alerts stay, a third is refused.
      expect(await alerts.listMapperAlerts(user)).toMatchObject({ used: 2, limit: 1 });
      await expect(alerts.createMapperAlert(user, { mapper: "name", displayName: c! })).rejects.toMatchObject({
        code: "limit_reached:mapper_alerts",
      });

      // A new user gets one alert, and not a second.
      const newcomer = await createUser();
      await alerts.createMapperAlert(newcomer, { mapper: "name", displayName: a! });
      const refused = await errorOf(alerts.createMapperAlert(newcomer, { mapper: "name", displayName: b! }));
      expect(refused).toBeInstanceOf(AppError);
      expect(refused).toMatchObject({ code: "limit_reached:mapper_alerts", message: "You already use 1 of 1 mapper alerts. Delete one to watch another mapper." });
      expect((await alerts.listMapperAlerts(newcomer)).used).toBe(1);
    });
    expect(await alerts.listMapperAlerts(user)).toMatchObject({ used: 2, limit: 3 });
  });

  it("enforces the position-mode threshold on new alerts", async () => {
    // SmallMapperSam has 3 maps: accurate under the default threshold, position mode above 2.
    await withLimits({ positionModeThreshold: 2 }, async () => {
      const user = await createUser();
      const alert = await alerts.createMapperAlert(user, { mapper: "name", displayName: "SmallMapperSam" });
      expect(alert).toMatchObject({ mapCount: 3, mode: "POSITION" });
      expect((await alerts.getMapperAlert(user, alert.id))!.alert).toMatchObject({ automaticMode: "POSITION", positionModeThreshold: 2 });
    });
  });

  it("closes and reopens sign-ups", async () => {
    await withLimits({ registrationOpen: false }, async () => {
      await expect(signUp()).rejects.toMatchObject({ code: "forbidden:registration" });
    });
    await expect(signUp()).resolves.toMatchObject({ role: "USER" });
  });
});

describe("the limits refuse", () => {
  it("anyone who is not an admin, changing nothing", async () => {
    const user = await createUser();
    const before = await getAppConfig();
    const error = await errorOf(updateAppConfig(user, { ...(await currentValues()), maxMapperAlerts: 50 }));
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "forbidden:admin", status: 403 });
    // Refused before the input is even read: no hint of what would have been valid.
    await expect(updateAppConfig(user, { maxMapperAlerts: "nonsense" } as unknown as AppConfigInput)).rejects.toMatchObject({ code: "forbidden:admin" });
    await expect(getAppConfigForAdmin(user)).rejects.toMatchObject({ code: "forbidden:admin" });
    expect(await getAppConfig()).toEqual(before);
  });

  it("out-of-bounds values with an error under each field, changing nothing", async () => {
    const admin = await createAdmin();
    const before = await getAppConfig();
    const error = await errorOf(
      updateAppConfig(admin, {
        maxMapperAlerts: "0",
        maxDriverWatches: "lots",
        positionModeThreshold: "",
        accurateDepth: "150",
        maxRecordsPerMapInMail: "-3",
        maxSearchMaps: "5001",
        maxUsers: "0",
        failureAlertPercent: "101",
        registrationOpen: "yes",
      } as unknown as AppConfigInput),
    );
    const state = formStateFromError(error);
    expect(state.status).toBe("invalid");
    if (state.status !== "invalid") return;
    expect(state.fieldErrors).toEqual({
      maxMapperAlerts: ["Enter a whole number from 1 to 100."],
      maxDriverWatches: ["Enter a whole number from 1 to 1000."],
      positionModeThreshold: ["Enter a whole number from 1 to 10000."],
      accurateDepth: ["Enter a multiple of 100 from 100 to 1000."],
      maxRecordsPerMapInMail: ["Enter a whole number from 1 to 100."],
      maxSearchMaps: ["Enter a whole number from 1 to 5000."],
      maxUsers: ["Enter a whole number from 1 to 100000."],
      failureAlertPercent: ["Enter a whole number from 1 to 100."],
      registrationOpen: ["Tick the box or leave it empty."],
    });

    // One bad field among good ones saves none of them.
    const deep = await errorOf(updateAppConfig(admin, { ...(await currentValues()), maxMapperAlerts: 7, accurateDepth: 5000 }));
    expect(formStateFromError(deep)).toMatchObject({ status: "invalid", fieldErrors: { accurateDepth: ["Enter a multiple of 100 from 100 to 1000."] } });
    // A form that lost a field is refused, not half-saved.
    const { maxMapperAlerts: _dropped, ...missing } = await currentValues();
    const lost = await errorOf(updateAppConfig(admin, missing as AppConfigInput));
    expect(formStateFromError(lost)).toMatchObject({ status: "invalid", fieldErrors: { maxMapperAlerts: ["Enter a whole number from 1 to 100."] } });

    expect(await getAppConfig()).toEqual(before);
  });
});
