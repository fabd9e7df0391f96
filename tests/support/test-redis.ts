import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer, type AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { Redis } from "ioredis";

/**
 * The Redis the tests use (the Upstash REST fake sits on it): `TEST_REDIS_URL`, else the one on
 * 127.0.0.1:6379. When nothing answers there, the Vitest global setup starts a private redis-server
 * for the run (a free port, no persistence, a temporary directory) and stops it at the end; with no
 * redis-server installed the run stops at once with `REDIS_MISSING`.
 */
export const DEFAULT_TEST_REDIS_URL = "redis://127.0.0.1:6379";

export const REDIS_MISSING =
  "npm test needs Redis: apt-get install redis-server (or start one on 127.0.0.1:6379, or set TEST_REDIS_URL)";

export class RedisMissingError extends Error {
  constructor() {
    super(REDIS_MISSING);
    this.name = "RedisMissingError";
  }
}

export type TestRedis = {
  url: string;
  /** Stops the private server (and removes its directory); nothing to stop for a Redis found running. */
  stop(): Promise<void>;
};

export type TestRedisOptions = {
  /** Where to look for a running Redis first. */
  url?: string;
  /** The server binary to start when nothing answers there. */
  binary?: string;
};

export function testRedisUrl(): string {
  return process.env.TEST_REDIS_URL || DEFAULT_TEST_REDIS_URL;
}

/** The Redis at `url` when one answers there, else a private one started for the caller. */
export async function ensureTestRedis(options: TestRedisOptions = {}): Promise<TestRedis> {
  const { url = testRedisUrl(), binary } = options;
  if (await redisAnswers(url)) return { url, stop: async () => {} };
  return startPrivateRedis({ binary });
}

/** True when a Redis at `url` answers PING within a second (a port held by something else does not). */
export async function redisAnswers(url: string): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on("error", () => {});
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), 1000)));
  const pong = client
    .connect()
    .then(() => client.ping())
    .then((reply) => reply === "PONG", () => false);
  try {
    return await Promise.race([pong, timeout]);
  } finally {
    clearTimeout(timer);
    client.disconnect();
  }
}

export function redisServerInstalled(binary = "redis-server"): boolean {
  return spawnSync(binary, ["--version"], { stdio: "ignore" }).error === undefined;
}

const STARTUP_ATTEMPTS = 3;
const STARTUP_TIMEOUT_MS = 10_000;

/** Starts `redis-server` on a free port of 127.0.0.1 with nothing kept on disk; throws RedisMissingError without one. */
export async function startPrivateRedis(options: { binary?: string } = {}): Promise<TestRedis> {
  const { binary = "redis-server" } = options;
  if (!redisServerInstalled(binary)) throw new RedisMissingError();

  const dir = await mkdtemp(path.join(os.tmpdir(), "trackwatch-redis-"));
  const logFile = path.join(dir, "redis.log");
  try {
    // Another process may take the free port before redis-server binds it: try a fresh one.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"];
      const child = spawn(binary, [...args, "--dir", dir, "--logfile", logFile, "--daemonize", "no"], { stdio: "ignore" });
      child.once("error", () => {}); // a binary that cannot start has no pid: isRunning() says so
      // A run that dies without its teardown still takes the server with it.
      const killOnExit = () => child.kill("SIGKILL");
      process.once("exit", killOnExit);
      const url = `redis://127.0.0.1:${port}`;
      if (await becomesReady(child, url)) {
        return {
          url,
          async stop() {
            process.off("exit", killOnExit);
            await stopProcess(child);
            await rm(dir, { recursive: true, force: true });
          },
        };
      }
      process.off("exit", killOnExit);
      await stopProcess(child);
      if (attempt === STARTUP_ATTEMPTS) {
        const log = await readFile(logFile, "utf8").catch(() => "");
        throw new Error(`redis-server did not start on 127.0.0.1:${port}:\n${log.trim().split("\n").slice(-5).join("\n")}`);
      }
    }
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

async function becomesReady(child: ChildProcess, url: string): Promise<boolean> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline && isRunning(child)) {
    // The answer must come from this child, not from something that took the port meanwhile.
    if (await redisAnswers(url)) return isRunning(child);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

function isRunning(child: ChildProcess): boolean {
  return child.pid !== undefined && child.exitCode === null && child.signalCode === null;
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (!isRunning(child)) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
  await exited;
  clearTimeout(timer);
}

/** A port on 127.0.0.1 that nothing listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
