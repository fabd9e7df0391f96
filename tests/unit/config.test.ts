import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "@/lib/config";

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
    const config = loadConfig({
      DATABASE_URL: "postgresql://app@db.example.com/trackwatch?sslmode=require",
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
    });
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
});
