import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "@/lib/config";

/** Every production driver's variables, as a deployment sets them. */
const realDrivers = {
  KV_REST_API_URL: "https://kv.example.com",
  KV_REST_API_TOKEN: "t",
  QSTASH_TOKEN: "q",
  QSTASH_CURRENT_SIGNING_KEY: "c",
  QSTASH_NEXT_SIGNING_KEY: "n",
  RESEND_API_KEY: "re_x",
  NADEO_SERVER_LOGIN: "login",
  NADEO_SERVER_PASSWORD: "pw",
  TM_OAUTH_CLIENT_ID: "id",
  TM_OAUTH_CLIENT_SECRET: "secret",
  TM_USER_AGENT: "Trackwatch / me / ops@example.com",
};

describe("loadConfig", () => {
  it("runs every service on its embedded default when nothing is set", () => {
    const config = loadConfig({});
    expect(config.drivers).toEqual({ db: "pglite", kv: "memory", queue: "in-process", mail: "outbox", trackmania: "sandbox" });
    expect(config.APP_URL).toBe("http://localhost:3000");
  });

  it("treats empty strings as unset", () => {
    expect(loadConfig({ DATABASE_URL: "", KV_REST_API_URL: "  ", RESEND_API_KEY: "" }).drivers).toMatchObject({
      db: "pglite",
      kv: "memory",
      mail: "outbox",
    });
  });

  it("picks each production driver from its variables", () => {
    const config = loadConfig({ DATABASE_URL: "postgresql://app@db.example.com/trackwatch?sslmode=require", ...realDrivers });
    expect(config.drivers).toEqual({ db: "postgres", kv: "vercel-kv", queue: "qstash", mail: "resend", trackmania: "nadeo" });
  });

  it("fails fast naming the variable", () => {
    expect(() => loadConfig({ DATABASE_URL: "mysql://x" })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ DATABASE_URL: "postgresql://127.0.0.1:5432/test" })).toThrow(/DATABASE_URL: must name a user/);
    expect(() => loadConfig({ KV_REST_API_URL: "https://kv.example.com" })).toThrow(/KV_REST_API_TOKEN/);
    expect(() => loadConfig({ TM_REQUESTS_PER_SECOND: "5" })).toThrow(/TM_REQUESTS_PER_SECOND/);
    expect(() => loadConfig({ ADMIN_EMAILS: "a@example.com, not-an-email" })).toThrow(/ADMIN_EMAILS/);
    expect(() => loadConfig({ NADEO_SERVER_LOGIN: "l", NADEO_SERVER_PASSWORD: "p" })).toThrow(/TM_USER_AGENT/);
    const thrown = (() => {
      try {
        loadConfig({ QSTASH_TOKEN: "q" });
      } catch (error) {
        return error;
      }
    })();
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).variable).toBe("QSTASH_CURRENT_SIGNING_KEY");
  });

  it("requires AUTH_SECRET to run in production with a real database, but not to build", () => {
    const env = { NODE_ENV: "production", DATABASE_URL: "postgresql://app@db.example.com/trackwatch" };
    expect(() => loadConfig(env)).toThrow(/AUTH_SECRET/);
    expect(loadConfig(env, { phase: "build" }).drivers.db).toBe("postgres");
  });

  it("takes an optional direct database URL for migrations, named as Vercel's Neon integration names it", () => {
    const pooled = "postgresql://app@ep-quiet-1234-pooler.eu-central-1.aws.neon.tech/trackwatch?sslmode=require";
    const direct = "postgresql://app@ep-quiet-1234.eu-central-1.aws.neon.tech/trackwatch?sslmode=require";
    expect(loadConfig({ DATABASE_URL: pooled }).DATABASE_URL_UNPOOLED).toBeUndefined();
    expect(loadConfig({ DATABASE_URL: pooled, DATABASE_URL_UNPOOLED: "" }).DATABASE_URL_UNPOOLED).toBeUndefined();
    const config = loadConfig({ DATABASE_URL: pooled, DATABASE_URL_UNPOOLED: direct });
    expect(config).toMatchObject({ DATABASE_URL: pooled, DATABASE_URL_UNPOOLED: direct });
    expect(config.drivers.db).toBe("postgres");
  });

  it("checks DATABASE_URL_UNPOOLED like DATABASE_URL, and refuses it without DATABASE_URL", () => {
    const pooled = "postgresql://app@db.example.com/trackwatch";
    expect(() => loadConfig({ DATABASE_URL: pooled, DATABASE_URL_UNPOOLED: "mysql://app@db" })).toThrow(/DATABASE_URL_UNPOOLED/);
    expect(() => loadConfig({ DATABASE_URL: pooled, DATABASE_URL_UNPOOLED: "postgresql://db.example.com/trackwatch" })).toThrow(
      /DATABASE_URL_UNPOOLED: must name a user/,
    );
    expect(() => loadConfig({ DATABASE_URL_UNPOOLED: pooled })).toThrow(/DATABASE_URL: required with DATABASE_URL_UNPOOLED/);
  });

  it("parses admin emails into a lowercase list", () => {
    expect(loadConfig({ ADMIN_EMAILS: " Admin@Example.com ,ops@example.com" }).ADMIN_EMAILS).toEqual([
      "admin@example.com",
      "ops@example.com",
    ]);
  });

  describe("embedded stand-ins in production", () => {
    const production = {
      NODE_ENV: "production",
      DATABASE_URL: "postgresql://app@db.example.com/trackwatch",
      AUTH_SECRET: "a-real-secret-of-enough-length-0000000",
    };
    const without = (...names: (keyof typeof realDrivers)[]) =>
      Object.fromEntries(Object.entries(realDrivers).filter(([name]) => !names.includes(name as keyof typeof realDrivers)));

    it("refuses to start the sandbox silently when the Nadeo account was forgotten, naming it", () => {
      const env = { ...production, ...without("NADEO_SERVER_LOGIN", "NADEO_SERVER_PASSWORD", "TM_OAUTH_CLIENT_ID", "TM_OAUTH_CLIENT_SECRET", "TM_USER_AGENT") };
      const error = (() => {
        try {
          loadConfig(env);
        } catch (caught) {
          return caught;
        }
      })();
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).variable).toBe("NADEO_SERVER_LOGIN");
      expect((error as ConfigError).message).toMatch(/NADEO_SERVER_LOGIN.*or TRACKMANIA=sandbox/);
      expect(loadConfig({ ...env, TRACKMANIA: "sandbox" }).drivers.trackmania).toBe("sandbox");
    });

    it.each([
      ["mail", ["RESEND_API_KEY"], "MAIL", "outbox", "RESEND_API_KEY"],
      ["queue", ["QSTASH_TOKEN", "QSTASH_CURRENT_SIGNING_KEY", "QSTASH_NEXT_SIGNING_KEY"], "QUEUE", "in-process", "QSTASH_TOKEN"],
      ["kv", ["KV_REST_API_URL", "KV_REST_API_TOKEN"], "KV", "memory", "KV_REST_API_URL"],
    ] as const)("refuses the %s stand-in unless asked for by name", (driver, unset, variable, name, named) => {
      const env = { ...production, ...without(...unset) };
      expect(() => loadConfig(env)).toThrow(new RegExp(`${named}.*${variable}=${name}`));
      expect(loadConfig({ ...env, [variable]: name }).drivers[driver]).toBe(name);
    });

    it("names every missing service at once, and starts with all four stand-ins named", () => {
      expect(() => loadConfig(production)).toThrow(/TRACKMANIA=sandbox.*MAIL=outbox.*QUEUE=in-process.*KV=memory/);
      const config = loadConfig({ ...production, TRACKMANIA: "sandbox", MAIL: "outbox", QUEUE: "in-process", KV: "memory" });
      expect(config.drivers).toEqual({ db: "postgres", kv: "memory", queue: "in-process", mail: "outbox", trackmania: "sandbox" });
    });

    it("starts with every production driver configured, and needs no names in development, in tests, at build or on PGlite", () => {
      expect(loadConfig({ ...production, ...realDrivers }).drivers).toEqual({ db: "postgres", kv: "vercel-kv", queue: "qstash", mail: "resend", trackmania: "nadeo" });
      expect(loadConfig({ ...production, NODE_ENV: "development" }).drivers.trackmania).toBe("sandbox");
      expect(loadConfig({ ...production, NODE_ENV: "test" }).drivers.mail).toBe("outbox");
      expect(loadConfig(production, { phase: "build" }).drivers.queue).toBe("in-process");
      expect(loadConfig({ NODE_ENV: "production" }).drivers).toMatchObject({ db: "pglite", trackmania: "sandbox" });
    });

    it("refuses a stand-in named beside its real driver, and any other name", () => {
      expect(() => loadConfig({ ...realDrivers, TRACKMANIA: "sandbox" })).toThrow(/TRACKMANIA=sandbox asks for the embedded stand-in, but NADEO_SERVER_LOGIN/);
      expect(() => loadConfig({ MAIL: "smtp" })).toThrow(/MAIL: the only value is outbox/);
      expect(() => loadConfig({ TRACKMANIA: "Sandbox" })).toThrow(/TRACKMANIA/);
    });
  });
});
