import { describe, expect, it } from "vitest";
import { checkDbHealth, getDb } from "@/lib/db";
import { getConfig } from "@/lib/config";

describe("getDb", () => {
  it("opens the configured database, migrated and ready to use", async () => {
    const db = await getDb();
    const user = await db.user.create({ data: { email: "mapper@example.com" } });
    expect(user.role).toBe("USER");
    expect(user.timezone).toBe("UTC");
    await expect(db.user.create({ data: { email: "mapper@example.com" } })).rejects.toMatchObject({ code: "P2002" });
    expect(await checkDbHealth()).toEqual({ driver: getConfig().drivers.db, ok: true });
  });

  it("returns one client per process", async () => {
    expect(await getDb()).toBe(await getDb());
  });
});
