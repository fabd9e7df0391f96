import "server-only";
import type { ActingUser } from "@/lib/actor";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { consumeRateLimits } from "@/lib/ratelimit";
import { FEEDBACK_UNREAD_CAP } from "./kinds";
import { sendFeedbackSchema, type SendFeedbackInput } from "./schemas";

/**
 * Stores a signed-in user's message for the admins. Refused while `FEEDBACK_UNREAD_CAP` of their
 * messages are still unread (checked before the rate limit, so a refusal costs no attempt), and
 * rate-limited per user in KV. One send per user at a time counts and stores, so racing sends
 * cannot pass the cap together.
 */
export async function sendFeedback(actor: ActingUser, input: SendFeedbackInput) {
  const { kind, message, page } = sendFeedbackSchema.parse(input);
  const db = await getDb();
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`feedback:${actor.id}`}::text))`;
    const unread = await tx.feedback.count({ where: { userId: actor.id, readAt: null } });
    if (unread >= FEEDBACK_UNREAD_CAP) {
      throw new AppError(
        "limit_reached:feedback",
        `You have ${FEEDBACK_UNREAD_CAP} messages waiting to be read. You can send more once we have read some of them.`,
      );
    }
    await consumeRateLimits([{ name: "feedbackByUser", identifier: actor.id }]);
    return tx.feedback.create({
      data: { userId: actor.id, email: actor.email, kind, message, page },
      select: { id: true, kind: true, page: true, createdAt: true },
    });
  });
}
