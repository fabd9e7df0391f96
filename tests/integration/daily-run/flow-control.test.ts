import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// User checks' QStash flow control: parallelism and a start rate derived from the Trackmania
// client's request rate, as QStash receives them (the real SDK publishing to the fake) and as the
// in-process driver reads them.
process.env.SANDBOX_CLOCK = "manual";
process.env.SANDBOX_REQUESTS_PER_SECOND = "1000";

const { loadConfig } = await import("@/lib/config");
const { nadeoFlowControl, startRateWithin, userCheckJob, userCheckStartRate } = await import("@/lib/jobs/user-check");
const { createQStashQueue } = await import("@/lib/queue/qstash");
const { startQStashFake } = await import("@/tests/fakes/qstash");

const secret = (prefix: string) => `${prefix}_${randomBytes(16).toString("hex")}`;
const keys = { currentSigningKey: secret("sig_current"), nextSigningKey: secret("sig_next"), token: secret("qstash_token") };

describe("user-check flow control", () => {
  it("turns a request rate into whole starts per whole-second period, never faster", () => {
    expect(startRateWithin(0.8)).toEqual({ rate: 4, period: 5 });
    expect(startRateWithin(2)).toEqual({ rate: 2, period: 1 });
    expect(startRateWithin(1.5)).toEqual({ rate: 3, period: 2 });
    expect(startRateWithin(0.58)).toEqual({ rate: 29, period: 50 });
    expect(startRateWithin(0.01)).toEqual({ rate: 1, period: 100 });
    expect(startRateWithin(1000)).toEqual({ rate: 1000, period: 1 });
    // Over the whole range config allows (0.01–2/s): never above the rate, and within a start a minute of it.
    for (let hundredths = 1; hundredths <= 200; hundredths += 1) {
      const perSecond = hundredths / 100;
      const { rate, period } = startRateWithin(perSecond);
      expect(Number.isInteger(rate) && Number.isInteger(period) && rate >= 1 && period >= 1).toBe(true);
      expect(rate / period).toBeLessThanOrEqual(perSecond);
      if (perSecond >= 1 / 60) expect(rate / period).toBeGreaterThanOrEqual(perSecond - 1 / 60);
    }
  });

  it("follows Nadeo's configured rate, or the sandbox's when it stands in for Nadeo", () => {
    const nadeo = loadConfig({
      NADEO_SERVER_LOGIN: "login",
      NADEO_SERVER_PASSWORD: "password",
      TM_OAUTH_CLIENT_ID: "client",
      TM_OAUTH_CLIENT_SECRET: "secret",
      TM_USER_AGENT: "Trackwatch test (ops@trackwatch.test)",
    });
    expect(userCheckStartRate(nadeo)).toEqual({ rate: 4, period: 5 }); // the default 0.8/s
    expect(userCheckStartRate({ ...nadeo, TM_REQUESTS_PER_SECOND: 0.5 })).toEqual({ rate: 1, period: 2 });
    expect(userCheckStartRate(loadConfig({ SANDBOX_REQUESTS_PER_SECOND: "25" }))).toEqual({ rate: 25, period: 1 });
  });

  it("is the job's own flow control, so in-process messages recovered after a crash keep it too", () => {
    expect(userCheckJob.flowControl).toBe(nadeoFlowControl);
    expect({ ...nadeoFlowControl }).toEqual({ key: "nadeo", parallelism: 2, rate: 1000, period: 1 });
  });

  describe("on QStash", () => {
    let fake: Awaited<ReturnType<typeof startQStashFake>>;
    beforeAll(async () => {
      // Nothing is delivered: only what the SDK publishes matters here.
      fake = await startQStashFake({ ...keys, autoDeliver: false });
    });
    afterAll(async () => {
      await fake?.close();
    });

    it("publishes parallelism, rate and period, whether the message names the flow control or the job does", async () => {
      const queue = createQStashQueue({ baseUrl: fake.url, token: keys.token, appUrl: "http://127.0.0.1:9" });
      const payload = { dailyRunId: "run", userId: "user", day: "2026-06-02", runKey: "2026-06-02T07", leaderboardKey: "2026-06-02", now: new Date().toISOString() };
      const named = await queue.enqueue(userCheckJob, payload, { flowControl: nadeoFlowControl });
      const declared = await queue.enqueue(userCheckJob, payload, {});
      for (const { messageId } of [named, declared]) {
        const published = fake.published.find((p) => p.messageId === messageId)!;
        expect(published.headers["upstash-flow-control-key"]).toBe("nadeo");
        // The SDK writes a numeric period as seconds ("1s").
        expect(published.headers["upstash-flow-control-value"]).toBe("parallelism=2, rate=1000, period=1s");
        expect(fake.messages.find((m) => m.messageId === messageId)!.flowControl).toEqual({ key: "nadeo", parallelism: 2, rate: 1000, periodMs: 1000 });
      }
    });
  });
});
