import { describe, expect, it } from "vitest";

// Every email that greets its reader does so by one rule (lib/users greetingName), the one Settings
// promises: the display name from Settings, else the Trackmania name, else the address's local part.
// The feedback reply's own cases are in tests/integration/feedback/feedback.test.ts.
process.env.SANDBOX_CLOCK = "manual";
process.env.SANDBOX_REQUESTS_PER_SECOND = "1000";
process.env.APP_URL = "https://trackwatch.test";

const { getDb } = await import("@/lib/db");
const { createMapperAlert } = await import("@/lib/alerts");
const { runDailyCheckNow } = await import("@/lib/daily-run");
const { drainQueue } = await import("@/lib/queue");
const { DAY, HOUR, advanceTo, createUser, outboxTo, sandbox } = await import("../daily-run/support");

const admin = { id: "admin-greetings", email: "admin-greetings@example.com", role: "ADMIN" as const };

const cases = [
  { label: "both", name: "Bea", tmDisplayName: "BigMapperBea", greets: () => "Bea" },
  { label: "tm-only", name: null, tmDisplayName: "BigMapperBea", greets: () => "BigMapperBea" },
  { label: "neither", name: null, tmDisplayName: null, greets: (email: string) => email.slice(0, email.indexOf("@")) },
];

describe("the digest's greeting", async () => {
  const t0 = sandbox().now();
  const db = await getDb();
  // Digest hours far from now: only the admin's run checks them.
  const readers: { user: { id: string; email: string }; label: string; greeting: string }[] = [];
  for (const { label, name, tmDisplayName, greets } of cases) {
    const user = await createUser({ label: `greet-${label}`, digestHour: (t0.getUTCHours() + 12) % 24 });
    await db.user.update({ where: { id: user.id }, data: { name, tmDisplayName } });
    await createMapperAlert(user, { mapper: "name", displayName: "SmallMapperSam" });
    readers.push({ user, label, greeting: `Hi ${greets(user.email)}, here is your digest` });
  }
  advanceTo(new Date(t0.getTime() + DAY + HOUR));

  it("is the display name, else the Trackmania name, else the address's local part", async () => {
    for (const { user } of readers) await runDailyCheckNow(admin, { userId: user.id });
    await drainQueue({ timeoutMs: 90_000 });
    for (const { user, label, greeting } of readers) {
      const [email] = await outboxTo(user.email);
      expect(email?.text, label).toContain(greeting);
    }
  });
});

describe("the confirmation email's greeting", () => {
  // It used to greet `tmDisplayName ?? name ?? local part`: "Bea" with a Trackmania name was "BigMapperBea".
  it("is the display name, else the Trackmania name, else the address's local part", async () => {
    const { sendVerificationEmail } = await import("@/lib/accounts/send-verification-email");
    const db = await getDb();
    for (const { label, name, tmDisplayName, greets } of cases) {
      const user = await createUser({ label: `confirm-${label}`, verified: false });
      await db.user.update({ where: { id: user.id }, data: { name, tmDisplayName } });
      await sendVerificationEmail(user.id);
      const [email] = await outboxTo(user.email);
      expect(email?.text, label).toContain(`Hi ${greets(user.email)},`);
    }
  });
});
