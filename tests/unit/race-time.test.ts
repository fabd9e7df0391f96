import { describe, expect, it } from "vitest";
import { formatGap, formatRaceTime } from "@/lib/format/race-time";

describe("formatRaceTime", () => {
  it("formats like the game", () => {
    expect(formatRaceTime(42_137)).toBe("0:42.137");
    expect(formatRaceTime(62_005)).toBe("1:02.005");
    expect(formatRaceTime(3_723_456)).toBe("1:02:03.456");
    expect(formatRaceTime(0)).toBe("0:00.000");
  });
  it("shows secret or invalid times as dashes", () => {
    expect(formatRaceTime(-1)).toBe("--:--.---");
    expect(formatRaceTime(Number.NaN)).toBe("--:--.---");
  });
});

describe("formatGap", () => {
  it("signs gaps", () => {
    expect(formatGap(42)).toBe("+0.042");
    expect(formatGap(-1250)).toBe("-1.250");
    expect(formatGap(61_000)).toBe("+1:01.000");
  });
});
