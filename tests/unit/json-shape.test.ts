import { describe, expect, it } from "vitest";
import { describeShapeMismatches, jsonKind, shapeMismatches } from "@/tests/support/json-shape";

// The contract tests' comparison: shapes only, real fields must exist with the same kind of value.

describe("JSON shape comparison", () => {
  it("tells the six kinds of JSON value apart", () => {
    expect([null, [], {}, "", 0, false, undefined].map(jsonKind)).toEqual(["null", "array", "object", "string", "number", "boolean", "undefined"]);
  });

  it("accepts the same shape with other values, and fields only the sandbox has", () => {
    const real = { a: 1, b: "x", c: null, d: [{ e: true }], f: { g: [1, 2] } };
    const ours = { a: 2, b: "", c: null, d: [{ e: false }, { e: true, extra: 1 }], f: { g: [3] }, h: "more" };
    expect(shapeMismatches(real, ours)).toEqual([]);
  });

  it("names the path of a missing field and of a value of another kind", () => {
    const real = { tops: [{ top: [{ accountId: "a", score: 53145, timestamp: 1658783398 }] }], info: ["mapId: Invalid uuid."] };
    const ours = { tops: [{ top: [{ accountId: "a", score: "53145" }] }], info: { mapId: ["bad"] } };
    expect(shapeMismatches(real, ours)).toEqual([
      '$.tops[0].top[0].score: real is number (53145), sandbox is string ("53145")',
      "$.tops[0].top[0].timestamp: missing in the sandbox (real: number 1658783398)",
      '$.info: real is array (["mapId: Invalid uuid."]), sandbox is object ({"mapId":["bad"]})',
    ]);
  });

  it("treats null as a kind of its own", () => {
    expect(shapeMismatches({ scopeId: null }, { scopeId: "x" })).toEqual(['$.scopeId: real is null (null), sandbox is string ("x")']);
    expect(shapeMismatches({ n: 1 }, { n: null })).toEqual(["$.n: real is number (1), sandbox is null (null)"]);
  });

  it("compares each sandbox element with the closest real one, and refuses an empty array against a full one", () => {
    const real = { days: [{ campaignId: 1, mapUid: "u" }, { campaignId: 0, mapUid: "" }], list: [{ a: 1 }] };
    expect(shapeMismatches(real, { days: [{ campaignId: 0, mapUid: "" }, { campaignId: 2 }], list: [] })).toEqual([
      '$.days[1].mapUid: missing in the sandbox (real: string "u")',
      "$.list: the sandbox's array is empty, the real one has 1 element(s): nothing to compare",
    ]);
    expect(shapeMismatches({ top: [] }, { top: [{ any: 1 }] })).toEqual([]);
  });

  it("skips only the paths it is told to, with their reason", () => {
    const real = { claims: [{ sub: "a", ubiservices_uid: "b" }] };
    const ours = { claims: [{ sub: "a" }] };
    expect(shapeMismatches(real, ours)).toHaveLength(1);
    expect(shapeMismatches(real, ours, { skip: { "$.claims[].ubiservices_uid": "Ubisoft accounts only" } })).toEqual([]);
  });

  it("holds each value of a dictionary (an object keyed by data) to the real values' shape", () => {
    const real = { "5b4d42f4-c2de-407d-b367-cbff3fe817bc": "tooInfinite" };
    expect(shapeMismatches(real, { "609be2ca-a994-49ee-8568-e83d50ec6919": "BigMapperBea" })).toHaveLength(1);
    expect(shapeMismatches(real, { "609be2ca-a994-49ee-8568-e83d50ec6919": "BigMapperBea" }, { dictionaries: ["$"] })).toEqual([]);
    expect(shapeMismatches(real, { x: 1 }, { dictionaries: ["$"] })).toEqual(['$["x"]: real is string ("tooInfinite"), sandbox is number (1)']);
    expect(shapeMismatches(real, {}, { dictionaries: ["$"] })).toEqual(["$: the sandbox's dictionary is empty, the real one has 1 element(s): nothing to compare"]);
  });

  it("words one message for an assertion", () => {
    expect(describeShapeMismatches("live/top", { a: 1 }, { a: 1 })).toBe("");
    expect(describeShapeMismatches("live/top", { a: 1 }, {})).toBe("live/top: the sandbox's answer differs from the real example\n  $.a: missing in the sandbox (real: number 1)");
  });
});
