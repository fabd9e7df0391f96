import "server-only";
import { z } from "zod";
import type { ActingUser } from "@/lib/actor";
import { getDb } from "@/lib/db";
import type { DigestStatus } from "@/lib/generated/prisma/client";

export type DigestSummary = {
  id: string;
  day: string;
  status: DigestStatus;
  subject: string | null;
  recordCount: number;
  error: string | null;
  sentAt: Date | null;
  composedAt: Date | null;
  createdAt: Date;
};

export type ListDigestsOptions = { cursor?: string; limit?: number };

export const listDigestsSchema = z.object({
  cursor: z.string().max(64).optional(),
  limit: z.number().int().min(1).max(100).default(30),
});

/** The acting user's own digests, newest day first; only ever theirs. */
export async function listDigestsForUser(actor: ActingUser, options: ListDigestsOptions = {}): Promise<{ digests: DigestSummary[]; nextCursor: string | null }> {
  const { cursor, limit } = listDigestsSchema.parse(options);
  const db = await getDb();
  const rows = await db.digest.findMany({
    where: { userId: actor.id },
    orderBy: [{ day: "desc" }, { id: "desc" }],
    take: limit + 1,
    ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    select: { id: true, day: true, status: true, subject: true, recordCount: true, error: true, sentAt: true, composedAt: true, createdAt: true },
  });
  // The where clause keeps every row the actor's, whatever cursor is passed in.
  const page = rows.slice(0, limit);
  return { digests: page, nextCursor: rows.length > limit ? page[page.length - 1]!.id : null };
}
