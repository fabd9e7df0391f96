import { describe, expect, it } from "vitest";

// GET /api/cron/daily: Vercel-style cron, authorised by `Authorization: Bearer <CRON_SECRET>` only.
process.env.SANDBOX_CLOCK = "manual";
process.env.CRON_SECRET = "cron-secret-for-tests-6f1d2a";

const { getDb } = await import("@/lib/db");
const { drainQueue } = await import("@/lib/queue");
const { GET } = await import("@/app/api/cron/daily/route");

const call = (authorization?: string, query = "") =>
  GET(new Request(`http://localhost/api/cron/daily${query}`, { headers: authorization === undefined ? {} : { authorization } }));

describe("cron route", () => {
  it("answers 401 without the right bearer token, and runs nothing", async () => {
    for (const authorization of [undefined, "", "Bearer", "Bearer wrong", "cron-secret-for-tests-6f1d2a", "Basic cron-secret-for-tests-6f1d2a", "Bearer cron-secret-for-tests-6f1d2aX", "Bearer cron-secret-for-tests-6f1d2"]) {
      const response = await call(authorization);
      expect(response.status, `authorization: ${JSON.stringify(authorization)}`).toBe(401);
      expect((await response.json()).error.code).toBe("unauthorized:cron");
    }
    // The secret in the query string is not a credential (it would end up in logs).
    expect((await call(undefined, "?secret=cron-secret-for-tests-6f1d2a")).status).toBe(401);
    await drainQueue({ timeoutMs: 10_000 });
    expect(await (await getDb()).dailyRun.count()).toBe(0);
  });

  it("with the right token starts the run for the hour, once however often it is called", async () => {
    const first = await call("Bearer cron-secret-for-tests-6f1d2a");
    expect(first.status).toBe(200);
    const body = await first.json();
    expect(body).toMatchObject({ ok: true, slot: "2026-06-01T00Z", deduplicated: false });
    const second = await call("Bearer cron-secret-for-tests-6f1d2a");
    expect(await second.json()).toMatchObject({ ok: true, messageId: body.messageId, deduplicated: true });

    await drainQueue({ timeoutMs: 30_000 });
    const runs = await (await getDb()).dailyRun.findMany();
    expect(runs).toMatchObject([{ slot: "2026-06-01T00Z", trigger: "cron", status: "FINISHED", usersDue: 0 }]);
  });
});
