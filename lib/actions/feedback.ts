"use server";

import { revalidatePath } from "next/cache";
import {
  deleteFeedback,
  feedbackIdSchema,
  replyToFeedback,
  replyToFeedbackSchema,
  sendFeedback,
  sendFeedbackSchema,
  setFeedbackRead,
  setFeedbackReadSchema,
} from "@/lib/feedback";
import { adminAction, userAction } from "./door";

// The feedback form (any signed-in user) and the admin inbox's actions. The door re-checks the session
// on every post: a server action is a public POST endpoint, whatever page rendered its form.

/** The inbox and the unread count in the admin navigation (rendered by the admin layout). */
function revalidateInbox() {
  revalidatePath("/admin/feedback");
  revalidatePath("/admin", "layout");
}

export const sendFeedbackAction = userAction(
  { fields: ["kind", "message", "page"], multiline: ["message"], refill: ["kind", "message", "page"], schema: sendFeedbackSchema },
  async ({ actor, input }) => {
    await sendFeedback(actor, input);
    revalidateInbox();
    return { status: "success", message: "Thank you — your feedback was sent. If it needs an answer, it will come by email." };
  },
);

export const setFeedbackReadAction = adminAction({ fields: ["id", "read"], refill: ["id", "read"], schema: setFeedbackReadSchema }, async ({ actor, input }) => {
  const saved = await setFeedbackRead(actor, input);
  revalidateInbox();
  return { status: "success", message: saved.readAt ? "Marked read." : "Marked unread." };
});

export const deleteFeedbackAction = adminAction({ fields: ["id"], refill: ["id"], schema: feedbackIdSchema }, async ({ actor, parsed }) => {
  await deleteFeedback(actor, parsed);
  revalidateInbox();
  return { status: "success", message: "Deleted." };
});

export const replyToFeedbackAction = adminAction(
  { fields: ["id", "message"], multiline: ["message"], refill: ["id", "message"], schema: replyToFeedbackSchema },
  async ({ actor, input }) => {
    await replyToFeedback(actor, input);
    revalidateInbox();
    return { status: "success", message: "Answer sent by email; the message is marked read." };
  },
);
