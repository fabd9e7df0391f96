import { describe, expect, it } from "vitest";
import { digestSummary, type DigestContent, type DigestSection } from "@/lib/digest/content";

// The subject line of every digest: it names whose maps the records are on, because an alert can
// follow any mapper — "of your maps" was wrong for most readers.

const record = { accountId: "a", displayName: "Driver", score: 42_137, position: 1, previousScore: null, drivenAt: null, worldRecordScore: 42_137, gapToWorldRecord: 0, isWorldRecord: true, medal: null };

function section(mapperDisplayName: string, recordsPerMap: number[]): DigestSection {
  return {
    alertId: mapperDisplayName,
    mapperDisplayName,
    mode: "ACCURATE",
    mapsChecked: recordsPerMap.length,
    maps: recordsPerMap.map((count, i) => ({ uid: `${mapperDisplayName}-${i}`, name: `Map ${i}`, thumbnailUrl: null, authorTime: 40_000, tmxId: null, isNew: false, records: Array.from({ length: count }, () => record) })),
  };
}

function summary(sections: DigestSection[], newMapCount = 0): string {
  const maps = sections.flatMap((s) => s.maps);
  const content: Pick<DigestContent, "recordCount" | "mapsWithRecords" | "newMapCount" | "sections"> = {
    sections,
    recordCount: maps.reduce((sum, map) => sum + map.records.length, 0),
    mapsWithRecords: maps.filter((map) => map.records.length > 0).length,
    newMapCount,
  };
  return digestSummary(content);
}

describe("the digest's subject", () => {
  it("names the mapper, or both mappers", () => {
    expect(summary([section("SmallMapperSam", [3, 2])])).toBe("5 new records on 2 maps by SmallMapperSam");
    expect(summary([section("SmallMapperSam", [1])])).toBe("1 new record on 1 map by SmallMapperSam");
    expect(summary([section("SmallMapperSam", [1]), section("BigMapperBea", [2, 0, 4])])).toBe(
      "7 new records on 3 maps by BigMapperBea and SmallMapperSam",
    );
  });

  it("says 'maps you watch' for three mappers or more, and leaves out mappers with nothing new", () => {
    expect(summary([section("A", [1]), section("B", [1]), section("C", [1])])).toBe("3 new records on 3 maps you watch");
    expect(summary([section("A", [1]), section("B", [0])])).toBe("1 new record on 1 map by A");
  });

  it("adds new maps, and says so alone when there are no records", () => {
    expect(summary([section("A", [2])], 1)).toBe("2 new records on 1 map by A, 1 new map");
    expect(summary([section("A", [0])], 2)).toBe("2 new maps to watch");
  });
});
