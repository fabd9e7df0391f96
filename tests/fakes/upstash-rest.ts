import { createHash, randomUUID, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Redis } from "ioredis";
import { testRedisUrl } from "@/tests/support/test-redis";

/**
 * A local Upstash REST server in front of the real Redis (no npm package provides one; see
 * shared/research/stack-spike.md row 6). It speaks what @upstash/redis and @vercel/kv send:
 *
 * - `POST /` with one command as a JSON array → `{ result }`, or 400 `{ error: "ERR ..." }`;
 * - `POST /pipeline` with an array of commands → 200 and one `{ result }` / `{ error }` each;
 * - `POST /multi-exec` → the same, run inside MULTI/EXEC (400 when Redis discards the transaction);
 * - `Authorization: Bearer <token>`, else 401 `{ "error": "Unauthorized" }`;
 * - `Upstash-Encoding: base64`: every string in a result is base64 (recursively in arrays),
 *   numbers and nulls are left as they are.
 *
 * Redis 7.0 rejects the `#!lua flags=allow-key-locking` first line of @upstash/ratelimit's scripts,
 * so EVAL and SCRIPT LOAD drop a leading `#!lua` line, and EVALSHA of the original script's hash is
 * routed to the stripped script's hash, so clients see the hashes a real Upstash would give.
 *
 * Isolation, pick one:
 * - `db`: the fake SELECTs that database and FLUSHDBs it on start. Each test file that uses Redis
 *   owns one number, so files running in parallel never flush each other's keys. Taken so far:
 *   9 = tests/integration/kv-contract.test.ts.
 * - otherwise every key is prefixed with `keyPrefix` (default: unique per fake) through ioredis'
 *   `keyPrefix`, and `close()` deletes the keys under it. Replies that list key names (KEYS,
 *   SCAN) then show the prefix.
 */

export type UpstashRestFakeOptions = {
  /** Defaults to the Redis the tests use: TEST_REDIS_URL, which the Vitest global setup sets. */
  redisUrl?: string;
  token: string;
  /** A Redis database this fake owns and flushes on start. */
  db?: number;
  /** Prefix for every key when no `db` is given; defaults to a unique one per fake. */
  keyPrefix?: string;
};

export type UpstashRestFake = { url: string; token: string; close(): Promise<void> };

type CommandArgument = string | number | boolean | null;
type Command = [string, ...CommandArgument[]];
type Reply = Buffer | number | null | Reply[];
type Encoded = string | number | null | Encoded[];
type Outcome = { result: Encoded } | { error: string };

class BadRequest extends Error {}

export async function startUpstashRestFake(options: UpstashRestFakeOptions): Promise<UpstashRestFake> {
  const { redisUrl = testRedisUrl(), token, db } = options;
  const keyPrefix = db === undefined ? (options.keyPrefix ?? `upstash-fake:${randomUUID()}:`) : options.keyPrefix;
  const redis = new Redis(redisUrl, { db, keyPrefix, lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  if (db !== undefined) await redis.flushdb();

  /** sha1 of a script as sent (with its `#!lua` line) → sha1 of the script Redis actually holds. */
  const strippedShaByOriginal = new Map<string, string>();

  function adaptForRedis([name, ...rawArgs]: Command): [string, ...string[]] {
    const args = rawArgs.map(toArgument);
    const command = name.toLowerCase();
    if ((command === "eval" || command === "eval_ro") && args[0] !== undefined) {
      args[0] = stripShebang(args[0], strippedShaByOriginal);
    } else if (command === "script" && args[0]?.toLowerCase() === "load" && args[1] !== undefined) {
      args[1] = stripShebang(args[1], strippedShaByOriginal);
    } else if ((command === "evalsha" || command === "evalsha_ro") && args[0] !== undefined) {
      args[0] = strippedShaByOriginal.get(args[0].toLowerCase()) ?? args[0];
    }
    return [name, ...args];
  }

  /** SCRIPT LOAD answers with the hash of the script as the client sent it. */
  function adaptReply([name, ...args]: Command, reply: Reply): Reply {
    if (name.toLowerCase() === "script" && String(args[0]).toLowerCase() === "load" && typeof args[1] === "string") {
      return Buffer.from(sha1(args[1]));
    }
    return reply;
  }

  async function run(command: Command): Promise<Reply> {
    const [name, ...args] = adaptForRedis(command);
    return adaptReply(command, (await redis.callBuffer(name, ...args)) as Reply);
  }

  async function runTransaction(commands: Command[], useBase64: boolean): Promise<Outcome[]> {
    const transaction = redis.multi();
    for (const command of commands) {
      const [name, ...args] = adaptForRedis(command);
      transaction.callBuffer(name, ...args);
    }
    // exec() rejects with EXECABORT when Redis discarded the whole transaction (answered 400).
    const results = (await transaction.exec()) ?? [];
    return results.map(([error, reply], index) =>
      error ? { error: error.message } : { result: encode(adaptReply(commands[index]!, reply as Reply), useBase64) },
    );
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!isAuthorised(request.headers.authorization, token)) {
      return sendJson(response, 401, { error: "Unauthorized" });
    }
    if (request.method !== "POST") {
      return sendJson(response, 405, { error: "ERR the Upstash REST fake only answers POST" });
    }
    const useBase64 = String(request.headers["upstash-encoding"] ?? "").toLowerCase() === "base64";
    const path = new URL(request.url ?? "/", "http://fake").pathname;
    try {
      const body = await readJson(request);
      if (path === "/") {
        const reply = await run(parseCommand(body));
        return sendJson(response, 200, { result: encode(reply, useBase64) });
      }
      if (path === "/pipeline") {
        const commands = parseCommandList(body);
        // Not atomic, as on Upstash: each command succeeds or fails on its own.
        const outcomes = await Promise.all(
          commands.map((command) =>
            run(command).then(
              (reply): Outcome => ({ result: encode(reply, useBase64) }),
              (error: unknown): Outcome => ({ error: errorMessage(error) }),
            ),
          ),
        );
        return sendJson(response, 200, outcomes);
      }
      if (path === "/multi-exec") {
        return sendJson(response, 200, await runTransaction(parseCommandList(body), useBase64));
      }
      return sendJson(response, 404, { error: `ERR the Upstash REST fake does not serve ${path}` });
    } catch (error) {
      const status = error instanceof BadRequest || isRedisReplyError(error) ? 400 : 500;
      return sendJson(response, status, { error: errorMessage(error) });
    }
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => sendJson(response, 500, { error: errorMessage(error) }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    token,
    async close() {
      // The SDK's fetch keeps connections alive; without this, close() would wait for them.
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
      if (db === undefined && keyPrefix !== undefined) await deleteKeysWithPrefix(redis, keyPrefix);
      await redis.quit();
    },
  };
}

function stripShebang(script: string, strippedShaByOriginal: Map<string, string>): string {
  if (!script.startsWith("#!lua")) return script;
  const newline = script.indexOf("\n");
  const stripped = newline === -1 ? "" : script.slice(newline + 1);
  strippedShaByOriginal.set(sha1(script), sha1(stripped));
  return stripped;
}

function sha1(text: string): string {
  return createHash("sha1").update(text).digest("hex");
}

/** The SDK sends strings, numbers and booleans; Redis only knows strings. */
function toArgument(value: CommandArgument): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

function encode(reply: Reply, base64: boolean): Encoded {
  if (Buffer.isBuffer(reply)) return reply.toString(base64 ? "base64" : "utf8");
  if (Array.isArray(reply)) return reply.map((item) => encode(item, base64));
  return reply;
}

function parseCommand(body: unknown): Command {
  const valid =
    Array.isArray(body) &&
    typeof body[0] === "string" &&
    body.every((part) => part === null || ["string", "number", "boolean"].includes(typeof part));
  if (!valid) throw new BadRequest("ERR failed to parse command: expected a JSON array like [\"get\", \"key\"]");
  return body as Command;
}

function parseCommandList(body: unknown): Command[] {
  if (!Array.isArray(body) || body.length === 0) throw new BadRequest("ERR expected a non-empty JSON array of commands");
  return body.map(parseCommand);
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new BadRequest("ERR failed to parse request body as JSON");
  }
}

function isAuthorised(header: string | undefined, token: string): boolean {
  const expected = Buffer.from(`Bearer ${token}`);
  const given = Buffer.from(header ?? "");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** An error Redis answered (ERR, WRONGTYPE, NOSCRIPT, EXECABORT...), as opposed to a broken connection. */
function isRedisReplyError(error: unknown): boolean {
  return error instanceof Error && error.name === "ReplyError";
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(body));
}

async function deleteKeysWithPrefix(redis: Redis, prefix: string): Promise<void> {
  // ioredis leaves SCAN's pattern and replies alone but prefixes UNLINK's keys, so the names
  // SCAN returns are unprefixed before deleting.
  const pattern = `${prefix.replace(/[*?[\]\\]/g, "\\$&")}*`;
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", pattern, "COUNT", 500);
    cursor = next;
    if (keys.length > 0) await redis.call("unlink", ...keys.map((key) => key.slice(prefix.length)));
  } while (cursor !== "0");
}
