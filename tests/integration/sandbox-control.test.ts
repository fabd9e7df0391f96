import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSandbox, serveSandbox, type Sandbox } from "@/lib/trackmania/sandbox";

// The served sandbox's clock controls, which a staging run uses to move the world a day: mounted only
// when asked for, and only for a caller holding the sandbox's server credentials.

let sandbox: Sandbox;
let controlled: { url: string; close(): Promise<void> };
let plain: { url: string; close(): Promise<void> };

beforeAll(async () => {
  sandbox = createSandbox({ seed: 2024 });
  controlled = await serveSandbox(sandbox, { control: true });
  plain = await serveSandbox(sandbox);
});

afterAll(async () => {
  await Promise.all([controlled.close(), plain.close()]);
});

const basic = (login: string, password: string) => `Basic ${Buffer.from(`${login}:${password}`).toString("base64")}`;
const owner = () => basic(sandbox.credentials.serverLogin, sandbox.credentials.serverPassword);

function advance(base: string, body: string, authorization?: string) {
  return fetch(`${base}/_sandbox/advance`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(authorization ? { authorization } : {}) },
    body,
  });
}

describe("sandbox clock controls", () => {
  it("move the world's clock for the sandbox's own credentials", async () => {
    const before = sandbox.now().getTime();
    const response = await advance(controlled.url, JSON.stringify({ ms: 86_400_000 }), owner());
    expect(response.status).toBe(200);
    const { now } = (await response.json()) as { now: string };
    expect(new Date(now).getTime() - before).toBe(86_400_000);
    expect(sandbox.now().toISOString()).toBe(now);

    const read = await fetch(`${controlled.url}/_sandbox/now`, { headers: { authorization: owner() } });
    expect(await read.json()).toEqual({ now });
  });

  it("refuse anyone without them, and change nothing", async () => {
    const before = sandbox.now().toISOString();
    const anonymous = await advance(controlled.url, JSON.stringify({ ms: 1000 }));
    expect(anonymous.status).toBe(401);
    const wrong = await advance(controlled.url, JSON.stringify({ ms: 1000 }), basic(sandbox.credentials.serverLogin, "guess"));
    expect(wrong.status).toBe(401);
    // The OAuth app's credentials are the sandbox's too, but not the server account's.
    const oauthApp = await advance(controlled.url, JSON.stringify({ ms: 1000 }), basic(sandbox.credentials.oauthClientId, sandbox.credentials.oauthClientSecret));
    expect(oauthApp.status).toBe(401);
    expect(sandbox.now().toISOString()).toBe(before);
  });

  it("answer a bad amount with a clear 400 and leave the clock alone", async () => {
    const before = sandbox.now().toISOString();
    for (const body of ["not json", JSON.stringify({ ms: -1 }), JSON.stringify({ ms: 1.5 }), JSON.stringify({ ms: "86400000" }), JSON.stringify({})]) {
      const response = await advance(controlled.url, body, owner());
      expect(response.status, body).toBe(400);
      expect(((await response.json()) as { message: string }).message).toMatch(/ms|JSON/);
    }
    expect(sandbox.now().toISOString()).toBe(before);
  });

  it("are not there unless asked for", async () => {
    const before = sandbox.now().toISOString();
    const response = await advance(plain.url, JSON.stringify({ ms: 1000 }), owner());
    expect(response.status).not.toBe(200);
    expect(sandbox.now().toISOString()).toBe(before);
  });
});
