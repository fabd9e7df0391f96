import { afterEach, describe, expect, it, vi } from "vitest";
import { errorOf } from "../../support/error-of";

// The feedback concern through its public face: users send (validated, capped at 20 unread,
// rate-limited per user in KV), admins list, read, answer by email and delete; nobody else may.

const { formStateFromError } = await import("@/lib/actions/form-state");
const { AppError } = await import("@/lib/errors");
const { getDb } = await import("@/lib/db");
const feedback = await import("@/lib/feedback");
const { createUser } = await import("../checks/support");
const { lastEmailTo, setClock, advanceClock } = await import("../accounts/support");

type ActingUser = import("@/lib/actor").ActingUser;

async function createAdmin(): Promise<ActingUser> {
  const db = await getDb();
  const user = await createUser();
  await db.user.update({ where: { id: user.id }, data: { role: "ADMIN" } });
  return { ...user, role: "ADMIN" };
}

/** Messages stored directly (not through sendFeedback, whose rate limit would get in the way of setting up a cap). */
async function seedUnread(user: ActingUser, count: number) {
  const db = await getDb();
  await db.feedback.createMany({ data: Array.from({ length: count }, (_, i) => ({ userId: user.id, email: user.email, message: `Seeded ${i}` })) });
}

afterEach(() => {
  vi.useRealTimers();
});

describe("sending feedback", () => {
  it("stores the message with its type, the sender and the same-site page it came from", async () => {
    const user = await createUser();
    const sent = await feedback.sendFeedback(user, { kind: "IDEA", message: "  Show the WR holder's flag.\n\nPlease!  ", page: "/alerts/abc?tab=maps" });
    const row = await (await getDb()).feedback.findUniqueOrThrow({ where: { id: sent.id } });
    expect(row).toMatchObject({ userId: user.id, email: user.email, kind: "IDEA", message: "Show the WR holder's flag.\n\nPlease!", page: "/alerts/abc?tab=maps", readAt: null });
  });

  it("keeps only same-site paths as the page; anything else is dropped, not refused", async () => {
    const user = await createUser();
    const sent = await feedback.sendFeedback(user, { kind: "OTHER", message: "From elsewhere", page: "https://evil.example/alerts" });
    expect(sent.page).toBeNull();
    for (const page of ["//evil.example/x", "/\\evil.example", "javascript:alert(1)", "alerts", `/${"a".repeat(300)}`, "/a\nb", 42, undefined]) {
      expect(feedback.sameSitePagePath(page), String(page)).toBeNull();
    }
    expect(feedback.sameSitePagePath("/maps/abc#top")).toBe("/maps/abc");
    expect(feedback.sameSitePagePath("/search?q=snow%20line")).toBe("/search?q=snow%20line");
  });

  it("refuses a missing or unknown type, an empty message and one over 2,000 characters, field by field", async () => {
    const user = await createUser();
    const stateOf = async (input: object) => formStateFromError(await errorOf(feedback.sendFeedback(user, input as never)));
    expect(await stateOf({ kind: "RANT", message: "Hi" })).toMatchObject({ status: "invalid", fieldErrors: { kind: ["Choose bug, idea or other."] } });
    expect(await stateOf({ message: "Hi" })).toMatchObject({ status: "invalid", fieldErrors: { kind: ["Choose bug, idea or other."] } });
    expect(await stateOf({ kind: "BUG", message: "   \n " })).toMatchObject({ status: "invalid", fieldErrors: { message: ["Write a message."] } });
    expect(await stateOf({ kind: "BUG", message: "x".repeat(2_001) })).toMatchObject({
      status: "invalid",
      fieldErrors: { message: ["Keep it to 2,000 characters or fewer."] },
    });
    // Line breaks count once however the browser sent them, so exactly 2,000 as typed is fine.
    await feedback.sendFeedback(user, { kind: "BUG", message: `${"x".repeat(999)}\r\n${"x".repeat(1_000)}` });
    expect((await (await getDb()).feedback.findFirstOrThrow({ where: { userId: user.id } })).message).toBe(`${"x".repeat(999)}\n${"x".repeat(1_000)}`);
    // Exactly 2,000 is fine.
    await feedback.sendFeedback(user, { kind: "BUG", message: "x".repeat(2_000) });
    expect(await (await getDb()).feedback.count({ where: { userId: user.id } })).toBe(2);
  });

  it("allows five messages in ten minutes per user, then says when to try again", async () => {
    setClock("2026-12-02T10:00:00Z");
    const user = await createUser();
    const other = await createUser();
    for (let i = 0; i < 5; i++) await feedback.sendFeedback(user, { kind: "OTHER", message: `Thought ${i}` });
    advanceClock(3 * 60_000);
    const error = await errorOf(feedback.sendFeedback(user, { kind: "OTHER", message: "One more" }));
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "rate_limited:feedbackByUser", message: "You have sent a lot of feedback in the last few minutes. Try again in 7 minutes." });
    // Someone else is not affected, and the window's end lifts it.
    await feedback.sendFeedback(other, { kind: "OTHER", message: "Mine" });
    advanceClock(7 * 60_000);
    await feedback.sendFeedback(user, { kind: "OTHER", message: "One more" });
    expect(await (await getDb()).feedback.count({ where: { userId: user.id } })).toBe(6);
  });

  it("refuses once 20 of the user's messages are unread, and lifts when an admin reads one", async () => {
    const user = await createUser();
    const admin = await createAdmin();
    await seedUnread(user, 19);
    await feedback.sendFeedback(user, { kind: "BUG", message: "The twentieth" });
    const error = await errorOf(feedback.sendFeedback(user, { kind: "BUG", message: "The twenty-first" }));
    expect(error).toMatchObject({ code: "limit_reached:feedback", message: expect.stringMatching(/^You have 20 messages waiting to be read\./) });
    expect(formStateFromError(error)).toMatchObject({ status: "error", message: expect.stringContaining("20 messages waiting") });
    // Other users' unread messages do not count against this one.
    await feedback.sendFeedback(await createUser(), { kind: "BUG", message: "Someone else" });

    const [oldest] = await (await getDb()).feedback.findMany({ where: { userId: user.id }, orderBy: { createdAt: "asc" }, take: 1 });
    await feedback.setFeedbackRead(admin, { id: oldest!.id, read: true });
    await feedback.sendFeedback(user, { kind: "BUG", message: "The twenty-first" });
    expect(await errorOf(feedback.sendFeedback(user, { kind: "BUG", message: "The twenty-second" }))).toMatchObject({ code: "limit_reached:feedback" });
  });
});

describe("the admin inbox", () => {
  it("lists newest first, 20 a page, unread only or all, with the sender's account details and the count of unread", async () => {
    const db = await getDb();
    await db.feedback.deleteMany({});
    const admin = await createAdmin();
    const sender = await createUser({ tmDisplayName: "SnowLineMapper" });
    const base = Date.parse("2026-11-01T00:00:00Z");
    await db.feedback.createMany({
      data: Array.from({ length: 23 }, (_, i) => ({
        userId: sender.id,
        email: sender.email,
        message: `Message ${i}`,
        kind: i % 2 === 0 ? ("BUG" as const) : ("IDEA" as const),
        page: "/watches",
        createdAt: new Date(base + i * 60_000),
        readAt: i < 3 ? new Date() : null,
      })),
    });
    expect(await feedback.countUnreadFeedback(admin)).toBe(20);

    const unread = await feedback.listFeedbackForAdmin(admin, { filter: "unread", page: 1 });
    expect(unread).toMatchObject({ filter: "unread", page: 1, total: 20, pageCount: 1 });
    expect(unread.items[0]).toMatchObject({
      message: "Message 22",
      kind: "BUG",
      page: "/watches",
      readAt: null,
      sender: { userId: sender.id, email: sender.email, tmDisplayName: "SnowLineMapper" },
    });
    expect(unread.items.at(-1)!.message).toBe("Message 3");

    const all = await feedback.listFeedbackForAdmin(admin, { filter: "all", page: "2" as never });
    expect(all).toMatchObject({ filter: "all", page: 2, total: 23, pageCount: 2 });
    expect(all.items.map((item) => item.message)).toEqual(["Message 2", "Message 1", "Message 0"]);
    // A hand-edited query takes the defaults instead of failing.
    expect(await feedback.listFeedbackForAdmin(admin, { filter: "junk" as never, page: "-3" as never })).toMatchObject({ filter: "unread", page: 1 });
  });

  it("marks read and unread, keeping when it was first read", async () => {
    const admin = await createAdmin();
    const user = await createUser();
    const { id } = await feedback.sendFeedback(user, { kind: "OTHER", message: "Read me" });
    const first = await feedback.setFeedbackRead(admin, { id, read: true });
    expect(first.readAt).toBeInstanceOf(Date);
    expect((await feedback.setFeedbackRead(admin, { id, read: true })).readAt).toEqual(first.readAt);
    expect((await feedback.setFeedbackRead(admin, { id, read: false })).readAt).toBeNull();
    expect(await errorOf(feedback.setFeedbackRead(admin, { id: "gone", read: true }))).toMatchObject({ code: "not_found:feedback" });
  });

  it("deletes a message", async () => {
    const admin = await createAdmin();
    const { id } = await feedback.sendFeedback(await createUser(), { kind: "OTHER", message: "Delete me" });
    await feedback.deleteFeedback(admin, { id });
    expect(await (await getDb()).feedback.findUnique({ where: { id } })).toBeNull();
    expect(await errorOf(feedback.deleteFeedback(admin, { id }))).toMatchObject({ code: "not_found:feedback" });
  });

  it("answers by email through the outbox, quoting the message, stores the answer and marks it read; a double submit sends once", async () => {
    const admin = await createAdmin();
    const user = await createUser({ tmDisplayName: "NoseBoost" });
    const { id } = await feedback.sendFeedback(user, { kind: "BUG", message: "The chart on <b>Winter Sprint</b> is empty.\nSince Monday.", page: "/maps/abc" });

    const saved = await feedback.replyToFeedback(admin, { id, message: "Fixed now — thanks!\nIt was a caching bug." });
    expect(saved).toMatchObject({ id, reply: "Fixed now — thanks!\nIt was a caching bug.", repliedAt: expect.any(Date), readAt: expect.any(Date) });
    const row = await (await getDb()).feedback.findUniqueOrThrow({ where: { id } });
    expect(row.repliedById).toBe(admin.id);

    const email = await lastEmailTo(user.email);
    expect(email).toMatchObject({ subject: "Re: your feedback to Trackwatch" });
    // Called by the display name from Settings ("Tester"), not the Trackmania name beside it.
    expect(email!.text).toContain("Hi Tester,");
    expect(email!.text).not.toContain("NoseBoost");
    expect(email!.text).toContain("Fixed now — thanks!");
    expect(email!.text).toContain("You wrote (bug,");
    expect(email!.text).toContain("The chart on <b>Winter Sprint</b> is empty.");
    // The user's text is escaped in the HTML part, never markup.
    expect(email!.html).toContain("&lt;b&gt;Winter Sprint&lt;/b&gt;");

    // The same answer again (a double click) sends nothing new; a different one is a new email.
    const { listOutboxEmails } = await import("@/lib/mail");
    const countTo = async () => (await listOutboxEmails({ to: user.email, limit: 10 })).emails.length;
    expect(await countTo()).toBe(1);
    await feedback.replyToFeedback(admin, { id, message: "Fixed now — thanks!\nIt was a caching bug." });
    expect(await countTo()).toBe(1);
    await feedback.replyToFeedback(admin, { id, message: "One more thing: clear your cache." });
    expect(await countTo()).toBe(2);
  });

  it("greets by the display name from Settings, else the Trackmania name, else the address's local part", async () => {
    const admin = await createAdmin();
    const db = await getDb();
    const cases = [
      { name: "Bea", tmDisplayName: "BigMapperBea", greeting: "Hi Bea," },
      { name: null, tmDisplayName: "BigMapperBea", greeting: "Hi BigMapperBea," },
      { name: null, tmDisplayName: null, greeting: null },
    ];
    for (const { name, tmDisplayName, greeting } of cases) {
      const local = `greet-${Math.random().toString(36).slice(2, 10)}`;
      const user = await db.user.create({ data: { email: `${local}@example.com`, name, tmDisplayName }, select: { id: true, email: true, role: true } });
      const { id } = await feedback.sendFeedback(user, { kind: "OTHER", message: "Who am I to you?" });
      await feedback.replyToFeedback(admin, { id, message: "Hello there." });
      const email = await lastEmailTo(user.email);
      expect(email!.text, `${name} / ${tmDisplayName}`).toContain(greeting ?? `Hi ${local},`);
    }
  });

  it("refuses an empty answer and one to a message that is gone", async () => {
    const admin = await createAdmin();
    const { id } = await feedback.sendFeedback(await createUser(), { kind: "OTHER", message: "Hello" });
    expect(formStateFromError(await errorOf(feedback.replyToFeedback(admin, { id, message: "  " })))).toMatchObject({
      status: "invalid",
      fieldErrors: { message: ["Write your answer."] },
    });
    expect(await errorOf(feedback.replyToFeedback(admin, { id: "gone", message: "Hi" }))).toMatchObject({ code: "not_found:feedback" });
  });

  it("is closed to users who are not admins: they cannot list, count, read, delete or answer", async () => {
    const user = await createUser();
    const { id } = await feedback.sendFeedback(await createUser(), { kind: "OTHER", message: "Private" });
    const attempts = [
      feedback.listFeedbackForAdmin(user, { filter: "all", page: 1 }),
      feedback.countUnreadFeedback(user),
      feedback.setFeedbackRead(user, { id, read: true }),
      feedback.deleteFeedback(user, { id }),
      feedback.replyToFeedback(user, { id, message: "Hi" }),
    ];
    for (const attempt of attempts) expect(await errorOf(attempt)).toMatchObject({ code: "forbidden:admin", status: 403 });
    expect(await (await getDb()).feedback.findUniqueOrThrow({ where: { id } })).toMatchObject({ readAt: null, reply: null });
  });
});
