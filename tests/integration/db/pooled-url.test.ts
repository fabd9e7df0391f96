import { randomBytes } from "node:crypto";
import net from "node:net";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "@/lib/config";
import { databaseOptionsFrom } from "@/lib/db";
import { openDatabase, postgresPoolConfig, type Database } from "@/lib/db/connect";
import { dropSchema } from "../../support/database";

// Neon's pooled URLs go through PgBouncer in transaction mode: it refuses the `options` startup
// parameter, and its sessions do not last, so migrations need the direct (unpooled) URL.

const pooled = "postgresql://app@ep-quiet-1234-pooler.eu-central-1.aws.neon.tech/trackwatch?sslmode=require";
const direct = "postgresql://app@ep-quiet-1234.eu-central-1.aws.neon.tech/trackwatch?sslmode=require";

describe("connecting to Postgres", () => {
  it("sends the search_path startup option only for a schema of our own", () => {
    expect(postgresPoolConfig(pooled)).not.toHaveProperty("options");
    expect(postgresPoolConfig(pooled, "public")).not.toHaveProperty("options");
    expect(postgresPoolConfig(pooled, "test_42")).toMatchObject({ options: `-c search_path="test_42"` });
  });

  it("migrates through DATABASE_URL_UNPOOLED when it is set, else through DATABASE_URL", () => {
    expect(databaseOptionsFrom(loadConfig({ DATABASE_URL: pooled, DATABASE_URL_UNPOOLED: direct }))).toMatchObject({
      driver: "postgres",
      url: pooled,
      migrationUrl: direct,
    });
    const withoutDirect = databaseOptionsFrom(loadConfig({ DATABASE_URL: pooled }));
    expect(withoutDirect).toMatchObject({ driver: "postgres", url: pooled });
    expect(withoutDirect.driver === "postgres" && withoutDirect.migrationUrl).toBeUndefined();
  });
});

const url = process.env.DATABASE_URL;
describe.runIf(url)("through a pooler that refuses startup options, as PgBouncer does", () => {
  const opened: Database[] = [];
  const poolers: Pooler[] = [];
  const schema = `test_${process.pid}_${randomBytes(3).toString("hex")}_pooled`;

  afterEach(async () => {
    for (const db of opened.splice(0)) await db.close();
    for (const pooler of poolers.splice(0)) await pooler.close();
  });
  afterAll(() => dropSchema(url!, schema));

  async function pooler(options: { refuseOptions: boolean }) {
    const started = await startPoolerImitation(url!, options);
    poolers.push(started);
    return started;
  }

  it("connects with the default schema, sending no options", async () => {
    const through = await pooler({ refuseOptions: true });
    const db = await openDatabase({ driver: "postgres", url: through.url });
    opened.push(db);
    const [row] = await db.sql.query<{ search_path: string }>(`SELECT current_setting('search_path') AS search_path`);
    expect(row!.search_path).toContain("public");
    expect(through.startups).toHaveLength(1);
    expect(through.startups[0]).not.toHaveProperty("options");
  });

  it("is refused with a schema of our own (the check has teeth)", async () => {
    const through = await pooler({ refuseOptions: true });
    const db = await openDatabase({ driver: "postgres", url: through.url, schema });
    opened.push(db);
    await expect(db.sql.query("SELECT 1")).rejects.toThrow("unsupported startup parameter: options");
  });

  it("runs migrations on the migration URL, never through the pooled one", async () => {
    const through = await pooler({ refuseOptions: false });
    const db = await openDatabase({ driver: "postgres", url: through.url, migrationUrl: url!, schema, migrate: true });
    opened.push(db);
    expect(through.startups).toEqual([]);
    const [row] = await db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "_prisma_migrations"`);
    expect(row!.n).toBeGreaterThan(0);
    expect(through.startups).toHaveLength(1);
  });
});

type Pooler = { url: string; startups: Record<string, string>[]; close(): Promise<void> };

const SSL_REQUEST_CODE = 80877103;

/**
 * A TCP proxy to the Postgres server of `targetUrl` that reads each connection's startup message,
 * records its parameters and, like PgBouncer, answers FATAL 08P01 "unsupported startup parameter:
 * options" when asked to refuse them; everything else is piped through untouched.
 */
async function startPoolerImitation(targetUrl: string, { refuseOptions }: { refuseOptions: boolean }): Promise<Pooler> {
  const target = new URL(targetUrl);
  const startups: Record<string, string>[] = [];
  const sockets = new Set<net.Socket>();

  const server = net.createServer((client) => {
    sockets.add(client);
    client.on("close", () => sockets.delete(client));
    client.on("error", () => client.destroy());
    let buffered = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      if (buffered.length < 8 || buffered.length < buffered.readInt32BE(0)) return;
      const length = buffered.readInt32BE(0);
      if (buffered.readInt32BE(4) === SSL_REQUEST_CODE) {
        // No TLS here: the client then sends its startup message in the clear.
        buffered = buffered.subarray(length);
        client.write("N");
        return;
      }
      client.off("data", onData);
      const parameters = readStartupParameters(buffered.subarray(8, length));
      startups.push(parameters);
      if (refuseOptions && "options" in parameters) {
        client.end(fatalError("08P01", "unsupported startup parameter: options"));
        return;
      }
      const upstream = net.connect(Number(target.port || 5432), target.hostname);
      sockets.add(upstream);
      upstream.on("close", () => sockets.delete(upstream));
      upstream.on("error", () => client.destroy());
      client.on("close", () => upstream.destroy());
      upstream.on("close", () => client.destroy());
      upstream.write(buffered);
      client.pipe(upstream);
      upstream.pipe(client);
    };
    client.on("data", onData);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  const through = new URL(targetUrl);
  through.hostname = "127.0.0.1";
  through.port = String(port);

  return {
    url: through.toString(),
    startups,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** The startup message's body after the protocol version: `key\0value\0…\0`. */
function readStartupParameters(body: Buffer): Record<string, string> {
  const parts = body.toString("utf8").split("\0");
  const parameters: Record<string, string> = {};
  for (let i = 0; i + 1 < parts.length && parts[i] !== ""; i += 2) parameters[parts[i]!] = parts[i + 1]!;
  return parameters;
}

/** A protocol ErrorResponse ('E') with severity FATAL. */
function fatalError(code: string, message: string): Buffer {
  const fields = Buffer.from(`SFATAL\0VFATAL\0C${code}\0M${message}\0\0`, "utf8");
  const header = Buffer.alloc(5);
  header.write("E", 0);
  header.writeInt32BE(fields.length + 4, 1);
  return Buffer.concat([header, fields]);
}
