import { describe, expect, it } from "vitest";
import { TrackmaniaError } from "@/lib/trackmania/errors";
import { formatPath, parseBody, parseRetryAfter } from "@/lib/trackmania/http";
import { decodeJwtClaims } from "@/lib/trackmania/auth";
import {
  isoToDate,
  livePositionsSchema,
  liveTopSchema,
  stringMapSchema,
  stripFormatting,
  toAuthoredMap,
  toLeaderboardEntry,
  toRecordTime,
  tmxMapSchema,
} from "@/lib/trackmania/schemas";

const response = (body: unknown, status = 200) => ({
  status,
  headers: new Headers(),
  text: typeof body === "string" ? body : JSON.stringify(body),
  attempts: 1,
});

describe("conversions at the edge", () => {
  it("turns a leaderboard entry's seconds into a Date and keeps ms scores", () => {
    const entry = toLeaderboardEntry({
      accountId: "a",
      zoneId: "z",
      zoneName: "Corrèze",
      position: 51,
      score: 53145,
      timestamp: 1658783398,
    });
    expect(entry).toEqual({
      accountId: "a",
      position: 51,
      score: 53145,
      timestamp: new Date(1658783398 * 1000),
      zoneId: "z",
      zoneName: "Corrèze",
    });
  });

  it("tolerates a missing timestamp and hides secret-threshold scores", () => {
    const entry = toLeaderboardEntry({ accountId: "a", position: 1, score: -1 });
    expect(entry.timestamp).toBeNull();
    expect(entry.score).toBeNull();
    expect(entry.zoneName).toBeNull();
  });

  it("reads Core's hidden record time as null", () => {
    expect(toRecordTime(4_294_967_295)).toBeNull();
    expect(toRecordTime(53_145)).toBe(53_145);
  });

  it("reads TMX times without an offset as UTC", () => {
    expect(isoToDate("2024-03-01T10:20:30")?.toISOString()).toBe("2024-03-01T10:20:30.000Z");
    expect(isoToDate("2023-10-23T17:05:25+00:00")?.toISOString()).toBe("2023-10-23T17:05:25.000Z");
    expect(isoToDate("not a date")).toBeNull();
    expect(isoToDate(null)).toBeNull();
  });

  it("maps a TMX result to an AuthoredMap", () => {
    const map = toAuthoredMap(
      tmxMapSchema.parse({
        MapId: 42,
        MapUid: "uid42",
        OnlineMapId: "map-id",
        Name: "$oBig $f00Jump",
        Authors: [{ User: { UserId: 7, Name: "mapper" }, Role: "Author" }],
        UploadedAt: "2024-01-02T03:04:05",
        UpdatedAt: null,
        AwardCount: 3,
      }),
    );
    expect(map).toEqual({
      tmxId: 42,
      uid: "uid42",
      mapId: "map-id",
      name: "$oBig $f00Jump",
      authorNames: ["mapper"],
      uploadedAt: new Date("2024-01-02T03:04:05Z"),
      updatedAt: null,
      awardCount: 3,
    });
  });

  it("strips formatting codes from names", () => {
    expect(stripFormatting("$o$fffBig $iJump$z $$5")).toBe("Big Jump $5");
    expect(stripFormatting("$l[https://x.y]Link$l text")).toBe("Link text");
  });
});

describe("wire schemas", () => {
  it("reads the display-name `[]` body as no names", () => {
    expect(stringMapSchema.parse([])).toEqual({});
    expect(stringMapSchema.parse({ a: "Alice" })).toEqual({ a: "Alice" });
  });

  it("reads an empty object from the positions endpoint as no answers", () => {
    expect(livePositionsSchema.parse({})).toEqual([]);
  });

  it("accepts the top endpoint's `{}` for an unknown group", () => {
    expect(liveTopSchema.parse({}).tops).toBeUndefined();
  });
});

describe("parseBody", () => {
  it("names the endpoint and the first bad field", () => {
    const body = { tops: [{ zoneName: "World", top: [{ accountId: "a", position: 1, score: "fast" }] }] };
    let error: unknown;
    try {
      parseBody("live.top", response(body), liveTopSchema);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(TrackmaniaError);
    const tmError = error as TrackmaniaError;
    expect(tmError.kind).toBe("invalid_response");
    expect(tmError.endpoint).toBe("live.top");
    expect(tmError.message).toContain("live.top");
    expect(tmError.message).toContain("tops[0].top[0].score");
  });

  it("reports a body that is not JSON", () => {
    expect(() => parseBody("tmx.maps", response("<html>oops</html>"), liveTopSchema)).toThrow(
      /tmx\.maps .*not JSON.*<html>oops/,
    );
  });

  it("formats paths", () => {
    expect(formatPath(["tops", 0, "top", 3, "score"])).toBe("tops[0].top[3].score");
    expect(formatPath([2, "mapUid"])).toBe("[2].mapUid");
    expect(formatPath([])).toBe("(body)");
  });
});

describe("parseRetryAfter", () => {
  it("reads seconds and HTTP dates", () => {
    expect(parseRetryAfter("2")).toBe(2000);
    expect(parseRetryAfter(null)).toBeNull();
    expect(parseRetryAfter("soon")).toBeNull();
    const inFive = new Date(Date.now() + 5000).toUTCString();
    expect(parseRetryAfter(inFive)).toBeGreaterThan(3000);
  });
});

describe("decodeJwtClaims", () => {
  it("reads exp, rat and aud", () => {
    const payload = Buffer.from(JSON.stringify({ aud: "NadeoServices", exp: 200, rat: 150, iat: 100 })).toString(
      "base64url",
    );
    expect(decodeJwtClaims(`x.${payload}.y`, "core.token")).toEqual({
      aud: "NadeoServices",
      exp: 200,
      rat: 150,
      iat: 100,
    });
  });

  it("rejects a token that is not a JWT", () => {
    expect(() => decodeJwtClaims("opaque", "core.token")).toThrow(/core\.token .*not a readable JWT/);
  });
});
