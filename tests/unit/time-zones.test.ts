import { describe, expect, it } from "vitest";
import { currentTimeZoneName, isKnownTimeZone, listTimeZones, worksWithIntl } from "@/lib/time-zones";
import { localDayAndHour } from "@/lib/daily-run/time";

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
