import { existsSync } from "node:fs";
import { connect, createServer, type AddressInfo, type Server } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Redis } from "ioredis";
import {
  ensureTestRedis,
  freePort,
  REDIS_MISSING,
  redisAnswers,
  startPrivateRedis,
  type TestRedis,
} from "@/tests/support/test-redis";

/** What `npm test` does when nothing answers on the Redis port: a private redis-server for the run. */
describe("a private Redis for the tests", () => {
  it("starts on a free port of 127.0.0.1 with nothing kept on disk, answers PING, and is gone after stop()", async () => {
    const redis = await startPrivateRedis();
    const port = Number(new URL(redis.url).port);
    const client = new Redis(redis.url, { lazyConnect: true });
    try {
      expect(new URL(redis.url).hostname).toBe("127.0.0.1");
      expect(port).not.toBe(6379);
      await client.connect();
      expect(await client.ping()).toBe("PONG");
      expect(await client.config("GET", "save")).toEqual(["save", ""]);
      expect(await client.config("GET", "appendonly")).toEqual(["appendonly", "no"]);
      expect(await client.config("GET", "bind")).toEqual(["bind", "127.0.0.1"]);
      const [, dir] = (await client.config("GET", "dir")) as [string, string];
      expect(existsSync(dir)).toBe(true);
      await client.quit();

      await redis.stop();
      expect(await redisAnswers(redis.url)).toBe(false);
      expect(await portAcceptsConnections(port)).toBe(false);
      expect(existsSync(dir)).toBe(false);
    } finally {
      client.disconnect();
      await redis.stop();
    }
  });

  it("says what to install, in one line, when there is no redis-server", async () => {
    await expect(startPrivateRedis({ binary: "redis-server-that-is-not-installed" })).rejects.toThrow(REDIS_MISSING);
    expect(REDIS_MISSING).not.toContain("\n");
  });

  describe("ensureTestRedis", () => {
    let running: TestRedis;
    /** A port held by something that is not Redis: it accepts and never answers. */
    let silent: Server;
    let silentPort: number;

    beforeAll(async () => {
      running = await startPrivateRedis();
      silent = createServer(() => {});
      await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
      silentPort = (silent.address() as AddressInfo).port;
    });

    afterAll(async () => {
      silent.close();
      await running.stop();
    });

    it("uses the Redis that answers at the URL and leaves it running", async () => {
      const redis = await ensureTestRedis({ url: running.url });
      expect(redis.url).toBe(running.url);
      await redis.stop();
      expect(await redisAnswers(running.url)).toBe(true);
    });

    it("starts its own when the port is free or held by something that is not Redis", async () => {
      const closedPort = await freePort();
      for (const url of [`redis://127.0.0.1:${closedPort}`, `redis://127.0.0.1:${silentPort}`]) {
        const redis = await ensureTestRedis({ url });
        try {
          expect(redis.url).not.toBe(url);
          expect(await redisAnswers(redis.url)).toBe(true);
        } finally {
          await redis.stop();
        }
        expect(await redisAnswers(redis.url)).toBe(false);
      }
    });

    it("stops at once with the install line when nothing answers and there is no redis-server", async () => {
      const url = `redis://127.0.0.1:${await freePort()}`;
      await expect(ensureTestRedis({ url, binary: "redis-server-that-is-not-installed" })).rejects.toThrow(REDIS_MISSING);
    });
  });
});

function portAcceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });
}
