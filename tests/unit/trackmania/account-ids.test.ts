import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { decodeJwtClaims } from "@/lib/trackmania/auth";
import {
  accountIdSchema,
  accountIdsByNameSchema,
  coreRecordsSchema,
  displayNamesSchema,
  jwtClaimsSchema,
  liveMapListSchema,
  liveTopSchema,
  tmxMapsPageSchema,
  toLeaderboardEntry,
  toMapInfo,
} from "@/lib/trackmania/schemas";

// One form of account id: whatever a service sends, Trackwatch keeps the lower-case GUID.

const upper = "BD45204C-80F1-4809-B983-38B3F0FFC1EF";
const lower = "bd45204c-80f1-4809-b983-38b3f0ffc1ef";

describe("account ids at the schema boundary", () => {
  it("lower-cases (and trims) an account id, and refuses an empty one", () => {
    expect(accountIdSchema.parse(upper)).toBe(lower);
    expect(accountIdSchema.parse(` ${lower} `)).toBe(lower);
    expect(accountIdSchema.safeParse("").success).toBe(false);
  });

  it("reads TMX's upper-case OnlineWR.AccountId (the real example) lower-case", () => {
    const page = JSON.parse(readFileSync("tests/fixtures/nadeo/tmx/maps.json", "utf8")) as unknown;
    expect(tmxMapsPageSchema.parse(page).Results[0]!.OnlineWR?.AccountId).toBe(lower);
  });

  it("lower-cases every account id field the client parses", () => {
    const top = liveTopSchema.parse({ tops: [{ zoneName: "World", top: [{ accountId: upper, position: 1, score: 1 }] }] });
    expect(toLeaderboardEntry(top.tops![0]!.top[0]!).accountId).toBe(lower);

    const map = { uid: "u", mapId: "m", name: "n", author: upper, submitter: upper.replace("BD", "AA"), authorTime: 1, goldTime: 2, silverTime: 3, bronzeTime: 4 };
    const info = toMapInfo(liveMapListSchema.parse({ mapList: [map] }).mapList[0]!);
    expect([info.authorAccountId, info.submitterAccountId]).toEqual([lower, lower.replace("bd", "aa")]);

    expect(coreRecordsSchema.parse([{ accountId: upper, mapId: "m", recordScore: { time: 1 } }])[0]!.accountId).toBe(lower);
    expect(jwtClaimsSchema.parse({ exp: 1, sub: upper }).sub).toBe(lower);
  });

  it("lower-cases the account ids of the display-name lookups, keys or values, and keeps the empty-array quirk", () => {
    expect(displayNamesSchema.parse({ [upper]: "WirtualTM" })).toEqual({ [lower]: "WirtualTM" });
    expect(accountIdsByNameSchema.parse({ WirtualTM: upper })).toEqual({ WirtualTM: lower });
    expect(displayNamesSchema.parse([])).toEqual({});
    expect(accountIdsByNameSchema.parse([])).toEqual({});
  });

  it("reads a token's subject lower-case", () => {
    const payload = Buffer.from(JSON.stringify({ exp: 2_000_000_000, sub: upper })).toString("base64url");
    expect(decodeJwtClaims(`e30.${payload}.sig`, "core.token").sub).toBe(lower);
    // A token is still usable when its subject is unreadable: the subject is then absent.
    expect(jwtClaimsSchema.parse({ exp: 1, sub: "" }).sub).toBeUndefined();
  });
});
