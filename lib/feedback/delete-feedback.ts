import "server-only";
import { assertAdmin } from "@/lib/actor";
import type { ActingUser } from "@/lib/actor";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { feedbackIdSchema } from "./schemas";

/** Deletes a message for good — admins only. */
export async function deleteFeedback(actor: ActingUser, input: { id: string }) {
  assertAdmin(actor);
  const { id } = feedbackIdSchema.parse(input);
  const db = await getDb();
  const { count } = await db.feedback.deleteMany({ where: { id } });
  if (count === 0) throw new AppError("not_found:feedback", "This message no longer exists.");
  return { id };
}
