import { afterAll, describe, expect, it } from "vitest";
import { startResendFake } from "@/tests/fakes/resend";

// A send cut short (its process killed mid-send) leaves its digest COMPOSED under a send lease. A
// delivery that finds the lease held does not burn its retries against it and end FAILED: it hands
// over to a message due when the lease ends, and that one sends — minutes, not the next hourly sweep.
const fake = await startResendFake({ apiKey: "re_test_lease" });
process.env.RESEND_API_KEY = fake.apiKey;
process.env.RESEND_BASE_URL = fake.url;
process.env.SANDBOX_CLOCK = "manual";
process.env.APP_URL = "https://trackwatch.test";

const { getDb } = await import("@/lib/db");
const { drainQueue } = await import("@/lib/queue");
const { digestSendJob } = await import("@/lib/jobs/digest-send");
const { SEND_LEASE_MS } = await import("@/lib/daily-run/send-digest");
const { createUser } = await import("./support");

afterAll(() => fake.close());

describe("a send lease left by a dead sender", () => {
  it("is waited out once: the digest goes out when the lease ends, exactly once, and no job ends FAILED", async () => {
    const db = await getDb();
    const user = await createUser({ label: "lease" });
    const digest = await db.digest.create({
      data: { userId: user.id, day: "2026-11-26", status: "COMPOSED", subject: "Digest under a lease", html: "<p>lease</p>", text: "lease", content: {}, recordCount: 1, composedAt: new Date() },
    });
    // Claimed into a batch by a sender that died before the provider answered. Its lease ends in 15 s:
    // later than the queue's own retries (after 1, 2 and 4 s) look, so the last of them meets the lease.
    const leaseEnds = Date.now() + 15_000;
    await db.$executeRaw`UPDATE "Digest" SET "sendBatchId" = 'dead-sender-batch', "sendTo" = ${user.email}, "updatedAt" = ${new Date(leaseEnds - SEND_LEASE_MS)} WHERE "id" = ${digest.id}`;

    await digestSendJob.enqueue({ digestId: digest.id }, { deduplicationId: `lease-test:${digest.id}` });
    await drainQueue({ timeoutMs: 60_000 });

    const sent = await db.digest.findUniqueOrThrow({ where: { id: digest.id } });
    expect(sent.status).toBe("SENT");
    expect(fake.sent.filter((email) => email.to.includes(user.email))).toHaveLength(1);

    const records = await db.jobRecord.findMany({ where: { job: "digest-send" }, orderBy: { createdAt: "asc" } });
    const mine = records.filter((record) => (record.payload as { digestId?: string }).digestId === digest.id);
    expect(mine.map((record) => record.status)).toEqual(["SUCCEEDED", "SUCCEEDED"]);
    // The first message met the lease on each of its quick retries, and its last delivery handed over.
    expect(mine[0]!.attempts).toBe(4);
    expect(mine[1]!.runAt.getTime()).toBeGreaterThanOrEqual(leaseEnds - 1_000);
  });
});
