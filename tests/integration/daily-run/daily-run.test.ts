import { beforeAll, describe, expect, it } from "vitest";

// The daily run end to end on the embedded defaults: sandbox world (manual clock), PGlite, in-process
// queue, local outbox. Simulated time moves only when the test says so.
process.env.SANDBOX_CLOCK = "manual";
process.env.SANDBOX_REQUESTS_PER_SECOND = "1000";
process.env.APP_URL = "https://trackwatch.test";

const { getDb } = await import("@/lib/db");
const { createMapperAlert } = await import("@/lib/alerts");
const { listDueUsers, runDailyCheckNow, startDailyRun } = await import("@/lib/daily-run");
const { drainQueue } = await import("@/lib/queue");
const { formatRaceTime } = await import("@/lib/format/race-time");
const { DAY, HOUR, advanceTo, createUser, digestShapes, digestsOf, outboxTo, sandbox, shape, truthBetween, truthSince } = await import("./support");

const t0 = sandbox().now();
const at = (ms: number) => new Date(t0.getTime() + ms);
const sam = () => sandbox().wellKnown.smallMapper;

/** A mapper whose maps never get a record: its watchers' digests stay empty. */
function quietMapper() {
  const world = sandbox().world;
  const mapper = world.mappers().find((candidate) => {
    const maps = world.maps(candidate.accountId);
    return maps.length > 0 && maps.every((map) => map.activity.eventsPerDay === 0 && map.tmx !== null);
  });
  if (!mapper) throw new Error("the sandbox world of this seed has no quiet mapper; pick another fixture");
  return { displayName: mapper.displayName, mapUids: world.maps(mapper.accountId).map((map) => map.uid) };
}

type User = Awaited<ReturnType<typeof createUser>>;

describe("daily run", () => {
  let alice: User, bob: User, quinn: User, uma: User, olga: User, tokyo: User, late: User;

  beforeAll(async () => {
    alice = await createUser({ label: "alice" });
    bob = await createUser({ label: "bob" });
    quinn = await createUser({ label: "quinn" });
    uma = await createUser({ label: "uma", verified: false });
    olga = await createUser({ label: "olga", emailNotifications: false });
    tokyo = await createUser({ label: "tokyo", timezone: "Asia/Tokyo", digestHour: 7 });
    late = await createUser({ label: "late", digestHour: 8 });
    for (const user of [alice, bob, uma, olga, tokyo, late]) {
      await createMapperAlert(user, { mapper: "name", displayName: "SmallMapperSam" });
    }
    await createMapperAlert(quinn, { mapper: "name", displayName: quietMapper().displayName });
    // A Trackmania name on the profile does not replace the display name emails use.
    await (await getDb()).user.update({ where: { id: alice.id }, data: { tmDisplayName: "AliceOnTrack" } });
  });

  it("writes exactly one digest per due user, with the records driven since they started watching", async () => {
    const runAt = at(DAY + 7 * HOUR); // 07:00Z the next day: the digest hour of the UTC users
    advanceTo(runAt);
    const { run, queued } = await startDailyRun({ trigger: "schedule" });
    expect(run.slot).toBe(`${runAt.toISOString().slice(0, 13)}Z`);
    // alice, bob, quinn and olga (email off: checked all the same, her history fills); not the
    // unverified, Tokyo (16:00 there) or the 08:00 user.
    expect(queued).toBe(4);
    await drainQueue({ timeoutMs: 120_000 });

    const expected = sam()
      .mapUids.flatMap((uid) => truthSince(uid, t0).map((entry) => shape(uid, entry)))
      .sort();
    expect(expected.length).toBeGreaterThan(3);

    for (const user of [alice, bob]) {
      const digests = await digestsOf(user.id);
      expect(digests).toHaveLength(1);
      const [digest] = digests;
      expect(digest).toMatchObject({ day: "2026-06-02", status: "SENT", recordCount: expected.length, dailyRunId: run.id });
      // One clock: composed and emailed on the run's (the sandbox world's), not the machine's.
      expect(digest).toMatchObject({ composedAt: runAt, sentAt: runAt });
      expect(digestShapes(digest!.parsed!)).toEqual(expected);

      const emails = await outboxTo(user.email);
      expect(emails).toHaveLength(1);
      const [email] = emails;
      const mapsWithRecords = new Set(expected.map((line) => line.split("|")[0])).size;
      // Named by their mapper: the maps are SmallMapperSam's, not the reader's.
      expect(email!.subject).toBe(`${expected.length} new records on ${mapsWithRecords} maps by SmallMapperSam`);
      // Called by the display name from Settings, even with a Trackmania name on the profile.
      expect(email!.text).toContain(user === alice ? "Hi alice," : "Hi bob,");
      expect(email!.text).not.toContain("AliceOnTrack");
      expect(digest!.providerMessageId).toBe(email!.id);
      // Every record the email lists (at most 20 per map) is in the plain-text part: position, driver, time.
      for (const uid of sam().mapUids) {
        for (const entry of truthSince(uid, t0).slice(0, 20)) {
          expect(email!.text).toContain(`#${entry.position} ${entry.displayName} ${formatRaceTime(entry.score)}`);
        }
      }
      expect(email!.text).toContain(`https://trackmania.io/#/leaderboard/${sam().mapUids[0]}`);
      expect(email!.text).toMatch(/https:\/\/trackmania\.exchange\/mapshow\/\d+/);
      expect(email!.headers).toMatchObject({
        "List-Unsubscribe": expect.stringMatching(/^<https:\/\/trackwatch\.test\/api\/unsubscribe\?token=v1\./),
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
      });

      const notifications = await (await getDb()).notification.findMany({ where: { userId: user.id } });
      expect(notifications).toHaveLength(expected.length);
      expect(notifications.every((notification) => notification.digestId === digest!.id && notification.kind === "MAPPER_RECORD")).toBe(true);
    }

    // Nothing new for quinn: an EMPTY digest ("no new records" in history) and no email.
    const [quiet] = await digestsOf(quinn.id);
    expect(quiet).toMatchObject({ status: "EMPTY", recordCount: 0, html: null, subject: null });
    expect(quiet!.parsed!.mapsChecked).toBe(quietMapper().mapUids.length);
    expect(await outboxTo(quinn.email)).toHaveLength(0);

    // Email off: the same digest, kept in history with its records, and no email.
    const [kept] = await digestsOf(olga.id);
    expect(kept).toMatchObject({ status: "NOT_EMAILED", recordCount: expected.length, sentAt: null, providerMessageId: null });
    expect(digestShapes(kept!.parsed!)).toEqual(expected);
    expect(kept!.html).toContain("SmallMapperSam");
    expect(await (await getDb()).notification.count({ where: { userId: olga.id, digestId: kept!.id } })).toBe(expected.length);
    expect(await outboxTo(olga.email)).toHaveLength(0);

    for (const user of [uma, tokyo, late]) {
      expect(await digestsOf(user.id)).toHaveLength(0);
      expect(await outboxTo(user.email)).toHaveLength(0);
    }

    const finished = await (await getDb()).dailyRun.findUniqueOrThrow({ where: { id: run.id } });
    expect(finished).toMatchObject({
      status: "FINISHED",
      usersDue: 4,
      usersChecked: 4,
      recordsFound: 3 * expected.length,
      emailsSent: 2,
      emailsFailed: 0,
    });
    expect(finished).toMatchObject({ startedAt: runAt, finishedAt: runAt });
    expect(finished.durationMs).toBeGreaterThanOrEqual(0);
    // Each watched map's top is fetched once for the whole run, however many users watch it.
    const calls = finished.nadeoCalls as Record<string, number>;
    expect(calls["live.top"]).toBe(sam().mapUids.length + quietMapper().mapUids.length);
  });

  it("a second trigger for the same hour reuses the run and changes nothing", async () => {
    const before = await (await getDb()).dailyRun.count();
    const { run, queued } = await startDailyRun({ trigger: "cron" });
    await drainQueue({ timeoutMs: 60_000 });
    expect(queued).toBe(0);
    expect(await (await getDb()).dailyRun.count()).toBe(before);
    expect(run.usersDue).toBe(4);
    for (const user of [alice, bob]) {
      expect(await digestsOf(user.id)).toHaveLength(1);
      expect(await outboxTo(user.email)).toHaveLength(1);
    }
  });

  it("a user in UTC+9 with digest hour 7 is due at 22:00Z, and gets the digest of their next day", async () => {
    expect((await listDueUsers(at(DAY + 21 * HOUR))).map((user) => user.id)).not.toContain(tokyo.id);
    const due = await listDueUsers(at(DAY + 22 * HOUR));
    expect(due).toEqual([{ id: tokyo.id, day: "2026-06-03" }]);

    advanceTo(at(DAY + 22 * HOUR));
    const { run } = await startDailyRun({ trigger: "schedule" });
    await drainQueue({ timeoutMs: 60_000 });
    const [digest] = await digestsOf(tokyo.id);
    expect(digest).toMatchObject({ day: "2026-06-03", status: "SENT" });
    // Same UTC day as the 07:00Z run: Sam's maps are not fetched again, and Tokyo gets what that
    // look observed, exactly as Alice got it (same watch start), positions as observed then.
    const finished = await (await getDb()).dailyRun.findUniqueOrThrow({ where: { id: run.id } });
    expect((finished.nadeoCalls as Record<string, number> | null)?.["live.top"] ?? 0).toBe(0);
    const [aliceDigest] = await digestsOf(alice.id);
    expect(digestShapes(digest!.parsed!)).toEqual(digestShapes(aliceDigest!.parsed!));
    // What was driven since 07:00Z is left for Tokyo's next digest (see the last test).
    const drivenSinceTheLook = sam().mapUids.flatMap((uid) =>
      truthBetween(uid, at(DAY + 7 * HOUR), at(DAY + 22 * HOUR)).map((entry) => shape(uid, entry, { positions: false })),
    );
    expect(drivenSinceTheLook.length).toBeGreaterThan(0);
    const carried = new Set(digestShapes(digest!.parsed!, { positions: false }));
    expect(drivenSinceTheLook.filter((line) => carried.has(line))).toEqual([]);
    expect(await outboxTo(tokyo.email)).toHaveLength(1);
  });

  it("the next day reports only what is new since the last digest: nothing twice, nothing lost", async () => {
    const firstRun = at(DAY + 7 * HOUR);
    const secondRun = at(2 * DAY + 7 * HOUR);
    advanceTo(secondRun);
    await startDailyRun({ trigger: "schedule" });
    await drainQueue({ timeoutMs: 120_000 });

    const digests = await digestsOf(alice.id);
    expect(digests.map((digest) => digest.day)).toEqual(["2026-06-02", "2026-06-03"]);
    const expected = sam()
      .mapUids.flatMap((uid) => truthBetween(uid, firstRun, secondRun).map((entry) => shape(uid, entry, { positions: false })))
      .sort();
    expect(expected.length).toBeGreaterThan(0);
    expect(digestShapes(digests[1]!.parsed!, { positions: false })).toEqual(expected);
    // Together the two digests carry every record since the watch began, none twice.
    const both = [...digestShapes(digests[0]!.parsed!, { positions: false }), ...digestShapes(digests[1]!.parsed!, { positions: false })];
    expect(new Set(both).size).toBe(both.length);
    expect(digests[1]!.status).toBe("SENT");
    expect(await outboxTo(alice.email)).toHaveLength(2);
  });

  it("'run daily check now' checks every eligible user without a digest for their day, whatever their hour", async () => {
    const admin = { ...(await createUser({ label: "admin", verified: true })), role: "ADMIN" as const };
    const { run, queued } = await runDailyCheckNow(admin);
    expect(run.slot).toMatch(/^manual-/);
    // Only `late` (digest hour 8) has no digest for 2026-06-03 yet; Tokyo's day is already 2026-06-03 too.
    expect(queued).toBe(1);
    await drainQueue({ timeoutMs: 60_000 });
    const [digest] = await digestsOf(late.id);
    expect(digest).toMatchObject({ day: "2026-06-03", status: "SENT" });

    const again = await runDailyCheckNow(admin);
    expect(again.queued).toBe(0);

    const user = { ...alice, role: "USER" as const };
    await expect(runDailyCheckNow(user)).rejects.toMatchObject({ code: "forbidden:admin" });
  });

  it("a later-hour user's next digest carries what the earlier look left out: nothing twice, nothing lost", async () => {
    const secondLook = at(2 * DAY + 7 * HOUR);
    advanceTo(at(2 * DAY + 22 * HOUR));
    const { run, queued } = await startDailyRun({ trigger: "schedule" });
    expect(queued).toBe(1);
    await drainQueue({ timeoutMs: 60_000 });
    const finished = await (await getDb()).dailyRun.findUniqueOrThrow({ where: { id: run.id } });
    expect((finished.nadeoCalls as Record<string, number> | null)?.["live.top"] ?? 0).toBe(0);

    const digests = await digestsOf(tokyo.id);
    expect(digests.map((digest) => digest.day)).toEqual(["2026-06-03", "2026-06-04"]);
    // The 07:00Z look of this UTC day is Tokyo's news, as it was Alice's this morning.
    const aliceDigests = await digestsOf(alice.id);
    expect(digestShapes(digests[1]!.parsed!)).toEqual(digestShapes(aliceDigests[1]!.parsed!));
    // Together Tokyo's digests carry every record driven from the watch's start to the last look,
    // each driver once per observation: none twice, and none of those driven after yesterday's look lost.
    const both = [...digestShapes(digests[0]!.parsed!, { positions: false }), ...digestShapes(digests[1]!.parsed!, { positions: false })];
    expect(new Set(both).size).toBe(both.length);
    const reportedDrivers = new Set(both.map((line) => line.split("|").slice(0, 2).join("|")));
    const drivenUpToTheLook = sam().mapUids.flatMap((uid) =>
      truthSince(uid, t0)
        .filter((entry) => entry.timestamp <= secondLook.getTime() / 1000)
        .map((entry) => `${uid}|${entry.accountId}`),
    );
    expect(drivenUpToTheLook.length).toBeGreaterThan(0);
    expect(drivenUpToTheLook.filter((driver) => !reportedDrivers.has(driver))).toEqual([]);
    expect(await outboxTo(tokyo.email)).toHaveLength(2);
  });
});
