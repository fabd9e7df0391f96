import { describe, expect, it } from "vitest";

process.env.SANDBOX_CLOCK = "manual";

const { getDb } = await import("@/lib/db");
const { getUserState } = await import("@/lib/sessions");
const { setAlertMapMuted } = await import("@/lib/alerts");
const { sendEmail } = await import("@/lib/mail");
const settings = await import("@/lib/settings");
const { createUser } = await import("./fixtures");

type Db = Awaited<ReturnType<typeof getDb>>;

/** A user with one of everything: an alert with a map, a watch, a digest with a notification, feedback, a search, a token. */
async function populate(db: Db, userId: string, tag: string) {
  const map = await db.map.upsert({
    where: { uid: `map-${tag}` },
    create: { uid: `map-${tag}`, name: `Map ${tag}`, authorAccountId: `author-${tag}`, authorTime: 40_000, goldTime: 43_000, silverTime: 48_000, bronzeTime: 60_000 },
    update: {},
  });
  await db.mapperAlert.create({
    data: { userId, mapperAccountId: `author-${tag}`, mapperDisplayName: `Mapper ${tag}`, maps: { create: { mapUid: map.uid } } },
  });
  await db.driverWatch.create({ data: { userId, mapUid: map.uid, accountId: `driver-${tag}`, lastPosition: 3, lastScore: 41_000 } });
  const digest = await db.digest.create({
    data: { userId, day: "2026-06-01", status: "SENT", subject: `Digest ${tag}`, text: `3 new records ${tag}`, content: { records: 3 }, recordCount: 3, providerMessageId: `provider-secret-${tag}` },
  });
  await db.notification.create({ data: { userId, digestId: digest.id, kind: "MAPPER_RECORD", mapUid: map.uid, payload: { driver: `Driver ${tag}` } } });
  await db.feedback.create({ data: { userId, email: `feedback-${tag}@trackwatch.test`, message: `Feedback from ${tag}` } });
  await db.mapSearchJob.create({ data: { userId, mapperName: `Mapper ${tag}`, period: "week" } });
  await db.authToken.create({
    data: { userId, kind: "RESET_PASSWORD", tokenHash: `token-hash-${tag}`, expiresAt: new Date(Date.now() + 3_600_000) },
  });
}

async function rowsOf(db: Db, userId: string) {
  const [users, alerts, alertMaps, watches, digests, notifications, feedback, searches, tokens] = await Promise.all([
    db.user.count({ where: { id: userId } }),
    db.mapperAlert.count({ where: { userId } }),
    db.mapperAlertMap.count({ where: { alert: { userId } } }),
    db.driverWatch.count({ where: { userId } }),
    db.digest.count({ where: { userId } }),
    db.notification.count({ where: { userId } }),
    db.feedback.count({ where: { userId } }),
    db.mapSearchJob.count({ where: { userId } }),
    db.authToken.count({ where: { userId } }),
  ]);
  return { users, alerts, alertMaps, watches, digests, notifications, feedback, searches, tokens };
}

/** Sent through the mailer, as the app sends mail: on the embedded defaults it lands in the outbox. */
async function mail(to: string | string[], subject: string) {
  await sendEmail({ to, subject, html: `<p>${subject}</p>` });
}

async function outboxRecipientsOf(db: Db, subject: string) {
  const row = await db.outboxEmail.findFirst({ where: { subject }, select: { to: true } });
  return row?.to;
}

describe("export my data", () => {
  it("contains the user's profile and everything of theirs, and no one else's", async () => {
    const db = await getDb();
    const user = await createUser({ name: "Exporting Ed" });
    const other = await createUser({ name: "Someone Else" });
    await populate(db, user.id, "ed");
    await populate(db, other.id, "other");
    await settings.updateDigestSettings(user, { emailNotifications: false, digestHour: 21, timezone: "Europe/Berlin" });
    await settings.setTrackmaniaName(user, { displayName: "SmallMapperSam" });

    const data = await settings.exportAccountData(user);
    expect(data.format).toBe(settings.ACCOUNT_EXPORT_FORMAT);
    expect(data.profile).toMatchObject({
      id: user.id,
      email: user.email,
      name: "Exporting Ed",
      tmDisplayName: "SmallMapperSam",
      tmVerified: false,
      emailNotifications: false,
      reportOwnImprovements: true,
      digestHour: 21,
      timezone: "Europe/Berlin",
    });
    expect(data.mapperAlerts).toHaveLength(1);
    expect(data.mapperAlerts[0]).toMatchObject({ mapperDisplayName: "Mapper ed", maps: [{ uid: "map-ed", name: "Map ed", muted: false }] });
    expect(data.driverWatches).toEqual([expect.objectContaining({ mapUid: "map-ed", mapName: "Map ed", lastPosition: 3 })]);
    expect(data.digests).toEqual([expect.objectContaining({ day: "2026-06-01", subject: "Digest ed", text: "3 new records ed" })]);
    expect(data.notifications).toEqual([expect.objectContaining({ kind: "MAPPER_RECORD", payload: { driver: "Driver ed" } })]);
    expect(data.feedback).toEqual([expect.objectContaining({ message: "Feedback from ed" })]);
    expect(data.mapSearches).toEqual([expect.objectContaining({ mapperName: "Mapper ed" })]);

    const json = JSON.stringify(data);
    expect(json).not.toContain("other");
    expect(json).not.toContain(other.email);
  });

  it("carries their settings, their linked Trackmania account and which of their maps they muted", async () => {
    const db = await getDb();
    const user = await createUser();
    await populate(db, user.id, "muter");
    const alert = await db.mapperAlert.findFirstOrThrow({ where: { userId: user.id }, select: { id: true } });
    const quiet = await db.map.create({
      data: { uid: "map-muter-quiet", name: "Quiet map", authorAccountId: "author-muter", authorTime: 30_000, goldTime: 32_000, silverTime: 36_000, bronzeTime: 45_000 },
    });
    await db.mapperAlertMap.create({ data: { alertId: alert.id, mapUid: quiet.uid } });
    await setAlertMapMuted(user, { alertId: alert.id, mapUid: quiet.uid, muted: true });
    await settings.updateDigestSettings(user, { emailNotifications: true, digestHour: 6, timezone: "America/Denver" });
    await settings.linkTrackmaniaAccount(user, { accountId: "tm-account-muter", displayName: "MutingMarta" });

    const data = await settings.exportAccountData(user);
    expect(data.profile).toMatchObject({
      emailNotifications: true,
      digestHour: 6,
      timezone: "America/Denver",
      tmAccountId: "tm-account-muter",
      tmDisplayName: "MutingMarta",
      tmVerified: true,
    });
    expect(data.mapperAlerts).toHaveLength(1);
    // Both maps were added within the same moment or so: their order is not the point.
    expect(data.mapperAlerts[0]!.maps).toHaveLength(2);
    expect(data.mapperAlerts[0]!.maps).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ uid: "map-muter", muted: false }),
        expect.objectContaining({ uid: "map-muter-quiet", name: "Quiet map", muted: true }),
      ]),
    );
  });

  it("never contains password hashes, token hashes, session versions or provider ids", async () => {
    const db = await getDb();
    const user = await createUser({ password: "a password nobody should export" });
    await populate(db, user.id, "secretive");
    // Mail to them stays out of the export: its links carry live tokens (email verification, password reset).
    await mail(user.email, "Reset your password: /reset-password?token=live-token-secretive");
    const stored = await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { passwordHash: true } });

    const json = JSON.stringify(await settings.exportAccountData(user));
    expect(json).not.toContain(stored.passwordHash!);
    expect(json).not.toContain("a password nobody should export");
    expect(json).not.toContain("token-hash-secretive");
    expect(json).not.toContain("provider-secret-secretive");
    expect(json).not.toContain("live-token-secretive");
    for (const key of ["passwordHash", "tokenHash", "sessionVersion", "authTokens", "providerMessageId"]) {
      expect(json).not.toContain(`"${key}"`);
    }
  });
});

describe("delete my account", () => {
  it("refuses without the right email or password, and keeps everything", async () => {
    const db = await getDb();
    const user = await createUser({ password: "the right password here" });
    await populate(db, user.id, "keeper");
    await mail(user.email, `To keeper ${user.id}`);
    for (const confirmation of ["", "someone@else.test", "the wrong password"]) {
      await expect(settings.deleteAccount(user, { confirmation })).rejects.toThrow();
    }
    await expect(settings.deleteAccount(user, { confirmation: "wrong" })).rejects.toMatchObject({ surface: "confirmation" });
    expect(await rowsOf(db, user.id)).toEqual({
      users: 1, alerts: 1, alertMaps: 1, watches: 1, digests: 1, notifications: 1, feedback: 1, searches: 1, tokens: 1,
    });
    expect(await outboxRecipientsOf(db, `To keeper ${user.id}`)).toEqual([user.email]);
  });

  it("removes every row of theirs, and none of anyone else's, once they type their email", async () => {
    const db = await getDb();
    const user = await createUser({ email: "leaving@trackwatch.test" });
    const other = await createUser();
    await populate(db, user.id, "leaving");
    await populate(db, other.id, "staying");
    expect(await getUserState(user.id)).not.toBeNull();
    await mail(user.email, "To leaving");
    await mail("LEAVING@trackwatch.TEST", "To leaving, shouted");
    await mail(other.email, "To the other user");
    // Addresses that merely contain theirs belong to someone else.
    await mail("xleaving@trackwatch.test", "To a longer local part");
    await mail("leaving@trackwatch.testing", "To a longer domain");
    await mail([other.email, "Leaving@Trackwatch.test"], "To both of them");

    await settings.deleteAccount(user, { confirmation: "  Leaving@Trackwatch.test " });

    const none = { users: 0, alerts: 0, alertMaps: 0, watches: 0, digests: 0, notifications: 0, feedback: 0, searches: 0, tokens: 0 };
    expect(await rowsOf(db, user.id)).toEqual(none);
    expect(await db.feedback.count({ where: { message: "Feedback from leaving" } })).toBe(0);
    expect(await rowsOf(db, other.id)).toEqual({ users: 1, alerts: 1, alertMaps: 1, watches: 1, digests: 1, notifications: 1, feedback: 1, searches: 1, tokens: 1 });
    // Shared map data stays: other users may watch the same maps.
    expect(await db.map.count({ where: { uid: "map-leaving" } })).toBe(1);
    // The mail sent to them leaves the outbox whatever its case; everyone else's stays, a copy to both
    // of them only loses their address.
    expect(await outboxRecipientsOf(db, "To leaving")).toBeUndefined();
    expect(await outboxRecipientsOf(db, "To leaving, shouted")).toBeUndefined();
    expect(await outboxRecipientsOf(db, "To the other user")).toEqual([other.email]);
    expect(await outboxRecipientsOf(db, "To a longer local part")).toEqual(["xleaving@trackwatch.test"]);
    expect(await outboxRecipientsOf(db, "To a longer domain")).toEqual(["leaving@trackwatch.testing"]);
    expect(await outboxRecipientsOf(db, "To both of them")).toEqual([other.email]);
    // Their sessions end on every device: the session check finds no user (nothing stale in the cache).
    expect(await getUserState(user.id)).toBeNull();
  });

  it("also accepts their password", async () => {
    const db = await getDb();
    const user = await createUser({ password: "my own long password" });
    await settings.deleteAccount(user, { confirmation: "my own long password" });
    expect(await db.user.count({ where: { id: user.id } })).toBe(0);
  });
});
