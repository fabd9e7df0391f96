import { beforeEach, describe, expect, it, vi } from "vitest";
import { hashPassword } from "@/lib/accounts/password";
import { formOf } from "../../support/form-data";

// The feedback form's and the inbox's server actions as the browser posts them: FormData in, form
// state out, with a real session (a credentials sign-in through Auth.js's route). `next/headers`
// hands the action that browser's headers and `next/cache` records the refresh, the two parts of a
// Next request vitest cannot provide.
process.env.AUTH_SECRET = "integration-test-secret-000000000000000";

const request = vi.hoisted(() => ({ headers: new Headers(), revalidatePath: vi.fn() }));
vi.mock("next/headers", async () => {
  const { RequestCookies } = await import("next/dist/compiled/@edge-runtime/cookies");
  return { headers: async () => request.headers, cookies: async () => new RequestCookies(request.headers) };
});
vi.mock("next/cache", () => ({ revalidatePath: request.revalidatePath }));

const { deleteFeedbackAction, replyToFeedbackAction, sendFeedbackAction, setFeedbackReadAction } = await import("@/lib/actions/feedback");
const { idleState } = await import("@/lib/actions/form-state");
const { getDb } = await import("@/lib/db");
const { UNSAFE_TEXT_MESSAGE } = await import("@/lib/http");
const { GOOD_PASSWORD, lastEmailTo, uniqueEmail, uniqueIp } = await import("../accounts/support");
const { AuthRouteBrowser } = await import("../accounts/auth-route-browser");

/** Signs a new account with this role in through Auth.js and makes its browser the one posting. */
async function signInAs(role: "ADMIN" | "USER"): Promise<{ id: string; email: string }> {
  const db = await getDb();
  const email = uniqueEmail(role.toLowerCase());
  const { id } = await db.user.create({
    data: { email, name: role, role, emailVerifiedAt: new Date(), passwordHash: await hashPassword(GOOD_PASSWORD) },
    select: { id: true },
  });
  const browser = new AuthRouteBrowser(uniqueIp());
  expect((await browser.postCredentials({ email, password: GOOD_PASSWORD })).status).toBe(302);
  request.headers = browser.requestHeaders();
  return { id, email };
}


beforeEach(() => {
  request.headers = new AuthRouteBrowser(uniqueIp()).requestHeaders();
  request.revalidatePath.mockClear();
});

describe("the feedback form", () => {
  it("sends a signed-in user's message with the page it came from, and says so", async () => {
    const user = await signInAs("USER");
    const state = await sendFeedbackAction(idleState, formOf({ kind: "BUG", message: "The map page is blank.", page: "/maps/abc" }));
    expect(state).toMatchObject({ status: "success", message: expect.stringMatching(/feedback was sent/) });
    expect(await (await getDb()).feedback.findFirst({ where: { userId: user.id } })).toMatchObject({ kind: "BUG", page: "/maps/abc", email: user.email });
    expect(request.revalidatePath.mock.calls).toContainEqual(["/admin/feedback"]);
  });

  it("answers bad input with errors under the fields and the text to refill", async () => {
    await signInAs("USER");
    const state = await sendFeedbackAction(idleState, formOf({ kind: "rant", message: "" }));
    expect(state).toEqual({
      status: "invalid",
      message: "Check the highlighted fields.",
      fieldErrors: { kind: ["Choose bug, idea or other."], message: ["Write a message."] },
      values: { kind: "rant", message: "", page: "" },
    });
  });

  it("refuses a field holding a control character beside it, stores nothing and refills none of it; tabs and line breaks are fine", async () => {
    const user = await signInAs("USER");
    expect(await sendFeedbackAction(idleState, formOf({ kind: "BUG", message: "It crashed\u0000 here", page: "/maps/abc" }))).toEqual({
      status: "invalid",
      message: "Check the highlighted fields.",
      fieldErrors: { message: [UNSAFE_TEXT_MESSAGE] },
      values: { kind: "BUG", message: "", page: "/maps/abc" },
    });
    expect(await sendFeedbackAction(idleState, formOf({ kind: "BUG\u0000", message: "Hi" }))).toMatchObject({ status: "invalid", fieldErrors: { kind: ["Choose bug, idea or other."] } });
    expect(await sendFeedbackAction(idleState, formOf({ kind: "BUG", message: "ANSI \u001b[31mred" }))).toMatchObject({ status: "invalid", fieldErrors: { message: [UNSAFE_TEXT_MESSAGE] } });
    expect(await (await getDb()).feedback.count({ where: { userId: user.id } })).toBe(0);
    // A page label holding one is dropped like any other bad label (it only labels the message).
    expect(await sendFeedbackAction(idleState, formOf({ kind: "IDEA", message: "Col A\tCol B\r\nNext line", page: "/maps/\u0000" }))).toMatchObject({ status: "success" });
    expect(await (await getDb()).feedback.findFirstOrThrow({ where: { userId: user.id } })).toMatchObject({ message: "Col A\tCol B\nNext line", page: null });
  });

  it("refuses visitors", async () => {
    expect(await sendFeedbackAction(idleState, formOf({ kind: "BUG", message: "Hi" }))).toMatchObject({ status: "error", message: "Sign in to continue." });
  });
});

describe("the inbox actions", () => {
  it("are refused to users who are not admins, changing nothing", async () => {
    const sender = await signInAs("USER");
    await sendFeedbackAction(idleState, formOf({ kind: "IDEA", message: "Dark mode" }));
    const { id } = await (await getDb()).feedback.findFirstOrThrow({ where: { userId: sender.id } });
    for (const [action, fields] of [
      [setFeedbackReadAction, { id, read: "true" }],
      [deleteFeedbackAction, { id }],
      [replyToFeedbackAction, { id, message: "Hello" }],
    ] as const) {
      expect(await action(idleState, formOf(fields))).toMatchObject({ status: "error", message: "You do not have access to this." });
    }
    expect(await (await getDb()).feedback.findUniqueOrThrow({ where: { id } })).toMatchObject({ readAt: null, reply: null });
  });

  it("let an admin mark read, answer (into the outbox) and delete", async () => {
    const sender = await signInAs("USER");
    await sendFeedbackAction(idleState, formOf({ kind: "IDEA", message: "Dark mode, please." }));
    const { id } = await (await getDb()).feedback.findFirstOrThrow({ where: { userId: sender.id } });
    await signInAs("ADMIN");

    expect(await setFeedbackReadAction(idleState, formOf({ id, read: "true" }))).toEqual({ status: "success", message: "Marked read." });
    expect(await setFeedbackReadAction(idleState, formOf({ id, read: "false" }))).toEqual({ status: "success", message: "Marked unread." });
    expect(request.revalidatePath.mock.calls).toContainEqual(["/admin", "layout"]);

    expect(await replyToFeedbackAction(idleState, formOf({ id, message: "" }))).toMatchObject({ status: "invalid", fieldErrors: { message: ["Write your answer."] } });
    expect(await replyToFeedbackAction(idleState, formOf({ id, message: "It is on the list." }))).toMatchObject({ status: "success" });
    expect((await lastEmailTo(sender.email))!.text).toContain("Dark mode, please.");
    expect(await (await getDb()).feedback.findUniqueOrThrow({ where: { id } })).toMatchObject({ reply: "It is on the list.", readAt: expect.any(Date) });

    // An id or answer holding a control character is refused beside its field, never looked up.
    for (const [action, fields] of [
      [setFeedbackReadAction, { id: `${id}\u0000`, read: "true" }],
      [deleteFeedbackAction, { id: `${id}\u0000` }],
      [replyToFeedbackAction, { id: `${id}\u0000`, message: "Hi" }],
      [replyToFeedbackAction, { id, message: "Fixed\u0000" }],
    ] as const) {
      expect(await action(idleState, formOf(fields)), JSON.stringify(fields)).toMatchObject({ status: "invalid" });
    }
    expect(await (await getDb()).feedback.findUniqueOrThrow({ where: { id } })).toMatchObject({ reply: "It is on the list." });

    expect(await deleteFeedbackAction(idleState, formOf({ id }))).toEqual({ status: "success", message: "Deleted." });
    expect(await deleteFeedbackAction(idleState, formOf({ id }))).toMatchObject({ status: "error", message: "This message no longer exists." });
  });
});
