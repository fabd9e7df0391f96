import { existsSync, readFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { expect, test, type APIRequestContext, type APIResponse, type BrowserContext } from "./fixtures";
import { ADMIN, networkOf, signedInContext } from "./support/accounts";
import { fillPattern, listAppRoutes, type AppRoute } from "./support/app-routes";

/**
 * The route sweep: every page and route handler under app/ (read from the file tree, so a new one is
 * swept without editing this file) gets malformed input of every kind a client can send — junk in
 * dynamic segments and query strings, forged forwarding headers, invalid JSON, lying content types,
 * broken multipart, oversized and deeply nested bodies, invalid UTF-8, junk and real server-action
 * ids with undecodable arguments, a NUL in every query parameter each page reads — anonymously, with
 * a forged session cookie, as a user and as an admin. No answer may be a 5xx, leak internals (stack
 * frames, paths, database errors), or send the browser to a host other than the app's.
 */

const USER = { email: `sweep-${randomBytes(3).toString("hex")}@example.com`, password: "sweep-password-1", name: "Sweep" };
const EVIL = "evil.example";

const routes = listAppRoutes();

/** Values a dynamic segment gets: missing records, traversal, control and invalid UTF-8 escapes, huge. */
const JUNK_SEGMENTS = [
  "does-not-exist",
  "cm0000000000000000000000", // shaped like a real id
  "%00",
  "..%2F..%2Fetc%2Fpasswd",
  "%FF",
  "%E0%A4%A",
  "'%20OR%201%3D1--",
  "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
  "x".repeat(1500),
];

const JUNK_QUERY = `?next=%2F%2F${EVIL}&token=%FF&id[]=1&id[]=2&page=-1&callbackUrl=https%3A%2F%2F${EVIL}&q=${"y".repeat(3000)}`;

/**
 * Pages that still read their query by hand instead of through readSearchParams (lib/http/page-input.ts),
 * with the parameters they read. Every other page's parameters come from its readSearchParams list;
 * a page that takes searchParams and is in neither fails the test below until it is.
 */
const QUERY_READ_BY_HAND: Record<string, string[]> = {};

/** Every query parameter a page reads. */
const queryParamsOf = (route: AppRoute): string[] => (route.kind === "page" ? (route.queryParams.length > 0 ? route.queryParams : (QUERY_READ_BY_HAND[route.pattern] ?? [])) : []);

/**
 * A NUL where a value goes, alone and inside a plausible value (PostgreSQL refuses a NUL in text
 * with an error, a 500 if it got that far), and a NUL in every parameter at once.
 */
function nulQueries(params: string[]): { query: string; names: string[] }[] {
  const one = params.flatMap((name) => ["%00", "a%00b"].map((value) => ({ query: `${encodeURIComponent(name)}=${value}`, names: [name] })));
  const all = params.length > 1 ? [{ query: params.map((name) => `${encodeURIComponent(name)}=%00`).join("&"), names: params }] : [];
  return [...one, ...all];
}

/** Server actions Next knows, by the page that renders them (from the production build's manifest). */
function serverActionsByPage(): Map<string, string[]> {
  const manifest = ".next/server/server-reference-manifest.json";
  const byPage = new Map<string, string[]>();
  if (!existsSync(manifest)) return byPage;
  const { node } = JSON.parse(readFileSync(manifest, "utf8")) as { node: Record<string, { workers: Record<string, unknown> }> };
  for (const [id, { workers }] of Object.entries(node)) {
    for (const appPath of Object.keys(workers)) byPage.set(appPath, [...(byPage.get(appPath) ?? []), id]);
  }
  return byPage;
}
const actionsByPage = serverActionsByPage();

type Body = { name: string; headers: Record<string, string>; data: string | Buffer };

const nested = (depth: number) => "[".repeat(depth) + "]".repeat(depth);
const multipart = (boundary: string, fields: Record<string, string>) =>
  Object.entries(fields)
    .map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`)
    .join("") + `--${boundary}--\r\n`;

/** Malformed bodies any POST/PUT/PATCH/DELETE handler might receive. */
const MALFORMED_BODIES: Body[] = [
  { name: "invalid JSON", headers: { "content-type": "application/json" }, data: '{"email": "a@b.c", ' },
  { name: "JSON that is a bare string", headers: { "content-type": "application/json" }, data: '"just a string"' },
  { name: "deeply nested JSON", headers: { "content-type": "application/json" }, data: nested(50_000) },
  { name: "multipart that is not", headers: { "content-type": "multipart/form-data; boundary=x" }, data: "this is not multipart" },
  { name: "multipart without a boundary", headers: { "content-type": "multipart/form-data" }, data: "--x\r\n\r\n" },
  { name: "JSON sent as a form", headers: { "content-type": "application/x-www-form-urlencoded" }, data: '{"token":"x"}' },
  { name: "form sent as JSON", headers: { "content-type": "application/json" }, data: "token=x&return=page" },
  { name: "invalid UTF-8 form", headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8" }, data: Buffer.from([0x74, 0x3d, 0xc3, 0x28, 0xff, 0xfe]) },
  { name: "invalid UTF-8 text", headers: { "content-type": "text/plain;charset=UTF-8" }, data: Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0xff]) },
  { name: "oversized body", headers: { "content-type": "application/x-www-form-urlencoded" }, data: `a=${"z".repeat(2 * 1024 * 1024)}` },
];

/** What a server action call with an undecodable argument list looks like, for a given action id. */
function actionBodies(actionId: string): Body[] {
  const call = { "next-action": actionId, accept: "text/x-component" };
  return [
    { name: `action ${actionId.slice(0, 8)}: invalid JSON`, headers: { ...call, "content-type": "text/plain;charset=UTF-8" }, data: "[{{" },
    { name: `action ${actionId.slice(0, 8)}: nested JSON`, headers: { ...call, "content-type": "text/plain;charset=UTF-8" }, data: nested(50_000) },
    { name: `action ${actionId.slice(0, 8)}: invalid UTF-8`, headers: { ...call, "content-type": "text/plain;charset=UTF-8" }, data: Buffer.from([0x5b, 0xff, 0x5d]) },
    { name: `action ${actionId.slice(0, 8)}: broken multipart`, headers: { ...call, "content-type": "multipart/form-data; boundary=x" }, data: "not multipart" },
    {
      name: `action ${actionId.slice(0, 8)}: multipart with a junk argument list`,
      headers: { ...call, "content-type": "multipart/form-data; boundary=sweep" },
      data: multipart("sweep", { "0": "[{{", "1_email": "a@b.c" }),
    },
    {
      name: `action ${actionId.slice(0, 8)}: no-JS form post with junk bound arguments`,
      headers: { "content-type": "multipart/form-data; boundary=sweep" },
      data: multipart("sweep", { [`$ACTION_REF_1`]: "", [`$ACTION_1:0`]: `{"id":"${actionId}","bound":"$@1"`, [`$ACTION_1:1`]: "[{" }),
    },
    { name: `action ${actionId.slice(0, 8)}: oversized`, headers: { ...call, "content-type": "text/plain;charset=UTF-8" }, data: `["${"z".repeat(2 * 1024 * 1024)}"]` },
  ];
}

/** Well-formed calls whose arguments are not what the action takes: sent only anonymously (no side effects). */
function wrongShapeActionBodies(actionId: string): Body[] {
  const call = { "next-action": actionId, accept: "text/x-component", "content-type": "text/plain;charset=UTF-8" };
  return ["[]", "[1,2]", '{"a":1}', '"x"', "[null,null]", '[{"status":"idle"},"not a form"]'].map((data) => ({
    name: `action ${actionId.slice(0, 8)}: arguments ${data}`,
    headers: call,
    data,
  }));
}

const JUNK_ACTION_IDS = ["junk", "00".repeat(21), "7f" + "a".repeat(40), "x".repeat(500)];

// ---------------------------------------------------------------------------------------------
// Checks

/** Internals that must never reach a client. */
const LEAKS: [string, RegExp][] = [
  ["a stack frame", /\n\s+at [^\n]+:\d+:\d+\)?/],
  ["an absolute path", /(?:\/work\/|\/home\/|\/root\/|\/tmp\/|node_modules\/|\.next\/server)/],
  ["a Prisma error", /PrismaClient|Invalid `(?:prisma|db|tx)\.|Unique constraint failed|Foreign key constraint|prisma\.io\/docs/],
  ["an SQL error", /SQLSTATE|syntax error at or near|violates (?:unique|foreign key|not-null) constraint|relation "[^"]+" does not exist/],
  ["a Node error", /ECONNREFUSED|ERR_INVALID_URL|TypeError: |ReferenceError: |RangeError: /],
];

type Outcome = { label: string; problem: string };

async function check(label: string, response: APIResponse, options: { forgedHost?: boolean } = {}): Promise<Outcome[]> {
  const problems: Outcome[] = [];
  const status = response.status();
  if (status >= 500) problems.push({ label, problem: `answered ${status}` });
  const body = await response.text().catch(() => "");
  for (const [what, pattern] of LEAKS) {
    const match = pattern.exec(body);
    if (match) problems.push({ label, problem: `body shows ${what}: ${JSON.stringify(match[0].slice(0, 120))}` });
  }
  const location = response.headers().location;
  if (location && /^[a-z][a-z0-9+.-]*:|^\/\//i.test(location)) {
    const target = new URL(location, "http://relative.invalid");
    const own = new URL(test.info().project.use.baseURL!);
    if (target.host !== own.host) problems.push({ label, problem: `redirects to another host: ${location}` });
  }
  if (options.forgedHost && body.includes(EVIL)) problems.push({ label, problem: `built a link on the forged host ${EVIL}` });
  return problems;
}

type Identity = { name: string; request: APIRequestContext };

async function sweepRoute(identity: Identity, route: AppRoute, options: { wrongShapeActions: boolean }): Promise<Outcome[]> {
  const problems: Outcome[] = [];
  const say = (what: string) => `${identity.name} ${route.kind} ${what}`;
  const send = async (method: string, url: string, extra: { headers?: Record<string, string>; data?: string | Buffer; what?: string } = {}) => {
    const shown = url.length > 120 ? `${url.slice(0, 120)}…` : url;
    const label = say(`${method} ${shown}${extra.what ? ` (${extra.what})` : ""}`);
    try {
      return { label, response: await identity.request.fetch(url, { method, maxRedirects: 0, timeout: 30_000, ...extra }) };
    } catch (error) {
      problems.push({ label, problem: `no answer: ${(error as Error).message.split("\n")[0]}` });
      return null;
    }
  };
  const record = async (sent: Awaited<ReturnType<typeof send>>, options?: { forgedHost?: boolean }) => {
    if (sent) problems.push(...(await check(sent.label, sent.response, options)));
  };

  // Reads: junk in the query, forged forwarding headers, a forged Host.
  const reads = route.methods.includes("GET") ? [route.url] : [];
  for (const url of reads) {
    await record(await send("GET", `${url}${JUNK_QUERY}`, { what: "junk query" }));
    await record(await send("GET", url, { headers: { "x-forwarded-host": EVIL, "x-forwarded-proto": "javascript" }, what: "forged forwarding headers" }), {
      forgedHost: true,
    });
    await record(
      await send("GET", url, {
        headers: { "x-forwarded-host": `${EVIL}:443`, "x-forwarded-proto": "https", forwarded: `host=${EVIL};proto=https` },
        what: "forged https forwarding headers",
      }),
      { forgedHost: true },
    );
  }
  // A NUL in every query parameter the page reads. The admin's user search says it found no one.
  if (route.methods.includes("GET")) {
    for (const { query, names } of nulQueries(queryParamsOf(route))) {
      const sent = await send("GET", `${route.url}?${query}`, { what: `NUL in ${names.join(", ")}` });
      await record(sent);
      if (sent && identity.name === "admin" && route.pattern === "/admin/users" && names.includes("q")) {
        const body = await sent.response.text().catch(() => "");
        if (sent.response.status() !== 200 || !body.includes("No account matches")) {
          problems.push({ label: sent.label, problem: `answered ${sent.response.status()} without "No account matches"` });
        }
      }
    }
  }
  // Junk in every dynamic segment.
  if (route.dynamic && route.methods.includes("GET")) {
    for (const junk of JUNK_SEGMENTS) {
      const url = fillPattern(route.pattern, (_, catchAll) => (catchAll ? `${junk}/${junk}` : junk));
      await record(await send("GET", url, { what: "junk segment" }));
    }
  }
  // Writes: every malformed body on every method that takes one; pages get them as server-action posts.
  const writes = route.kind === "page" ? ["POST"] : route.methods.filter((method) => method !== "GET");
  for (const method of writes) {
    for (const body of MALFORMED_BODIES) await record(await send(method, route.url, { headers: body.headers, data: body.data, what: body.name }));
  }
  if (route.kind === "page") {
    for (const id of JUNK_ACTION_IDS) {
      await record(
        await send("POST", route.url, { headers: { "next-action": id, "content-type": "text/plain;charset=UTF-8" }, data: "[]", what: `junk action id ${id.slice(0, 12)}` }),
      );
    }
    // Posted from another site: Next's own CSRF check must end in a 4xx, not its 500.
    for (const id of (actionsByPage.get(route.appPath) ?? []).slice(0, 1)) {
      for (const origin of [`https://${EVIL}`, "null", "not a url"]) {
        await record(
          await send("POST", route.url, {
            headers: { "next-action": id, origin, "content-type": "text/plain;charset=UTF-8" },
            data: "[]",
            what: `action posted from origin ${origin}`,
          }),
        );
      }
    }
    for (const id of actionsByPage.get(route.appPath) ?? []) {
      const bodies = [...actionBodies(id), ...(options.wrongShapeActions ? wrongShapeActionBodies(id) : [])];
      for (const body of bodies) await record(await send("POST", route.url, { headers: body.headers, data: body.data, what: body.name }));
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------

let contexts: BrowserContext[] = [];
const identities: Identity[] = [];

test.beforeAll(async ({ browser, baseURL }) => {
  const anonymous = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": networkOf("192.0.2") } });
  const forged = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": networkOf("192.0.2") } });
  // Shaped like Auth.js's encrypted cookie, so it gets as far as decryption.
  await forged.addCookies([
    { name: "authjs.session-token", value: "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2Q0JDLUhTNTEyIiwia2lkIjoiZm9yZ2VkIn0..Zm9yZ2Vk.Zm9yZ2Vk.Zm9yZ2Vk", url: baseURL! },
  ]);
  const user = await signedInContext(browser, USER, networkOf("192.0.2"));
  const admin = await signedInContext(browser, ADMIN, networkOf("192.0.2"));
  contexts = [anonymous, forged, user, admin];
  identities.push(
    { name: "anonymous", request: anonymous.request },
    { name: "forged-cookie", request: forged.request },
    { name: "user", request: user.request },
    { name: "admin", request: admin.request },
  );
});

test.afterAll(async () => {
  await Promise.all(contexts.map((context) => context.close()));
});

test("the sweep knows every query parameter each page reads", () => {
  const unnamed = routes.filter((route) => route.kind === "page" && route.readsQuery && queryParamsOf(route).length === 0).map((route) => route.file);
  expect(unnamed, "pages taking searchParams without naming them in readSearchParams(…, [ … ]) or QUERY_READ_BY_HAND").toEqual([]);
  // A broken extraction would sweep nothing: the pages this sweep was written for must be read right.
  const paramsOf = (pattern: string) => routes.find((route) => route.kind === "page" && route.pattern === pattern)?.queryParams;
  expect(paramsOf("/admin/users")).toEqual(["q", "page"]);
  expect(paramsOf("/alerts/[id]")).toEqual(expect.arrayContaining(["q", "sort", "page"]));
  expect(paramsOf("/history")).toEqual(["cursor"]);
  test.info().annotations.push({
    type: "query parameters",
    description: routes
      .filter((route) => queryParamsOf(route).length > 0)
      .map((route) => `${route.pattern}: ${queryParamsOf(route).join(", ")}`)
      .join("; "),
  });
});

test("the sweep finds every kind of route (a broken glob would pass vacuously)", () => {
  const urls = routes.map((route) => `${route.kind} ${route.pattern}`);
  expect(urls).toEqual(
    expect.arrayContaining(["page /sign-in", "page /alerts/[id]", "page /admin/outbox/[id]", "route /api/unsubscribe", "route /api/jobs/[job]", "route /sandbox/[...path]"]),
  );
  expect(actionsByPage.size, "server actions found in the production build's manifest").toBeGreaterThan(0);
  test.info().annotations.push({ type: "swept", description: urls.join(", ") });
});

for (const name of ["anonymous", "forged-cookie", "user", "admin"]) {
  test(`no route answers malformed requests with a 5xx, a leak or a foreign redirect: ${name}`, async () => {
    test.setTimeout(600_000);
    const identity = identities.find((candidate) => candidate.name === name)!;
    const problems: Outcome[] = [];
    for (const route of routes) problems.push(...(await sweepRoute(identity, route, { wrongShapeActions: name === "anonymous" })));
    expect(problems.map(({ label, problem }) => `${label}: ${problem}`)).toEqual([]);
  });
}
