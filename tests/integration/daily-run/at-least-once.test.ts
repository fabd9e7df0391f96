import { beforeAll, describe, expect, it } from "vitest";

// QStash (and the in-process queue) deliver at least once: a message can arrive twice, out of order,
// or after a crash, while Nadeo answers 429 and 503 now and then. None of it may send a second
// email or lose a record.
process.env.SANDBOX_CLOCK = "manual";
process.env.SANDBOX_REQUESTS_PER_SECOND = "1000";
process.env.APP_URL = "https://trackwatch.test";

const { getDb } = await import("@/lib/db");
const { createMapperAlert } = await import("@/lib/alerts");
const { startDailyRun } = await import("@/lib/daily-run");
const { drainQueue } = await import("@/lib/queue");
const { userCheckJob, userCheckPayloadSchema } = await import("@/lib/jobs/user-check");
const { digestSendJob, digestSendPayloadSchema } = await import("@/lib/jobs/digest-send");
const { DAY, HOUR, advanceTo, createUser, digestShapes, digestsOf, outboxTo, sandbox, shape, truthSince } = await import("./support");

const t0 = sandbox().now();
const at = (ms: number) => new Date(t0.getTime() + ms);
const sam = () => sandbox().wellKnown.smallMapper;

type User = Awaited<ReturnType<typeof createUser>>;

/** Runs a handler the way a duplicate delivery would, swallowing its failure (the queue's copy retries). */
async function deliverAgain(run: () => Promise<void>): Promise<void> {
  await run().catch(() => undefined);
}

describe("at-least-once delivery", () => {
  let samFans: User[];
  let beaFan: User;

  beforeAll(async () => {
    samFans = [await createUser({ label: "fan1" }), await createUser({ label: "fan2", timezone: "Europe/Paris", digestHour: 9 }), await createUser({ label: "fan3" })];
    beaFan = await createUser({ label: "bea-fan" });
    for (const user of samFans) await createMapperAlert(user, { mapper: "name", displayName: "SmallMapperSam" });
    // 150 maps: past the position-mode threshold, so this alert runs in position mode.
    const alert = await createMapperAlert(beaFan, { mapper: "name", displayName: "BigMapperBea" });
    expect(alert.mode).toBe("POSITION");
  });

  it("every message delivered three times, out of order, with 20% Nadeo faults: one correct digest and one email per user", async () => {
    advanceTo(at(DAY + 7 * HOUR)); // 07:00Z, 09:00 in Paris
    sandbox().setFaults({ rate429: 0.1, rate503: 0.1, retryAfterSeconds: 0 });
    const db = await getDb();

    const { run, queued } = await startDailyRun({ trigger: "schedule" });
    expect(queued).toBe(4);
    // Each user check arrives twice more: by a direct call in reverse order while the queue's copy
    // runs, and as a redelivery under another deduplication id (which defeats the queue's dedup).
    const checks = await db.jobRecord.findMany({ where: { job: "user-check" }, orderBy: { createdAt: "asc" } });
    const direct = [...checks]
      .reverse()
      .map((record) => deliverAgain(() => userCheckJob.handle(userCheckPayloadSchema.parse(record.payload), { attempt: 1, messageId: `direct-${record.id}` })));
    for (const record of checks) {
      await userCheckJob.enqueue(userCheckPayloadSchema.parse(record.payload), { deduplicationId: `redelivery:${record.id}` });
    }
    await Promise.all(direct);
    await drainQueue({ timeoutMs: 240_000 });

    // Each send too, now that the first copies have run: out of order with the user checks above.
    const sends = await db.jobRecord.findMany({ where: { job: "digest-send" } });
    expect(sends.length).toBeGreaterThanOrEqual(3);
    const directSends = sends.map((record) =>
      deliverAgain(() => digestSendJob.handle(digestSendPayloadSchema.parse(record.payload), { attempt: 1, messageId: `direct-${record.id}` })),
    );
    for (const record of sends) {
      await digestSendJob.enqueue(digestSendPayloadSchema.parse(record.payload), { deduplicationId: `redelivery:${record.id}` });
    }
    await Promise.all(directSends);
    await drainQueue({ timeoutMs: 120_000 });
    sandbox().setFaults({});

    const faults = sandbox().stats().faults;
    expect(faults["429"]).toBeGreaterThan(0);
    expect(faults["503"]).toBeGreaterThan(0);

    const expected = sam()
      .mapUids.flatMap((uid) => truthSince(uid, t0).map((entry) => shape(uid, entry)))
      .sort();
    expect(expected.length).toBeGreaterThan(3);
    for (const user of samFans) {
      const digests = await digestsOf(user.id);
      expect(digests).toHaveLength(1);
      expect(digests[0]!.status).toBe("SENT");
      expect(digestShapes(digests[0]!.parsed!)).toEqual(expected);
      expect(await outboxTo(user.email)).toHaveLength(1);
      expect(await db.notification.count({ where: { userId: user.id } })).toBe(expected.length);
    }

    // Position mode finds the records entering the top 100 of Bea's maps, and says it may be late.
    const [beaDigest] = await digestsOf(beaFan.id);
    expect(beaDigest).toMatchObject({ status: "SENT" });
    expect(beaDigest!.recordCount).toBeGreaterThan(0);
    expect(beaDigest!.text).toContain("Position mode: may be up to a day late.");
    expect(await outboxTo(beaFan.email)).toHaveLength(1);
    expect(await db.notification.count({ where: { userId: beaFan.id, kind: "MAPPER_RECORD" } })).toBe(beaDigest!.recordCount);

    const finished = await db.dailyRun.findUniqueOrThrow({ where: { id: run.id } });
    expect(finished).toMatchObject({ status: "FINISHED", usersDue: 4, usersChecked: 4, emailsFailed: 0 });
    expect(finished.emailsSent).toBe(samFans.length + 1);
  });

  it("a sender that died after the provider accepted the email is taken over without a second email", async () => {
    const db = await getDb();
    const user = samFans[0]!;
    const [digest] = await digestsOf(user.id);
    const [email] = await outboxTo(user.email);
    // The state such a crash leaves: claimed (one attempt), never marked SENT, claim older than its lease.
    await db.digest.update({
      where: { id: digest!.id },
      data: { status: "COMPOSED", sendAttempts: 1, providerMessageId: null, sentAt: null, updatedAt: new Date(Date.now() - 5 * 60_000) },
    });
    await digestSendJob.enqueue({ digestId: digest!.id }, { deduplicationId: `after-crash:${digest!.id}` });
    await drainQueue({ timeoutMs: 60_000 });

    const [after] = await digestsOf(user.id);
    expect(after).toMatchObject({ status: "SENT", providerMessageId: email!.id, sendAttempts: 2 });
    expect(await outboxTo(user.email)).toHaveLength(1);
  });

  it("a composed digest whose send message was lost is sent by the next run, once", async () => {
    const db = await getDb();
    const user = samFans[2]!;
    const [digest] = await digestsOf(user.id);
    // As if the process died between composing and queueing the send, and the email never went out.
    await db.outboxEmail.deleteMany({ where: { to: { has: user.email } } });
    await db.digest.update({
      where: { id: digest!.id },
      data: {
        status: "COMPOSED",
        sendAttempts: 0,
        sendBatchId: null,
        sendTo: null,
        providerMessageId: null,
        sentAt: null,
        updatedAt: new Date(Date.now() - 60 * 60_000),
      },
    });

    const { requeuedSends } = await startDailyRun({ trigger: "schedule" });
    expect(requeuedSends).toBe(1);
    await drainQueue({ timeoutMs: 60_000 });
    const [after] = await digestsOf(user.id);
    expect(after!.status).toBe("SENT");
    const emails = await outboxTo(user.email);
    expect(emails).toHaveLength(1);
    expect(emails[0]!.text).toBe(digest!.text);

    // And the run after that finds nothing left to do.
    expect((await startDailyRun({ trigger: "schedule" })).requeuedSends).toBe(0);
  });

  it("a check that finds a digest already written for the day does nothing, even for another run", async () => {
    const db = await getDb();
    const user = samFans[1]!;
    const before = await db.notification.count({ where: { userId: user.id } });
    const [digest] = await digestsOf(user.id);
    const otherRun = await db.dailyRun.create({ data: { slot: "test-other-run", trigger: "test" } });
    await userCheckJob.handle(
      { dailyRunId: otherRun.id, userId: user.id, day: digest!.day, runKey: "test-other-run", now: sandbox().now().toISOString() },
      { attempt: 1, messageId: "test" },
    );
    expect(await db.notification.count({ where: { userId: user.id } })).toBe(before);
    expect(await digestsOf(user.id)).toHaveLength(1);
    expect(await db.dailyRun.findUniqueOrThrow({ where: { id: otherRun.id } })).toMatchObject({ usersChecked: 0, recordsFound: 0 });
  });
});
