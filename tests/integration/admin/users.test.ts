import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";

process.env.SANDBOX_CLOCK = "manual";
process.env.SANDBOX_REQUESTS_PER_SECOND = "1000";

// The admin's Users pages: finding accounts, one account's page, and what an admin may change on it.

const admin = await import("@/lib/admin");
const alerts = await import("@/lib/alerts");
const { getUserState } = await import("@/lib/sessions");
const { getDb } = await import("@/lib/db");
const { createUser } = await import("../checks/support");
const { lastEmailTo, signUp } = await import("../accounts/support");

type ActingUser = import("@/lib/actor").ActingUser;

async function createAdmin(): Promise<ActingUser> {
  const db = await getDb();
  return db.user.create({
    data: { email: `admin-${randomBytes(4).toString("hex")}@example.com`, name: "Admin", role: "ADMIN", emailVerifiedAt: new Date() },
    select: { id: true, email: true, role: true },
  });
}

const asUser = (user: ActingUser): ActingUser => ({ ...user, role: "USER" });

let boss: ActingUser;
beforeAll(async () => {
  boss = await createAdmin();
});

describe("finding users", () => {
  it("matches part of an email, a name or a Trackmania name in any case, newest first", async () => {
    const tag = randomBytes(3).toString("hex");
    const db = await getDb();
    const older = await db.user.create({ data: { email: `finder-${tag}-a@example.com`, createdAt: new Date("2026-01-01T00:00:00Z") } });
    const newer = await db.user.create({ data: { email: `someone-${tag}@example.com`, tmDisplayName: `Speedy${tag.toUpperCase()}` } });

    const byEmail = await admin.listUsersForAdmin(boss, { q: `FINDER-${tag}` });
    expect(byEmail.users.map((user) => user.id)).toEqual([older.id]);
    expect(byEmail).toMatchObject({ total: 1, page: 1, pages: 1 });

    const byTag = await admin.listUsersForAdmin(boss, { q: tag });
    expect(byTag.users.map((user) => user.id)).toEqual([newer.id, older.id]);
    expect(byTag.users[0]).toMatchObject({ tmDisplayName: `Speedy${tag.toUpperCase()}`, confirmed: false, disabled: false, mapperAlerts: 0 });

    expect((await admin.listUsersForAdmin(boss, { q: `nobody-${tag}` })).users).toEqual([]);
  });

  it("answers a search holding a control character with no match, never a query (PostgreSQL refuses a NUL with a 500)", async () => {
    const tag = randomBytes(3).toString("hex");
    const db = await getDb();
    await db.user.create({ data: { email: `nul-${tag}@example.com`, name: `Nul ${tag}` } });
    for (const q of [`nul-${tag}\u0000`, "\u0000", `nul\u0001${tag}`, `nul-${tag}\u007f`, `nul-${tag}\u009b`, `nul-\t${tag}`]) {
      const list = await admin.listUsersForAdmin(boss, { q });
      expect(list, JSON.stringify(q)).toMatchObject({ users: [], total: 0, page: 1, pages: 1 });
      // The page says what was searched for: "No account matches …".
      expect(list.q, JSON.stringify(q)).toBe(q.trim());
    }
    expect((await admin.listUsersForAdmin(boss, { q: `nul-${tag}` })).total).toBe(1);
  });

  it("pages 25 at a time, and a page past the end shows the last one", async () => {
    const tag = randomBytes(3).toString("hex");
    const db = await getDb();
    await db.user.createMany({ data: Array.from({ length: 27 }, (_, index) => ({ email: `pager-${tag}-${index}@example.com` })) });
    const first = await admin.listUsersForAdmin(boss, { q: `pager-${tag}` });
    expect(first).toMatchObject({ total: 27, pages: 2, page: 1 });
    expect(first.users).toHaveLength(25);
    const second = await admin.listUsersForAdmin(boss, { q: `pager-${tag}`, page: "2" });
    expect(second.users).toHaveLength(2);
    expect(new Set([...first.users, ...second.users].map((user) => user.id)).size).toBe(27);
    expect((await admin.listUsersForAdmin(boss, { q: `pager-${tag}`, page: "99" })).page).toBe(2);
    // Junk in the query string is the first page, not an error.
    expect((await admin.listUsersForAdmin(boss, { q: `pager-${tag}`, page: "-3" })).page).toBe(1);
  });

  it("shows one user's alerts, watches and digests, and no user for an unknown id", async () => {
    const user = await createUser({ emailVerifiedAt: new Date() });
    const alert = await alerts.createMapperAlert(user, { mapper: "name", displayName: "SmallMapperSam" });
    const db = await getDb();
    await db.digest.create({ data: { userId: user.id, day: "2026-12-01", status: "SENT", recordCount: 4, sentAt: new Date() } });

    const page = await admin.getUserForAdmin(boss, user.id);
    expect(page).toMatchObject({ id: user.id, email: user.email, role: "USER" });
    expect(page.mapperAlerts).toMatchObject([{ id: alert.id, mapperDisplayName: "SmallMapperSam", _count: { maps: 3 } }]);
    expect(page.digests).toMatchObject([{ day: "2026-12-01", status: "SENT", recordCount: 4 }]);
    await expect(admin.getUserForAdmin(boss, "cm0000000000000000000000")).rejects.toMatchObject({ code: "not_found:user" });
    await expect(admin.getUserForAdmin(boss, "../etc")).rejects.toMatchObject({ code: "not_found:user" });
  });

  it("are refused to anyone who is not an admin", async () => {
    const user = await createUser();
    await expect(admin.listUsersForAdmin(asUser(boss), {})).rejects.toMatchObject({ code: "forbidden:admin" });
    await expect(admin.getUserForAdmin(asUser(boss), user.id)).rejects.toMatchObject({ code: "forbidden:admin" });
  });
});

describe("changing an account", () => {
  it("grants and revokes the admin role, which open sessions see at once", async () => {
    const user = await createUser();
    expect(await admin.setUserRole(boss, { userId: user.id, role: "ADMIN" })).toMatchObject({ role: "ADMIN" });
    expect((await getUserState(user.id))?.role).toBe("ADMIN");
    expect(await admin.setUserRole(boss, { userId: user.id, role: "USER" })).toMatchObject({ role: "USER" });
    expect((await getUserState(user.id))?.role).toBe("USER");
  });

  it("disables an account (its sessions end) and enables it again", async () => {
    const user = await createUser();
    const before = (await (await getDb()).user.findUniqueOrThrow({ where: { id: user.id } })).sessionVersion;
    const disabled = await admin.setUserDisabled(boss, { userId: user.id, disabled: "true" });
    expect(disabled.disabledAt).not.toBeNull();
    expect(await getUserState(user.id)).toMatchObject({ disabled: true, sessionVersion: before + 1 });
    await admin.setUserDisabled(boss, { userId: user.id, disabled: "false" });
    expect(await getUserState(user.id)).toMatchObject({ disabled: false, sessionVersion: before + 1 });
  });

  it("never demotes or disables the last enabled admin", async () => {
    const db = await getDb();
    const last = await createAdmin();
    // Every other admin of this file steps down, so `last` is the only one.
    await db.user.updateMany({ where: { role: "ADMIN", id: { not: last.id } }, data: { role: "USER" } });
    try {
      // The operator at a terminal acts as an admin without an account of their own.
      const operator: ActingUser = { id: "cli", email: "cli@localhost", role: "ADMIN" };
      await expect(admin.setUserRole(operator, { userId: last.id, role: "USER" })).rejects.toMatchObject({
        code: "conflict:last-admin",
        message: "This is the last admin: make someone else an admin first.",
      });
      await expect(admin.setUserRole(last, { userId: last.id, role: "USER" })).rejects.toMatchObject({ code: "conflict:last-admin" });
      await expect(admin.setUserDisabled(operator, { userId: last.id, disabled: true })).rejects.toMatchObject({
        code: "conflict:last-admin",
        message: "This is the last admin: it cannot be disabled.",
      });
      expect(await db.user.findUniqueOrThrow({ where: { id: last.id } })).toMatchObject({ role: "ADMIN", disabledAt: null });

      // With a second admin, either may step down — but not both at once.
      const second = await createAdmin();
      const both = await Promise.allSettled([
        admin.setUserRole(second, { userId: last.id, role: "USER" }),
        admin.setUserRole(last, { userId: second.id, role: "USER" }),
      ]);
      expect(both.filter((result) => result.status === "fulfilled")).toHaveLength(1);
      expect(await db.user.count({ where: { role: "ADMIN", disabledAt: null } })).toBe(1);
    } finally {
      await db.user.update({ where: { id: boss.id }, data: { role: "ADMIN" } });
    }
  });

  it("refuses to disable your own account, and unknown or malformed ids", async () => {
    await expect(admin.setUserDisabled(boss, { userId: boss.id, disabled: true })).rejects.toMatchObject({ code: "bad_request:user" });
    await expect(admin.setUserRole(boss, { userId: "cm0000000000000000000000", role: "ADMIN" })).rejects.toMatchObject({ code: "not_found:user" });
    await expect(admin.setUserRole(boss, { userId: "x y", role: "ADMIN" })).rejects.toMatchObject({ name: "ZodError" });
    await expect(admin.setUserRole(boss, { userId: boss.id, role: "ROOT" as "ADMIN" })).rejects.toMatchObject({ name: "ZodError" });
  });

  it("resends the confirmation email of an unconfirmed account, and says when there is nothing to confirm", async () => {
    const user = await signUp();
    const first = await lastEmailTo(user.email);
    await expect(admin.resendConfirmationForUser(boss, { userId: user.id })).resolves.toEqual({ email: user.email });
    const again = await lastEmailTo(user.email);
    expect(again?.id).not.toBe(first?.id);
    expect(again?.subject).toBe(first?.subject);
    const confirmed = await createUser({ emailVerifiedAt: new Date() });
    await expect(admin.resendConfirmationForUser(boss, { userId: confirmed.id })).rejects.toMatchObject({ code: "conflict:email-verified" });
  });

  it("switches anyone's mapper alert between accurate and position mode", async () => {
    const user = await createUser();
    const alert = await alerts.createMapperAlert(user, { mapper: "name", displayName: "SmallMapperSam" });
    expect(alert.mode).toBe("ACCURATE");
    const switched = await alerts.setAlertModeForUser(boss, { alertId: alert.id, mode: "POSITION" });
    expect(switched).toMatchObject({ mode: "POSITION", modeChosenByUser: true, baselinesInitialised: 3 });
    expect(await alerts.setAlertModeForUser(boss, { alertId: alert.id, mode: "AUTO" })).toMatchObject({ mode: "ACCURATE", modeChosenByUser: false });
    await expect(alerts.setAlertModeForUser(asUser(boss), { alertId: alert.id, mode: "POSITION" })).rejects.toMatchObject({ code: "forbidden:admin" });
    await expect(alerts.setAlertModeForUser(boss, { alertId: "cm0000000000000000000000", mode: "POSITION" })).rejects.toMatchObject({ code: "not_found:alert" });
  });

  it("are refused to anyone who is not an admin, changing nothing", async () => {
    const user = await createUser();
    await expect(admin.setUserRole(asUser(boss), { userId: user.id, role: "ADMIN" })).rejects.toMatchObject({ code: "forbidden:admin" });
    await expect(admin.setUserDisabled(asUser(boss), { userId: user.id, disabled: true })).rejects.toMatchObject({ code: "forbidden:admin" });
    await expect(admin.resendConfirmationForUser(asUser(boss), { userId: user.id })).rejects.toMatchObject({ code: "forbidden:admin" });
    expect(await (await getDb()).user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ role: "USER", disabledAt: null });
  });
});
