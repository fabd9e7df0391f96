"use server";

import { revalidatePath } from "next/cache";
import { readFormFields } from "@/lib/accounts/form-fields";
import { requireAdmin, requireUser } from "@/lib/auth/session";
import { deleteFeedback, replyToFeedback, sendFeedback, setFeedbackRead, type ReplyToFeedbackInput, type SendFeedbackInput, type SetFeedbackReadInput } from "@/lib/feedback";
import { formStateFromError, formValues, type FormState } from "./form-state";

// The feedback form (any signed-in user) and the admin inbox's actions. Each re-checks the session
// itself: a server action is a public POST endpoint, whatever page rendered its form.

/** The inbox and the unread count in the admin navigation (rendered by the admin layout). */
function revalidateInbox() {
  revalidatePath("/admin/feedback");
  revalidatePath("/admin", "layout");
}

export async function sendFeedbackAction(_state: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData, ["kind", "message", "page"]);
  try {
    const user = await requireUser();
    await sendFeedback(user, readFormFields(formData, ["kind", "message", "page"], { multiline: ["message"] }) as SendFeedbackInput);
  } catch (error) {
    return formStateFromError(error, values);
  }
  revalidateInbox();
  return { status: "success", message: "Thank you — your feedback was sent. If it needs an answer, it will come by email." };
}

export async function setFeedbackReadAction(_state: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData, ["id", "read"]);
  try {
    const admin = await requireAdmin();
    const saved = await setFeedbackRead(admin, readFormFields(formData, ["id", "read"]) as SetFeedbackReadInput);
    revalidateInbox();
    return { status: "success", message: saved.readAt ? "Marked read." : "Marked unread." };
  } catch (error) {
    return formStateFromError(error, values);
  }
}

export async function deleteFeedbackAction(_state: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData, ["id"]);
  try {
    const admin = await requireAdmin();
    await deleteFeedback(admin, readFormFields(formData, ["id"]) as { id: string });
  } catch (error) {
    return formStateFromError(error, values);
  }
  revalidateInbox();
  return { status: "success", message: "Deleted." };
}

export async function replyToFeedbackAction(_state: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData, ["id", "message"]);
  try {
    const admin = await requireAdmin();
    await replyToFeedback(admin, readFormFields(formData, ["id", "message"], { multiline: ["message"] }) as ReplyToFeedbackInput);
  } catch (error) {
    return formStateFromError(error, values);
  }
  revalidateInbox();
  return { status: "success", message: "Answer sent by email; the message is marked read." };
}
