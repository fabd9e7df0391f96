import "server-only";
import type { ActingUser } from "@/lib/actor";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { parseDigestContent, type DigestContent } from "./content";
import type { DigestSummary } from "./list-digests";

export type DigestDetail = DigestSummary & {
  html: string | null;
  text: string | null;
  /** Null when the stored content is missing or in a format this version does not read. */
  content: DigestContent | null;
  sendAttempts: number;
};

/**
 * One digest with everything that was (or would have been) sent, for its owner only. Anyone else,
 * admins included, gets the same "not found" as for an id that does not exist, so ids reveal nothing.
 */
export async function getDigestForUser(actor: ActingUser, digestId: string): Promise<DigestDetail> {
  const db = await getDb();
  const digest = await db.digest.findFirst({ where: { id: digestId, userId: actor.id } });
  if (!digest) throw new AppError("not_found:digest", "This digest does not exist.");
  return {
    id: digest.id,
    day: digest.day,
    status: digest.status,
    subject: digest.subject,
    recordCount: digest.recordCount,
    error: digest.error,
    sentAt: digest.sentAt,
    composedAt: digest.composedAt,
    createdAt: digest.createdAt,
    html: digest.html,
    text: digest.text,
    content: parseDigestContent(digest.content),
    sendAttempts: digest.sendAttempts,
  };
}
