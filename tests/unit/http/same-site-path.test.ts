import { describe, expect, it } from "vitest";
import { returnPathOrDashboard, sameSitePath, SAME_SITE_PATH_MAX } from "@/lib/http";

// What a `next=` query parameter holds once Next.js has decoded it, and what an attacker would send.
const controlCharacters = [...Array.from({ length: 0x20 }, (_, code) => code), 0x7f, 0x85, 0x9f].map((code) => String.fromCharCode(code));

describe("the one same-site path check", () => {
  it("keeps plain paths on this site, with their query and fragment", () => {
    expect(returnPathOrDashboard("/alerts")).toBe("/alerts");
    expect(returnPathOrDashboard("/maps/abc?tab=top#records")).toBe("/maps/abc?tab=top#records");
    expect(returnPathOrDashboard("/search?q=snow%20line")).toBe("/search?q=snow%20line");
    expect(returnPathOrDashboard("/verify-email")).toBe("/verify-email");
  });

  it.each(controlCharacters.map((c) => [c.charCodeAt(0).toString(16).padStart(2, "0"), c]))(
    "refuses control character U+00%s anywhere in the path, raw or percent-encoded",
    (hex, character) => {
      expect(returnPathOrDashboard(`/${character}/evil.example/phish`)).toBe("/dashboard");
      expect(returnPathOrDashboard(`/alerts${character}`)).toBe("/dashboard");
      if (character.charCodeAt(0) < 0x80) expect(returnPathOrDashboard(`/%${hex}/evil.example/phish`)).toBe("/dashboard");
    },
  );

  it.each([
    ["a tab the browser drops (decoded)", "/\t/evil.example/phish"],
    ["a tab the browser drops (encoded)", "/%09/evil.example/phish"],
    ["a newline the browser drops", "/\n/evil.example"],
    ["an encoded backslash", "/%5C/evil.example"],
    ["an encoded backslash, lower case", "/%5c%5cevil.example"],
    ["a backslash", "/\\evil.example"],
    ["escaped slashes", "\\/\\/evil.example"],
    ["a dot segment and a backslash", "/.\\/evil.example"],
    ["protocol-relative", "//evil.example/phish"],
    ["protocol-relative after decoding", "/%2Fevil.example"],
    ["absolute https", "https://evil.example/phish"],
    ["scheme without slashes", "https:evil.example"],
    ["javascript", "javascript:alert(document.cookie)"],
    ["a data URL", "data:text/html,<script>alert(1)</script>"],
    ["a relative path", "alerts"],
    ["dot segments that collapse into //", "/.//evil.example"],
    ["over-long", `/${"a".repeat(SAME_SITE_PATH_MAX)}`],
    ["malformed percent-encoding", "/%E0%A4%A"],
    ["empty", ""],
  ])("refuses %s", (_label, value) => {
    expect(sameSitePath(value)).toBeNull();
    expect(returnPathOrDashboard(value)).toBe("/dashboard");
  });

  it("refuses anything that is not a string", () => {
    for (const value of [undefined, null, 42, ["/alerts"], { path: "/alerts" }]) expect(returnPathOrDashboard(value)).toBe("/dashboard");
  });

  it("keeps the longest allowed path", () => {
    const longest = `/${"a".repeat(SAME_SITE_PATH_MAX - 1)}`;
    expect(sameSitePath(longest)).toBe(longest);
  });
});
