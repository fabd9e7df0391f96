import { describe, expect, it } from "vitest";

// With no CRON_SECRET configured the cron route fails closed: no header value opens it.
delete process.env.CRON_SECRET;
process.env.SANDBOX_CLOCK = "manual";

const { GET } = await import("@/app/api/cron/daily/route");

describe("cron route without CRON_SECRET", () => {
  it("refuses every call, including the literal values an unset secret could produce", async () => {
    for (const authorization of [undefined, "", "Bearer ", "Bearer undefined", "Bearer null"]) {
      const response = await GET(new Request("http://localhost/api/cron/daily", { headers: authorization === undefined ? {} : { authorization } }));
      expect(response.status).toBe(401);
    }
  });
});
