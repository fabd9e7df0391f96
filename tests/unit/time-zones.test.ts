import { describe, expect, it } from "vitest";
import { currentTimeZoneName, isKnownTimeZone, listTimeZones, worksWithIntl } from "@/lib/time-zones";
import { localDayAndHour } from "@/lib/daily-run/time";
import { registerUserSchema } from "@/lib/accounts/register-user";

// The time-zone list offers each zone once, under its current name — not ICU's old ones beside them.

describe("the time zones offered in Settings", () => {
  it("use the current names of renamed zones, once each, with UTC first", () => {
    const zones = listTimeZones();
    expect(zones[0]).toBe("UTC");
    expect(zones).toEqual(expect.arrayContaining(["Asia/Kolkata", "Europe/Kyiv", "Asia/Ho_Chi_Minh", "Europe/Paris", "America/Nuuk"]));
    for (const old of ["Asia/Calcutta", "Europe/Kiev", "Asia/Saigon", "America/Godthab"]) expect(zones).not.toContain(old);
    expect(new Set(zones).size).toBe(zones.length);
  });

  it("still accept an old name an account was saved with, and show it under its current name", () => {
    expect(isKnownTimeZone("Asia/Calcutta")).toBe(true);
    expect(isKnownTimeZone("Asia/Kolkata")).toBe(true);
    expect(isKnownTimeZone("Mars/Olympus_Mons")).toBe(false);
    expect(currentTimeZoneName("Europe/Kiev")).toBe("Europe/Kyiv");
    expect(currentTimeZoneName("Europe/Paris")).toBe("Europe/Paris");
  });

  it("name zones every date formatter here understands", () => {
    for (const zone of listTimeZones()) expect(() => new Intl.DateTimeFormat("en-GB", { timeZone: zone })).not.toThrow();
  });
});

// Chrome reports a device's zone by its ICU id — Asia/Calcutta for a device set to Asia/Kolkata — so
// "Use this device's time zone" and the sign-up form map it before looking for it in the list.

describe("the device's time zone", () => {
  it("maps the old names Chrome reports to the ones the list offers", () => {
    const zones = listTimeZones();
    for (const [reported, listed] of [
      ["Asia/Calcutta", "Asia/Kolkata"],
      ["Europe/Kiev", "Europe/Kyiv"],
      ["Asia/Saigon", "Asia/Ho_Chi_Minh"],
      ["Asia/Katmandu", "Asia/Kathmandu"],
      ["Asia/Rangoon", "Asia/Yangon"],
      ["America/Godthab", "America/Nuuk"],
    ]) {
      expect(currentTimeZoneName(reported!), reported).toBe(listed);
      expect(zones, reported).toContain(listed);
    }
  });

  it("finds every zone this runtime's ICU can report in the list, once mapped", () => {
    const zones = new Set(listTimeZones());
    for (const reported of ["UTC", ...Intl.supportedValuesOf("timeZone")]) expect(zones.has(currentTimeZoneName(reported)), reported).toBe(true);
  });

  it("is saved under its current name at sign-up; an unknown or missing one counts as UTC", () => {
    const signUp = { name: "Ravi", email: "ravi@example.com", password: "ravi-password-1" };
    const savedZone = (timezone?: string) => registerUserSchema.parse({ ...signUp, timezone }).timezone;
    expect(savedZone("Asia/Calcutta")).toBe("Asia/Kolkata");
    expect(savedZone("Europe/Kiev")).toBe("Europe/Kyiv");
    expect(savedZone("Asia/Kolkata")).toBe("Asia/Kolkata");
    expect(savedZone("Europe/Paris")).toBe("Europe/Paris");
    expect(savedZone("Mars/Olympus_Mons")).toBe("UTC");
    expect(savedZone("")).toBe("UTC");
    expect(savedZone(undefined)).toBe("UTC");
  });
});

describe("worksWithIntl, shared by the settings list and the daily run's clock", () => {
  it("tells zones Intl formats in from names it refuses, the same on every call", () => {
    for (let call = 0; call < 2; call++) {
      for (const zone of ["UTC", "Europe/Paris", "Asia/Calcutta", "Asia/Kolkata"]) expect(worksWithIntl(zone), zone).toBe(true);
      for (const zone of ["Mars/Olympus_Mons", "", "europe/paris; DROP TABLE"]) expect(worksWithIntl(zone), zone).toBe(false);
    }
  });

  it("lets the daily run count an unknown zone as UTC", () => {
    const at = new Date("2026-11-25T23:30:00Z");
    expect(localDayAndHour(at, "Mars/Olympus_Mons")).toEqual(localDayAndHour(at, "UTC"));
    expect(localDayAndHour(at, "Asia/Kolkata")).toEqual({ day: "2026-11-26", hour: 5 });
    expect(localDayAndHour(at, "Asia/Calcutta")).toEqual({ day: "2026-11-26", hour: 5 });
  });
});
