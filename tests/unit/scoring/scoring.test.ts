import { describe, expect, it } from "vitest";
import {
  bestScore,
  compareScores,
  coreGameMode,
  coreRecordScore,
  formatScore,
  formatScoreDelta,
  isBetter,
  medalFor,
  scoringOf,
  shortfall,
} from "@/lib/scoring";

describe("a map's scoring", () => {
  it("follows the map type, in either capitalisation Nadeo writes it, and treats anything else as race", () => {
    expect(scoringOf("TrackMania\\TM_Stunt")).toBe("stunt");
    expect(scoringOf("Trackmania\\TM_Platform")).toBe("platform");
    expect(scoringOf("TrackMania\\TM_Race")).toBe("race");
    expect(scoringOf("TrackMania\\TM_Royal")).toBe("race");
    expect(scoringOf(null)).toBe("race");
    expect(scoringOf(undefined)).toBe("race");
  });

  it("orders race times lowest first and stunt points highest first", () => {
    expect([42_137, 41_900, 43_000].sort((a, b) => compareScores("race", a, b))).toEqual([41_900, 42_137, 43_000]);
    expect([1_805, 1_840, 990].sort((a, b) => compareScores("stunt", a, b))).toEqual([1_840, 1_805, 990]);
    expect(isBetter("race", 41_900, 42_137)).toBe(true);
    expect(isBetter("stunt", 41_900, 42_137)).toBe(false);
    expect(isBetter("stunt", 1_840, 1_840)).toBe(false);
    expect(bestScore("stunt", 1_805, 1_840)).toBe(1_840);
    expect(bestScore("race", 1_805, 1_840)).toBe(1_805);
  });

  it("asks Core in the mode the map needs", () => {
    expect(coreGameMode("stunt")).toBe("Stunt");
    expect(coreGameMode("platform", true)).toBe("Platform");
    expect(coreGameMode("race", true)).toBe("TimeAttackClone");
    expect(coreGameMode("race")).toBeUndefined();
  });

  it("reads a Core record's points on stunt maps and its time elsewhere; a hidden time is no time", () => {
    // The documented stunt example: the score is the points, the time only the run's length.
    expect(coreRecordScore("stunt", { score: 1_840, time: 28_590 })).toBe(1_840);
    expect(coreRecordScore("race", { score: 0, time: 42_137 })).toBe(42_137);
    expect(coreRecordScore("race", { score: 0, time: 4_294_967_295 })).toBeNull();
    expect(coreRecordScore("platform", { score: 0, time: 42_137 })).toBe(42_137);
  });

  it("gives medals by reaching points on stunt maps and by beating times elsewhere", () => {
    const race = { authorTime: 40_000, goldTime: 43_000, silverTime: 48_000, bronzeTime: 60_000 };
    expect(medalFor("race", 39_999, race)).toBe("author");
    expect(medalFor("race", 45_000, race)).toBe("silver");
    expect(medalFor("race", 61_000, race)).toBeNull();
    const stunt = { authorTime: 2_000, goldTime: 1_800, silverTime: 1_500, bronzeTime: 1_000 };
    expect(medalFor("stunt", 2_100, stunt)).toBe("author");
    expect(medalFor("stunt", 1_840, stunt)).toBe("gold");
    expect(medalFor("stunt", 999, stunt)).toBeNull();
  });

  it("writes scores and differences as the game does", () => {
    expect(formatScore("race", 42_137)).toBe("0:42.137");
    expect(formatScore("race", -1)).toBe("--:--.---");
    expect(formatScore("stunt", 1_840)).toBe("1,840 pts");
    expect(formatScore("platform", 42_137, { respawns: 3 })).toBe("3 respawns · 0:42.137");
    expect(formatScore("platform", 42_137, { respawns: 1 })).toBe("1 respawn · 0:42.137");
    expect(formatScore("platform", 42_137)).toBe("0:42.137");
    expect(formatScoreDelta("race", 42_017, 42_137)).toBe("+0.120");
    expect(formatScoreDelta("race", 42_137, 42_017)).toBe("-0.120");
    expect(formatScoreDelta("race", 0, 75_250)).toBe("+1:15.250");
    expect(formatScoreDelta("stunt", 1_805, 1_840)).toBe("+35 pts");
    expect(formatScoreDelta("stunt", 1_840, 1_805)).toBe("-35 pts");
    expect(formatScoreDelta("platform", 1, 2)).toBeNull();
  });

  it("measures how far a score is behind the best in the map's own direction", () => {
    expect(shortfall("race", 42_137, 42_017)).toBe(120);
    expect(shortfall("stunt", 1_805, 1_840)).toBe(35);
    expect(shortfall("platform", 1, 2)).toBeNull();
  });
});
