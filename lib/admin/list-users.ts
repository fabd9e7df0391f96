import "server-only";
import { assertAdmin } from "@/lib/actor";
import type { ActingUser } from "@/lib/actor";
import { getDb } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { isSafeInputText } from "@/lib/http/input-text";
import { listUsersSchema, type ListUsersInput } from "./schemas";

export const USERS_PER_PAGE = 25;

export type UserListItem = {
  id: string;
  email: string;
  name: string | null;
  tmDisplayName: string | null;
  tmVerified: boolean;
  role: "USER" | "ADMIN";
  confirmed: boolean;
  disabled: boolean;
  mapperAlerts: number;
  driverWatches: number;
  createdAt: Date;
  lastSignInAt: Date | null;
};

export type UserListPage = { users: UserListItem[]; total: number; page: number; pages: number; q?: string };

/** Accounts matching an email or Trackmania name (part of either, any case), newest first, a page at a time — admins only. */
export async function listUsersForAdmin(actor: ActingUser, input: ListUsersInput): Promise<UserListPage> {
  assertAdmin(actor);
  const { q, page = 1 } = listUsersSchema.parse(input);
  // No email or name holds a control character (each came through the same boundary), so such a
  // search matches no one without asking PostgreSQL, which refuses a NUL in text with an error.
  if (q !== undefined && !isSafeInputText(q)) return { users: [], total: 0, page: 1, pages: 1, q };
  const where: Prisma.UserWhereInput = q
    ? { OR: [{ email: { contains: q, mode: "insensitive" } }, { tmDisplayName: { contains: q, mode: "insensitive" } }, { name: { contains: q, mode: "insensitive" } }] }
    : {};
  const db = await getDb();
  const total = await db.user.count({ where });
  const pages = Math.max(1, Math.ceil(total / USERS_PER_PAGE));
  const shown = Math.min(page, pages);
  const rows = await db.user.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    skip: (shown - 1) * USERS_PER_PAGE,
    take: USERS_PER_PAGE,
    select: {
      id: true,
      email: true,
      name: true,
      tmDisplayName: true,
      tmVerified: true,
      role: true,
      emailVerifiedAt: true,
      disabledAt: true,
      createdAt: true,
      lastSignInAt: true,
      _count: { select: { mapperAlerts: true, driverWatches: true } },
    },
  });
  return {
    users: rows.map(({ emailVerifiedAt, disabledAt, _count, ...user }) => ({
      ...user,
      confirmed: emailVerifiedAt !== null,
      disabled: disabledAt !== null,
      mapperAlerts: _count.mapperAlerts,
      driverWatches: _count.driverWatches,
    })),
    total,
    page: shown,
    pages,
    q,
  };
}
