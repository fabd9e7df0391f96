import { createElement } from "react";
import { beforeAll, describe, expect, it } from "vitest";
import VerifyEmail from "@/emails/verify-email";
import { MailError, type Mailer, type MailTag } from "@/lib/mail";

/**
 * The contract both mail drivers pass: what `sendEmail`/`sendBatch` promise whatever delivers the
 * mail. Each driver's test file runs it against its own harness and adds what only it can do.
 */

export const TEST_FROM = "Trackwatch <alerts@trackwatch.test>";

/** An email as the driver delivered it: an outbox row, or what the fake Resend received. */
export type DeliveredEmail = {
  id: string;
  from: string;
  to: string[];
  subject: string;
  html: string;
  text: string;
  replyTo?: string[];
  headers: Record<string, string>;
  tags: MailTag[];
};

export type MailHarness = {
  mailer: Mailer;
  /** Everything delivered so far, oldest first. */
  delivered(): Promise<DeliveredEmail[]>;
};

export function describeMailContract(driver: "resend" | "outbox", setup: () => Promise<MailHarness>) {
  describe(`mail contract (${driver})`, () => {
    let harness: MailHarness;
    let counter = 0;
    // Unique recipients keep tests independent although deliveries accumulate within the file.
    const recipient = () => `driver${++counter}.${driver}@example.com`;
    const deliveredTo = async (to: string) => (await harness.delivered()).filter((email) => email.to.includes(to));

    beforeAll(async () => {
      harness = await setup();
    });

    it("renders a template to html and text and delivers it from MAIL_FROM", async () => {
      const to = recipient();
      const verifyUrl = `http://localhost:3000/verify-email?token=${"ab12".repeat(12)}`;
      const result = await harness.mailer.sendEmail({
        to,
        subject: "Confirm your email for Trackwatch",
        react: createElement(VerifyEmail, { name: "Scrapie", verifyUrl, expiresInHours: 24 }),
      });

      expect(result).toEqual({ id: expect.any(String), driver });
      const [email] = await deliveredTo(to);
      expect(email).toMatchObject({ id: result.id, from: TEST_FROM, to: [to], subject: "Confirm your email for Trackwatch" });
      expect(email!.html).toContain(`href="${verifyUrl}"`);
      expect(email!.html).toMatch(/^<!DOCTYPE html/);
      expect(email!.text).toContain(verifyUrl);
      expect(email!.text).toContain("Hi Scrapie,");
      expect(email!.text).not.toContain("<");
    });

    it("delivers headers (one-click unsubscribe), tags, reply-to and an explicit from", async () => {
      const to = recipient();
      const headers = {
        "List-Unsubscribe": "<https://trackwatch.test/unsubscribe?token=u1>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
      };
      const tags = [
        { name: "category", value: "digest" },
        { name: "day", value: "2026-11-25" },
      ];
      const { id } = await harness.mailer.sendEmail({
        to: [to],
        from: "Trackwatch Digest <digest@trackwatch.test>",
        replyTo: "support@trackwatch.test",
        subject: "3 new records on your maps",
        html: "<p>3 new records</p>",
        text: "3 new records",
        headers,
        tags,
      });

      const [email] = await deliveredTo(to);
      expect(email).toMatchObject({
        id,
        from: "Trackwatch Digest <digest@trackwatch.test>",
        replyTo: ["support@trackwatch.test"],
        html: "<p>3 new records</p>",
        text: "3 new records",
        headers,
        tags,
      });
    });

    it("derives the text part from html when only html is given", async () => {
      const to = recipient();
      await harness.mailer.sendEmail({ to, subject: "Html only", html: '<p>See <a href="https://trackwatch.test/maps">your maps</a></p>' });
      const [email] = await deliveredTo(to);
      expect(email!.text).toBe("See your maps https://trackwatch.test/maps");
    });

    it("delivers once per idempotency key and answers repeats with the first id", async () => {
      const to = recipient();
      const message = { to, subject: "Digest for 2026-11-25", html: "<p>hi</p>", idempotencyKey: `digest/${to}/2026-11-25` };
      const first = await harness.mailer.sendEmail(message);
      const second = await harness.mailer.sendEmail(message);

      expect(second.id).toBe(first.id);
      expect(await deliveredTo(to)).toHaveLength(1);
    });

    it("refuses an idempotency key reused for a different email, without retry", async () => {
      const to = recipient();
      const key = `digest/${to}/conflict`;
      await harness.mailer.sendEmail({ to, subject: "First", html: "<p>first</p>", idempotencyKey: key });
      const error = await harness.mailer
        .sendEmail({ to, subject: "Second", html: "<p>second</p>", idempotencyKey: key })
        .catch((thrown: unknown) => thrown);

      expect(error).toBeInstanceOf(MailError);
      expect(error).toMatchObject({ reason: "idempotency_conflict", retryable: false, code: "conflict:mail", status: 409 });
      expect(await deliveredTo(to)).toHaveLength(1);
    });

    it("sends a batch and returns one id per message, in order", async () => {
      const recipients = [recipient(), recipient(), recipient()];
      const { driver: used, results } = await harness.mailer.sendBatch(
        recipients.map((to, index) => ({ to, subject: `Batch ${index}`, html: `<p>message ${index}</p>` })),
      );

      expect(used).toBe(driver);
      expect(results).toHaveLength(3);
      const ids = results.map((result) => ("id" in result ? result.id : undefined));
      expect(new Set(ids).size).toBe(3);
      for (const [index, to] of recipients.entries()) {
        const [email] = await deliveredTo(to);
        expect(email).toMatchObject({ id: ids[index], subject: `Batch ${index}`, text: `message ${index}` });
      }
    });

    it("repeats a batch under its idempotency key without delivering again", async () => {
      const recipients = [recipient(), recipient()];
      const messages = recipients.map((to) => ({ to, subject: "Batch with key", html: "<p>once</p>" }));
      const key = `batch/${recipients[0]}`;
      const first = await harness.mailer.sendBatch(messages, { idempotencyKey: key });
      const before = (await harness.delivered()).length;
      const second = await harness.mailer.sendBatch(messages, { idempotencyKey: key });

      expect(second.results).toEqual(first.results);
      expect((await harness.delivered()).length).toBe(before);
    });

    it("reports an invalid message inside a batch and still sends the others", async () => {
      const [good1, good2] = [recipient(), recipient()];
      const { results } = await harness.mailer.sendBatch([
        { to: good1, subject: "Good", html: "<p>ok</p>" },
        { to: "not-an-address", subject: "Bad", html: "<p>bad</p>" },
        { to: good2, subject: "Good", html: "<p>ok</p>" },
      ]);

      expect(results[0]).toEqual({ id: expect.any(String) });
      expect(results[1]).toEqual({ error: expect.any(MailError) });
      expect((results[1] as { error: MailError }).error).toMatchObject({ reason: "invalid_message", retryable: false });
      expect((results[1] as { error: MailError }).error.message).toContain("to.0: must be an email address");
      expect(results[2]).toEqual({ id: expect.any(String) });
      expect(await deliveredTo(good1)).toHaveLength(1);
      expect(await deliveredTo(good2)).toHaveLength(1);
    });

    it.each([
      ["a malformed recipient", { to: ["mapper@example.com", "mapper@"], subject: "Hi", html: "<p>x</p>" }, "to.1: must be an email address"],
      ["an empty subject", { to: "mapper@example.com", subject: "  ", html: "<p>x</p>" }, "subject: must not be empty"],
      [
        "more than 50 recipients",
        { to: Array.from({ length: 51 }, (_, i) => `r${i}@example.com`), subject: "Hi", html: "<p>x</p>" },
        "to: at most 50 addresses",
      ],
      ["no body", { to: "mapper@example.com", subject: "Hi" }, "html: a react element or html is required"],
      [
        "a header value with a line break",
        { to: "mapper@example.com", subject: "Hi", html: "<p>x</p>", headers: { "X-Note": "a\r\nBcc: victim@example.com" } },
        "headers.X-Note: must not contain line breaks",
      ],
      [
        "a tag with spaces",
        { to: "mapper@example.com", subject: "Hi", html: "<p>x</p>", tags: [{ name: "kind", value: "daily digest" }] },
        "tags.0.value: must be 1-256 ASCII letters",
      ],
      ["a bad from", { to: "mapper@example.com", from: "Trackwatch", subject: "Hi", html: "<p>x</p>" }, "from: must be email@example.com"],
      ["an unknown field", { to: "mapper@example.com", subject: "Hi", html: "<p>x</p>", cc: "boss@example.com" }, "cc"],
      ["an empty idempotency key", { to: "mapper@example.com", subject: "Hi", html: "<p>x</p>", idempotencyKey: "" }, "idempotencyKey: must not be empty"],
    ])("refuses %s with a clear validation error and sends nothing", async (_case, message, expected) => {
      const before = (await harness.delivered()).length;
      const error = await harness.mailer.sendEmail(message as never).catch((thrown: unknown) => thrown);

      expect(error).toBeInstanceOf(MailError);
      expect(error).toMatchObject({ reason: "invalid_message", retryable: false, code: "bad_request:mail", status: 400 });
      expect((error as MailError).message).toContain(expected);
      expect((await harness.delivered()).length).toBe(before);
    });
  });
}
