import { describe, expect, it } from "vitest";
import { parseMapReference } from "@/lib/watches/map-reference";

const UID = "1e4oTVFZAuqpKh5Z1FbfFZcFQeI";

describe("what the find-a-map box was given", () => {
  it("reads Trackmania Exchange ids and links", () => {
    for (const text of [
      "12345",
      "#12345",
      "TMX 12345",
      "tmx#12345",
      "https://trackmania.exchange/mapshow/12345",
      "https://trackmania.exchange/maps/12345/winter-2027-04",
      "https://trackmania.exchange/maps/12345",
      "https://trackmania.exchange/s/tr/12345",
      "https://www.trackmania.exchange/mapshow/12345?tab=records",
      "trackmania.exchange/mapshow/12345",
      "https://trackmania.exchange/tracks/view/12345",
      "https://trackmania.exchange/maps/download/12345",
    ]) {
      expect(parseMapReference(text), text).toEqual({ kind: "tmx", tmxId: 12345 });
    }
  });

  it("reads map uids, bare or in a trackmania.io link", () => {
    for (const text of [
      UID,
      `  ${UID} `,
      `https://trackmania.io/#/leaderboard/${UID}`,
      `https://trackmania.io/#/leaderboard/${UID}/`,
      `trackmania.io/#/leaderboard/${UID}?x=1`,
      `https://trackmania.io/#/totd/leaderboard/3a1d2c5e-0000-4000-8000-000000000000/${UID}`,
      `https://trackmania.io/#/campaigns/leaderboard/3a1d2c5e-0000-4000-8000-000000000000/${UID}`,
    ]) {
      expect(parseMapReference(text), text).toEqual({ kind: "uid", uid: UID });
    }
  });

  it("takes anything else as words of a map's name", () => {
    expect(parseMapReference("  Winter   2027 - 04 ")).toEqual({ kind: "name", name: "Winter 2027 - 04" });
    expect(parseMapReference("Skyline")).toEqual({ kind: "name", name: "Skyline" });
  });

  it("says why a link it cannot read a map from is no use", () => {
    expect(parseMapReference("https://example.com/maps/12345")).toMatchObject({ kind: "unknown-link", reason: expect.stringMatching(/trackmania\.exchange and trackmania\.io only/) });
    expect(parseMapReference("https://trackmania.exchange/usershow/42")).toMatchObject({ kind: "unknown-link", reason: expect.stringMatching(/not a map's page/) });
    expect(parseMapReference("https://trackmania.io/#/player/abc")).toMatchObject({ kind: "unknown-link", reason: expect.stringMatching(/not a map's leaderboard/) });
    expect(parseMapReference("https://trackmania.exchange/mapshow/1234567890123")).toMatchObject({ kind: "unknown-link" });
  });
});
