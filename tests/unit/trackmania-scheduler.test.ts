import { describe, expect, it } from "vitest";
import { createRequestScheduler } from "@/lib/trackmania/scheduler";

describe("createRequestScheduler", () => {
  it("spaces the starts of one service by 1 / rate", async () => {
    const scheduler = createRequestScheduler({ requestsPerSecond: 20 });
    const starts: number[] = [];
    await Promise.all(
      Array.from({ length: 5 }, () =>
        scheduler.run("live", async () => {
          starts.push(performance.now());
        }),
      ),
    );
    for (let i = 1; i < starts.length; i += 1) {
      expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(50 - 2);
    }
  });

  it("runs one request of a service at a time", async () => {
    const scheduler = createRequestScheduler({ requestsPerSecond: 1000 });
    let inFlight = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 4 }, () =>
        scheduler.run("core", async () => {
          inFlight += 1;
          most = Math.max(most, inFlight);
          await new Promise((resolve) => setTimeout(resolve, 10));
          inFlight -= 1;
        }),
      ),
    );
    expect(most).toBe(1);
  });

  it("keeps services independent", async () => {
    const scheduler = createRequestScheduler({ requestsPerSecond: 2 });
    const started = performance.now();
    await Promise.all([
      scheduler.run("live", async () => undefined),
      scheduler.run("core", async () => undefined),
      scheduler.run("tmx", async () => undefined),
    ]);
    // One lane for all three would space them 500 ms apart (at least 1 s in all).
    expect(performance.now() - started).toBeLessThan(500);
  });

  it("keeps the lane going after a failed task", async () => {
    const scheduler = createRequestScheduler({ requestsPerSecond: 1000 });
    await expect(scheduler.run("live", async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    await expect(scheduler.run("live", async () => "next")).resolves.toBe("next");
  });

  it("holds a service back after pause()", async () => {
    const scheduler = createRequestScheduler({ requestsPerSecond: 1000 });
    await scheduler.run("live", async () => undefined);
    scheduler.pause("live", 120);
    const started = performance.now();
    await scheduler.run("live", async () => undefined);
    expect(performance.now() - started).toBeGreaterThanOrEqual(115);
  });

  it("does not spin with an injected sleep that passes no time", async () => {
    const sleeps: number[] = [];
    const scheduler = createRequestScheduler({
      requestsPerSecond: 1,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    });
    await scheduler.run("live", async () => undefined);
    await scheduler.run("live", async () => undefined);
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThan(900);
  });

  it("refuses a rate that is not positive", () => {
    expect(() => createRequestScheduler({ requestsPerSecond: 0 })).toThrow(RangeError);
  });
});
