import { describe, expect, it } from "vitest";
import { greetingName } from "@/lib/users/greeting-name";

// One rule for every email's "Hi …,": Settings' display name, else the Trackmania name, else the address's local part.

describe("greetingName", () => {
  it("greets by the display name from Settings, even with a Trackmania name on the profile", () => {
    expect(greetingName({ name: "Bea", tmDisplayName: "BigMapperBea", email: "bea@example.com" })).toBe("Bea");
  });

  it("falls back to the Trackmania name, then to the address's local part", () => {
    expect(greetingName({ name: null, tmDisplayName: "BigMapperBea", email: "bea@example.com" })).toBe("BigMapperBea");
    expect(greetingName({ name: null, tmDisplayName: null, email: "bea.mapper@example.com" })).toBe("bea.mapper");
  });

  it("treats blank names as unset and trims the one it uses", () => {
    expect(greetingName({ name: "   ", tmDisplayName: " BigMapperBea ", email: "bea@example.com" })).toBe("BigMapperBea");
    expect(greetingName({ name: "", tmDisplayName: "", email: "bea@example.com" })).toBe("bea");
    expect(greetingName({ name: "  Bea ", tmDisplayName: null, email: "bea@example.com" })).toBe("Bea");
  });

  it("keeps a quoted local part that holds an @ whole", () => {
    expect(greetingName({ name: null, tmDisplayName: null, email: '"bea@home"@example.com' })).toBe('"bea@home"');
  });
});
