import "server-only";
import { createHash } from "node:crypto";
import { createElement } from "react";
import FeedbackReply, { subject } from "@/emails/feedback-reply";
import { assertAdmin } from "@/lib/actor";
import type { ActingUser } from "@/lib/actor";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { sendEmail } from "@/lib/mail";
import { greetingName } from "@/lib/users";
import { FEEDBACK_KIND_LABELS } from "./kinds";
import { replyToFeedbackSchema, type ReplyToFeedbackInput } from "./schemas";

const sentAtFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

/**
 * Answers a message by email (quoting it) to the sender's current address, then stores the answer
 * and marks the message read — admins only. The mail goes first and carries a key made of the
 * message and the answer's text: a double submit, or a retry after the save failed, sends nothing
 * new, while a different second answer is a new email.
 */
export async function replyToFeedback(actor: ActingUser, input: ReplyToFeedbackInput) {
  assertAdmin(actor);
  const { id, message } = replyToFeedbackSchema.parse(input);
  const db = await getDb();
  const feedback = await db.feedback.findUnique({
    where: { id },
    include: { user: { select: { email: true, name: true, tmDisplayName: true } } },
  });
  if (!feedback) throw new AppError("not_found:feedback", "This message no longer exists.");
  const to = feedback.user?.email ?? feedback.email;
  if (!to) throw new AppError("conflict:feedback", "This message has no address to answer: its sender's account is gone.");

  const digest = createHash("sha256").update(message).digest("base64url").slice(0, 24);
  await sendEmail({
    to,
    subject,
    react: createElement(FeedbackReply, {
      // Once the account is gone the stored address is all there is to greet by.
      name: greetingName(feedback.user ?? { name: null, tmDisplayName: null, email: to }),
      reply: message,
      original: feedback.message,
      kindLabel: FEEDBACK_KIND_LABELS[feedback.kind],
      sentAt: `${sentAtFormat.format(feedback.createdAt)} UTC`,
    }),
    tags: [{ name: "category", value: "feedback-reply" }],
    idempotencyKey: `feedback-reply/${id}/${digest}`,
  });
  const now = new Date();
  return db.feedback.update({
    where: { id },
    data: { reply: message, repliedAt: now, repliedById: actor.id, readAt: feedback.readAt ?? now },
    select: { id: true, reply: true, repliedAt: true, readAt: true },
  });
}
