import "server-only";
import { assertAdmin } from "@/lib/actor";
import type { ActingUser } from "@/lib/actor";
import { getDb } from "@/lib/db";
import { FEEDBACK_PAGE_SIZE, type FeedbackKindName } from "./kinds";
import { feedbackListQuerySchema, type FeedbackFilter, type FeedbackListQuery } from "./schemas";

/** One message as the inbox shows it; the sender is read from their account when it still exists. */
export type FeedbackView = {
  id: string;
  kind: FeedbackKindName;
  message: string;
  page: string | null;
  createdAt: Date;
  readAt: Date | null;
  reply: string | null;
  repliedAt: Date | null;
  sender: { userId: string | null; email: string | null; tmDisplayName: string | null };
};

export type FeedbackPage = {
  items: FeedbackView[];
  filter: FeedbackFilter;
  page: number;
  pageCount: number;
  total: number;
};

/** The feedback inbox, newest first, 20 a page, unread only or everything — admins only. */
export async function listFeedbackForAdmin(actor: ActingUser, query: FeedbackListQuery): Promise<FeedbackPage> {
  assertAdmin(actor);
  const { filter, page } = feedbackListQuerySchema.parse(query);
  const db = await getDb();
  const where = filter === "unread" ? { readAt: null } : {};
  const [total, rows] = await Promise.all([
    db.feedback.count({ where }),
    db.feedback.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (page - 1) * FEEDBACK_PAGE_SIZE,
      take: FEEDBACK_PAGE_SIZE,
      include: { user: { select: { email: true, tmDisplayName: true } } },
    }),
  ]);
  return {
    filter,
    page,
    total,
    pageCount: Math.max(1, Math.ceil(total / FEEDBACK_PAGE_SIZE)),
    items: rows.map(({ user, userId, email, ...row }) => ({
      ...row,
      sender: { userId, email: user?.email ?? email, tmDisplayName: user?.tmDisplayName ?? null },
    })),
  };
}
