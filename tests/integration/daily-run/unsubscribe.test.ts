import { describe, expect, it } from "vitest";

// One-click unsubscribe: the signed token is the only credential (no session), POST changes the
// setting, GET never does (mail scanners prefetch links).
process.env.SANDBOX_CLOCK = "manual";
process.env.SANDBOX_REQUESTS_PER_SECOND = "1000";
process.env.APP_URL = "https://trackwatch.test";

const { getDb } = await import("@/lib/db");
const { createMapperAlert } = await import("@/lib/alerts");
const { startDailyRun } = await import("@/lib/daily-run");
const { drainQueue } = await import("@/lib/queue");
const { createUnsubscribeToken, describeUnsubscribeToken } = await import("@/lib/unsubscribe");
const { GET, POST } = await import("@/app/api/unsubscribe/route");
const { DAY, HOUR, advanceTo, createUser, digestsOf, outboxTo, sandbox } = await import("./support");

const oneClick = (url: string) =>
  POST(
    new Request(url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    }),
  );

async function notificationsOn(userId: string) {
  return (await (await getDb()).user.findUniqueOrThrow({ where: { id: userId } })).emailNotifications;
}

describe("unsubscribe", () => {
  it("a valid token posted without any session turns digest emails off, and again is harmless", async () => {
    const user = await createUser();
    const url = `https://trackwatch.test/api/unsubscribe?token=${encodeURIComponent(createUnsubscribeToken(user.id))}`;
    const response = await oneClick(url);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, emailNotifications: false });
    expect(await notificationsOn(user.id)).toBe(false);
    expect((await oneClick(url)).status).toBe(200);
  });

  it("refuses tampered, foreign and malformed tokens without changing anything", async () => {
    const victim = await createUser();
    const other = await createUser();
    const token = createUnsubscribeToken(victim.id);
    const signature = token.split(".")[2]!;
    const flipped = `${signature[0] === "A" ? "B" : "A"}${signature.slice(1)}`;
    const tampered = `v1.${victim.id}.${flipped}`;
    const borrowed = `v1.${victim.id}.${createUnsubscribeToken(other.id).split(".")[2]}`;
    const nextVersion = token.replace(/^v1\./, "v2.");

    for (const bad of [tampered, borrowed]) {
      const response = await oneClick(`https://trackwatch.test/api/unsubscribe?token=${encodeURIComponent(bad)}`);
      expect(response.status).toBe(403);
      expect((await response.json()).error.code).toBe("forbidden:unsubscribe");
    }
    for (const bad of ["not-a-token", nextVersion, ""]) {
      const response = await oneClick(`https://trackwatch.test/api/unsubscribe?token=${encodeURIComponent(bad)}`);
      expect(response.status).toBe(400);
    }
    expect((await oneClick("https://trackwatch.test/api/unsubscribe")).status).toBe(400);
    expect(await notificationsOn(victim.id)).toBe(true);
    expect(await notificationsOn(other.id)).toBe(true);
  });

  it("GET (a scanner prefetching the link) only redirects to the confirmation page", async () => {
    const user = await createUser();
    const token = createUnsubscribeToken(user.id);
    const response = await GET(new Request(`https://trackwatch.test/api/unsubscribe?token=${encodeURIComponent(token)}`));
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`https://trackwatch.test/unsubscribe?token=${encodeURIComponent(token)}`);
    // What the confirmation page reads to show its button.
    expect(await describeUnsubscribeToken(token)).toEqual({ email: expect.stringMatching(/^u•••@trackwatch\.test$/), subscribed: true });
    expect(await notificationsOn(user.id)).toBe(true);
  });

  it("the confirmation page's button lands back on the page, unsubscribed", async () => {
    const user = await createUser();
    const token = createUnsubscribeToken(user.id);
    const response = await POST(
      new Request(`https://trackwatch.test/api/unsubscribe?token=${encodeURIComponent(token)}`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "List-Unsubscribe=One-Click&return=page",
      }),
    );
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`https://trackwatch.test/unsubscribe?token=${encodeURIComponent(token)}&done=1`);
    expect(await describeUnsubscribeToken(token)).toMatchObject({ subscribed: false });
  });

  it("the List-Unsubscribe link of a real digest works; the next run keeps the digest in history and emails nothing", async () => {
    const user = await createUser({ label: "reader" });
    await createMapperAlert(user, { mapper: "name", displayName: "SmallMapperSam" });
    const t0 = sandbox().now();
    advanceTo(new Date(t0.getTime() + DAY + 7 * HOUR - (t0.getTime() % DAY)));
    await startDailyRun({ trigger: "schedule" });
    await drainQueue({ timeoutMs: 120_000 });
    const [email] = await outboxTo(user.email);
    expect(email).toBeDefined();
    const header = (email!.headers as Record<string, string>)["List-Unsubscribe"]!;
    const url = /^<([^>]+)>$/.exec(header)![1]!;
    expect(email!.text).toContain(`Unsubscribe: ${url}`);
    expect((await oneClick(url)).status).toBe(200);

    advanceTo(new Date(sandbox().now().getTime() + DAY));
    const { queued } = await startDailyRun({ trigger: "schedule" });
    expect(queued).toBe(1);
    await drainQueue({ timeoutMs: 120_000 });
    const digests = await digestsOf(user.id);
    expect(digests).toHaveLength(2);
    // Sorted: "NOT_EMAILED" (or "EMPTY" on a quiet day) before "SENT".
    expect(digests.map((digest) => digest.status).sort()).toEqual([expect.stringMatching(/^(NOT_EMAILED|EMPTY)$/), "SENT"]);
    expect(await outboxTo(user.email)).toHaveLength(1);
  });
});
