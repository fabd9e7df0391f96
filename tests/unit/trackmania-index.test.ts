import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "@/lib/config";
import { createMemoryKv } from "@/lib/kv/memory";
import {
  checkTrackmaniaHealth,
  getSandbox,
  getTrackmania,
  resetTrackmania,
  trackmaniaSource,
} from "@/lib/trackmania";
import { createTrackmaniaFromConfig, SANDBOX_USER_AGENT } from "@/lib/trackmania/from-config";

afterEach(() => {
  resetTrackmania();
});

describe("createTrackmaniaFromConfig", () => {
  it("builds the in-process sandbox when no Nadeo credentials are set", async () => {
    const config = loadConfig({ SANDBOX_SEED: "3", SANDBOX_CLOCK: "manual" });
    const runtime = createTrackmaniaFromConfig(config, createMemoryKv());
    expect(runtime.driver).toBe("sandbox");
    const sandbox = runtime.sandbox!;
    const maps = await runtime.client.getMapsByAuthor(sandbox.wellKnown.smallMapper.displayName);
    expect(maps).toHaveLength(3);
    expect(sandbox.stats().userAgents).toEqual({ [SANDBOX_USER_AGENT]: 1 });
  });

  it("passes the sandbox's faults spec through", () => {
    const config = loadConfig({ SANDBOX_FAULTS: "nonsense=1" });
    expect(() => createTrackmaniaFromConfig(config, createMemoryKv())).toThrow(/Unknown sandbox fault/);
  });

  it("points at the real services with the Nadeo account", async () => {
    const config = loadConfig({
      NADEO_SERVER_LOGIN: "login",
      NADEO_SERVER_PASSWORD: "password",
      TM_OAUTH_CLIENT_ID: "id",
      TM_OAUTH_CLIENT_SECRET: "secret",
      TM_USER_AGENT: "Trackwatch / ops / ops@example.com",
    });
    const seen: string[] = [];
    const runtime = createTrackmaniaFromConfig(config, createMemoryKv(), {
      fetch: async (input, init) => {
        seen.push(`${String(input)} ${new Headers(init?.headers).get("user-agent")}`);
        return Response.json({ More: false, Results: [] });
      },
    });
    expect(runtime.driver).toBe("nadeo");
    expect(runtime.sandbox).toBeNull();
    await runtime.client.getMapsByAuthor("someone");
    expect(seen[0]).toMatch(/^https:\/\/trackmania\.exchange\/api\/maps\?author=someone&.* Trackwatch \/ ops \/ ops@example\.com$/);
  });
});

describe("lib/trackmania (the singleton)", () => {
  it("builds one client and one sandbox per process", async () => {
    const client = getTrackmania();
    expect(getTrackmania()).toBe(client);
    const sandbox = getSandbox();
    expect(sandbox).not.toBeNull();
    expect(trackmaniaSource()).toMatchObject({ driver: "sandbox", urls: sandbox!.urls, userAgent: SANDBOX_USER_AGENT });
    expect(await checkTrackmaniaHealth()).toMatchObject({ driver: "sandbox", ok: true });
    expect(client.stats().byEndpoint).toEqual({ "core.token": 1 });
  });
});
