import { createElement } from "react";
import { describe, expect, it, vi } from "vitest";
import { getConfig } from "@/lib/config";
import { getDb } from "@/lib/db";
import ResetPassword, { previewProps as resetPreview, subject as resetSubject } from "@/emails/reset-password";
import {
  countOutboxEmails,
  createMailer,
  getMailer,
  getOutboxEmail,
  listOutboxEmails,
  mailHealth,
  sendEmail,
  type OutboxEmail,
} from "@/lib/mail";
import { describeMailContract, TEST_FROM, type DeliveredEmail } from "./mail-contract";

// The outbox driver on this test file's own database (see tests/support/setup.ts).

const config = { drivers: { mail: "outbox" as const }, MAIL_FROM: TEST_FROM, RESEND_API_KEY: undefined, RESEND_BASE_URL: "https://api.resend.com" };

describeMailContract("outbox", async () => ({
  mailer: createMailer(config),
  delivered: async () => {
    const rows = await (await getDb()).outboxEmail.findMany({ orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { id: true } });
    const emails = await Promise.all(rows.map((row) => getOutboxEmail(row.id)));
    return emails.map((email) => asDelivered(email!));
  },
}));

/** The outbox keeps reply-to as the header it becomes; the contract speaks of `replyTo`. */
function asDelivered({ headers, ...email }: OutboxEmail): DeliveredEmail {
  const { "Reply-To": replyTo, ...rest } = headers;
  return { ...email, headers: rest, ...(replyTo ? { replyTo: replyTo.split(", ") } : {}) };
}

describe("outbox", () => {
  it("prints each new email's subject, recipients and links to the server's log, once per email", async () => {
    const printed: string[] = [];
    const spy = vi.spyOn(console, "info").mockImplementation((...args: unknown[]) => void printed.push(args.join(" ")));
    try {
      const mailer = createMailer(config);
      const message = {
        to: "operator@example.com",
        subject: "Confirm your email for Trackwatch",
        html: '<p><a href="http://localhost:3000/verify-email?token=abc_DEF-123">Confirm</a></p>',
        text: "Confirm: http://localhost:3000/verify-email?token=abc_DEF-123 (expires in 24 hours)",
        idempotencyKey: "printed/1",
      };
      await mailer.sendEmail(message);
      await mailer.sendEmail(message);
    } finally {
      spy.mockRestore();
    }
    const lines = printed.filter((line) => line.includes("[outbox]"));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('"Confirm your email for Trackwatch" to operator@example.com');
    expect(lines[0]!.endsWith("?token=abc_DEF-123")).toBe(true);
  });

  it("stores the message's idempotency key, headers and tags on the row", async () => {
    const mailer = createMailer(config);
    const { id } = await mailer.sendEmail({
      to: "reader@example.com",
      subject: "Stored",
      html: "<p>stored</p>",
      headers: { "List-Unsubscribe": "<https://trackwatch.test/u>" },
      tags: [{ name: "category", value: "test" }],
      idempotencyKey: "stored/1",
    });
    const row = await (await getDb()).outboxEmail.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({
      idempotencyKey: "stored/1",
      to: ["reader@example.com"],
      headers: { "List-Unsubscribe": "<https://trackwatch.test/u>" },
      tags: [{ name: "category", value: "test" }],
    });
  });

  it("answers concurrent sends under one key with one row", async () => {
    const mailer = createMailer(config);
    const message = { to: "race@example.com", subject: "Race", html: "<p>race</p>", idempotencyKey: "race/1" };
    const results = await Promise.all([mailer.sendEmail(message), mailer.sendEmail(message), mailer.sendEmail(message)]);
    expect(new Set(results.map((result) => result.id)).size).toBe(1);
    expect((await listOutboxEmails({ to: "race@example.com" })).emails).toHaveLength(1);
  });

  it("lists emails newest first, a page at a time", async () => {
    const mailer = createMailer(config);
    const to = "pages@example.com";
    const sentIds: string[] = [];
    for (let i = 0; i < 5; i++) {
      sentIds.push((await mailer.sendEmail({ to, subject: `Page ${i}`, html: `<p>${i}</p>` })).id);
    }
    const newestFirst = [...sentIds].reverse();

    const first = await listOutboxEmails({ to, limit: 2 });
    const second = await listOutboxEmails({ to, limit: 2, cursor: first.nextCursor! });
    const third = await listOutboxEmails({ to, limit: 2, cursor: second.nextCursor! });

    expect(first.emails.map((email) => email.id)).toEqual(newestFirst.slice(0, 2));
    expect(second.emails.map((email) => email.id)).toEqual(newestFirst.slice(2, 4));
    expect(third.emails.map((email) => email.id)).toEqual(newestFirst.slice(4));
    expect(third.nextCursor).toBeNull();
    expect(first.emails[0]).toMatchObject({ subject: "Page 4", to: [to], headers: {}, tags: [], createdAt: expect.any(Date) });

    const all = await listOutboxEmails({ limit: 100 });
    const times = all.emails.map((email) => email.createdAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(await countOutboxEmails()).toBe(all.emails.length);
  });

  it("gets one email by id, or null", async () => {
    const { id } = await createMailer(config).sendEmail({ to: "one@example.com", subject: "One", html: "<p>one</p>" });
    expect(await getOutboxEmail(id)).toMatchObject({ id, subject: "One", text: "one" });
    expect(await getOutboxEmail("missing")).toBeNull();
  });

  it("is the default driver without RESEND_API_KEY: sendEmail and mailHealth go through it", async () => {
    expect(getConfig().drivers.mail).toBe("outbox");
    expect(getMailer()).toBe(getMailer());
    expect(await mailHealth()).toEqual({ driver: "outbox", ok: true });

    const result = await sendEmail({ to: "default@example.com", subject: resetSubject, react: createElement(ResetPassword, resetPreview) });
    expect(result.driver).toBe("outbox");
    const email = await getOutboxEmail(result.id);
    expect(email).toMatchObject({ from: getConfig().MAIL_FROM, subject: "Reset your Trackwatch password" });
    expect(email!.text).toContain(resetPreview.resetUrl);
    expect(email!.html).toContain(resetPreview.resetUrl);
  });
});
