import { randomBytes } from "node:crypto";
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { PGlite } from "@electric-sql/pglite";
import { afterAll, describe, expect, it } from "vitest";
import { startUpstashRestFake } from "@/tests/fakes/upstash-rest";

// `npm run admin:grant` and `npm run admin:disable` as an operator runs them: the command package.json
// names, in a process of its own, on the database and KV store the app (here, this test process with
// its signed-in browsers) uses. The KV store is the Upstash REST fake over the local Redis, shared by
// both processes as Upstash is shared by every instance in production: a script's change reaches
// sessions served by another process only through it (each process's in-memory KV is its own).

const root = fileURLToPath(new URL("../../..", import.meta.url));
const run = promisify(execFile);

process.env.AUTH_SECRET = "integration-test-secret-000000000000000";
const kvToken = `kv_${randomBytes(12).toString("hex")}`;
const kv = await startUpstashRestFake({ token: kvToken });
process.env.KV_REST_API_URL = kv.url;
process.env.KV_REST_API_TOKEN = kvToken;

// With DATABASE_URL, both processes use this file's schema on that server. Without it, an embedded
// database on disk: a child process cannot reach this process's in-memory one.
const embedded = !process.env.DATABASE_URL;
const tmp = await mkdtemp(path.join(os.tmpdir(), "trackwatch-admin-scripts-"));
const dataDir = path.join(tmp, "pglite");
if (embedded) {
  process.env.PGLITE_DATA_DIR = dataDir;
  // lib/db boots an in-memory copy of a snapshot when given one, ignoring the data directory; instead
  // the directory starts as a copy of the run's migrated snapshot, which saves migrating it (seconds).
  const snapshot = process.env.PGLITE_SNAPSHOT;
  delete process.env.PGLITE_SNAPSHOT;
  if (snapshot) await (await PGlite.create(dataDir, { loadDataDir: new Blob([await readFile(snapshot)]) })).close();
}

const scriptEnv: NodeJS.ProcessEnv = {
  // Nothing else of this process's env: an operator's shell has no vitest or snapshot variables.
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  NODE_ENV: "development",
  KV_REST_API_URL: kv.url,
  KV_REST_API_TOKEN: kvToken,
  ...(embedded ? { PGLITE_DATA_DIR: dataDir } : { DATABASE_URL: process.env.DATABASE_URL, DATABASE_SCHEMA: process.env.DATABASE_SCHEMA }),
};

const { closeDb, getDb } = await import("@/lib/db");
const { AUTH_ORIGIN, AuthRouteBrowser } = await import("./auth-route-browser");
const { GOOD_PASSWORD, signUp, uniqueEmail, uniqueIp, userRow } = await import("./support");

const packageScripts = (JSON.parse(await readFile(path.join(root, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;

type ScriptRun = { code: number; stdout: string; stderr: string };

/** Runs package.json's command for `name` from the project root, as `npm run <name> -- <args>` does. */
async function runScript(name: "admin:grant" | "admin:disable", args: string[]): Promise<ScriptRun> {
  const [program, ...commandArgs] = packageScripts[name]!.split(" ");
  // npm puts node_modules/.bin on PATH; calling tsx there directly skips npm's own start-up.
  expect(program).toBe("tsx");
  try {
    const { stdout, stderr } = await run(path.join(root, "node_modules", ".bin", "tsx"), [...commandArgs, ...args], {
      cwd: root,
      env: scriptEnv,
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: unknown; stdout?: string; stderr?: string };
    // A timeout or a signal leaves no exit code: that is the test's failure, not the script's answer.
    if (typeof failed.code !== "number") throw error;
    return { code: failed.code, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" };
  }
}

/**
 * Runs a script the way the README asks an operator to: with nothing else holding the embedded
 * database, since PGlite is single-process (this process reopens it at its next query).
 */
async function npmRun(name: "admin:grant" | "admin:disable", ...args: string[]): Promise<ScriptRun> {
  if (embedded) await closeDb();
  return runScript(name, args);
}

async function signedIn(email: string) {
  const browser = new AuthRouteBrowser(uniqueIp());
  const response = await browser.postCredentials({ email, password: GOOD_PASSWORD });
  expect(response.headers.get("location")).toBe(`${AUTH_ORIGIN}/dashboard`);
  return browser;
}

async function everyAccount() {
  return (await getDb()).user.findMany({
    orderBy: { email: "asc" },
    select: { email: true, role: true, sessionVersion: true, disabledAt: true },
  });
}

afterAll(async () => {
  await closeDb();
  await kv.close();
  await rm(tmp, { recursive: true, force: true });
});

describe("npm run admin:grant", () => {
  it("makes the account an admin and its open session carries the role at once, still signed in; --revoke takes it back", async () => {
    const user = await signUp();
    const browser = await signedIn(user.email);
    // This request also caches the user's state, role USER, in the shared KV: from here on only the
    // script's refresh of that cache can show the session another role.
    expect(await browser.sessionUser()).toMatchObject({ id: user.id, role: "USER" });
    const { sessionVersion } = await userRow(user.id);

    const granted = await npmRun("admin:grant", user.email);
    expect(granted).toMatchObject({ code: 0, stdout: `${user.email} is now an admin.\n` });
    // The role travels on its own: the session version stays, so a promotion signs no one out.
    expect(await userRow(user.id)).toMatchObject({ role: "ADMIN", sessionVersion });
    expect(await browser.sessionUser()).toMatchObject({ id: user.id, role: "ADMIN" });

    // Typed as an operator might: the script normalises the address as sign-up does.
    const revoked = await npmRun("admin:grant", user.email.toUpperCase(), "--revoke");
    expect(revoked).toMatchObject({ code: 0, stdout: `${user.email} is now a regular user.\n` });
    expect(await userRow(user.id)).toMatchObject({ role: "USER", sessionVersion });
    expect(await browser.sessionUser()).toMatchObject({ id: user.id, role: "USER" });
  });

  it.skipIf(!embedded)("refuses to run while another process holds the embedded database, and changes nothing", async () => {
    const user = await signUp();
    // This process keeps its database open, as a running `npm run dev` would.
    const refused = await runScript("admin:grant", [user.email]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain(`The embedded database at ${dataDir} is in use by process ${process.pid}`);
    expect(await userRow(user.id)).toMatchObject({ role: "USER" });
  });
});

describe("an unknown email", () => {
  it("makes either script exit non-zero with a message on stderr, and change nothing", async () => {
    await signUp();
    const stranger = uniqueEmail("stranger");
    const before = await everyAccount();

    const grant = await npmRun("admin:grant", stranger);
    expect(grant).toEqual({ code: 1, stdout: "", stderr: `No account with the email ${stranger}. Sign up first, then run this again.\n` });
    const disable = await npmRun("admin:disable", stranger);
    expect(disable).toEqual({ code: 1, stdout: "", stderr: `No account with the email ${stranger}.\n` });

    expect(await everyAccount()).toEqual(before);
  });
});

describe("npm run admin:disable", () => {
  it("ends every session of the account at once and refuses sign-in; --enable allows sign-in again but revives no old session", async () => {
    const user = await signUp();
    const laptop = await signedIn(user.email);
    const phone = await signedIn(user.email);
    expect(await laptop.sessionUserId()).toBe(user.id);
    expect(await phone.sessionUserId()).toBe(user.id);
    // The cookie as it was, to replay once the account is enabled again (the jar drops it when refused).
    const laptopCookies = new Map(laptop.cookies);
    const { sessionVersion } = await userRow(user.id);

    const disabled = await npmRun("admin:disable", user.email);
    expect(disabled).toMatchObject({ code: 0, stdout: `${user.email} is now disabled; its sessions have ended.\n` });
    const row = await userRow(user.id);
    expect(row.disabledAt).not.toBeNull();
    expect(row.sessionVersion).toBe(sessionVersion + 1);
    expect(await laptop.sessionUser()).toBeUndefined();
    expect(await phone.sessionUser()).toBeUndefined();

    const again = new AuthRouteBrowser(uniqueIp());
    const refused = await again.postCredentials({ email: user.email, password: GOOD_PASSWORD });
    expect(refused.headers.get("location")).toBe(`${AUTH_ORIGIN}/sign-in?error=CredentialsSignin&code=forbidden`);
    expect(await again.sessionUserId()).toBeUndefined();

    const enabled = await npmRun("admin:disable", user.email, "--enable");
    expect(enabled).toMatchObject({ code: 0, stdout: `${user.email} is now enabled.\n` });
    expect(await userRow(user.id)).toMatchObject({ disabledAt: null, sessionVersion: sessionVersion + 1 });
    const replayed = new AuthRouteBrowser(laptop.ip);
    for (const [name, value] of laptopCookies) replayed.cookies.set(name, value);
    expect(await replayed.sessionUserId()).toBeUndefined();
    expect(await (await signedIn(user.email)).sessionUserId()).toBe(user.id);
  });
});
