import "server-only";
import { assertAdmin } from "@/lib/actor";
import type { ActingUser } from "@/lib/actor";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { setFeedbackReadSchema, type SetFeedbackReadInput } from "./schemas";

/** Marks a message read or unread — admins only. Reading one lifts its sender's unread cap by one. */
export async function setFeedbackRead(actor: ActingUser, input: SetFeedbackReadInput) {
  assertAdmin(actor);
  const { id, read } = setFeedbackReadSchema.parse(input);
  const db = await getDb();
  const existing = await db.feedback.findUnique({ where: { id }, select: { readAt: true } });
  if (!existing) throw new AppError("not_found:feedback", "This message no longer exists.");
  // Marking an already read message read keeps when it was first read.
  const readAt = read ? (existing.readAt ?? new Date()) : null;
  return db.feedback.update({ where: { id }, data: { readAt }, select: { id: true, readAt: true } });
}
