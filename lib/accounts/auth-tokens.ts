import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { AuthTokenKind } from "@/lib/generated/prisma/enums";

/**
 * Single-use links sent by email. The link carries 32 random bytes; the database keeps only their
 * SHA-256, so a leaked database or backup cannot be turned into working links. A slow hash buys
 * nothing here: the token is random, not a guessable password.
 */

const TOKEN_BYTES = 32;

/** What a token in a link looks like (43 base64url characters); anything else is refused unread. */
export const authTokenSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{43}$/, "This link is not valid. Copy the whole link from the email, or ask for a new one.");

export function hashAuthToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Stores a new token for the user and returns the raw value, which exists only in the email. */
export async function issueAuthToken({ userId, kind, ttlMs }: { userId: string; kind: AuthTokenKind; ttlMs: number }) {
  const token = randomBytes(TOKEN_BYTES).toString("base64url");
  const db = await getDb();
  const row = await db.authToken.create({
    data: { userId, kind, tokenHash: hashAuthToken(token), expiresAt: new Date(Date.now() + ttlMs) },
    select: { id: true, expiresAt: true },
  });
  return { token, id: row.id, expiresAt: row.expiresAt };
}

const refusal = {
  invalid: "This link is not valid. Copy the whole link from the email, or ask for a new one.",
  used: "This link has already been used. Ask for a new one if you still need it.",
  expired: "This link has expired. Ask for a new one.",
} as const;

/**
 * Marks the token used and returns its user, or throws `bad_request:token` saying why it was refused.
 * The claim is one conditional update, so two clicks racing on the same link cannot both succeed.
 * Every other unused token of the same kind for the user is retired with it: one reset (or one
 * confirmation) finishes the matter, and older links in the inbox stop working. Pass a transaction as
 * `db` to make the claim stand or fall with the work the token pays for.
 */
export async function consumeAuthToken(
  { token, kind }: { token: unknown; kind: AuthTokenKind },
  client?: Prisma.TransactionClient,
): Promise<{ userId: string }> {
  const parsed = authTokenSchema.safeParse(token);
  if (!parsed.success) throw new AppError("bad_request:token", refusal.invalid);
  const db = client ?? (await getDb());
  const tokenHash = hashAuthToken(parsed.data);
  const now = new Date();
  const claimed = await db.authToken.updateMany({
    where: { tokenHash, kind, usedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now },
  });
  if (claimed.count === 0) {
    const row = await db.authToken.findUnique({ where: { tokenHash }, select: { kind: true, usedAt: true } });
    if (!row || row.kind !== kind) throw new AppError("bad_request:token", refusal.invalid);
    throw new AppError("bad_request:token", row.usedAt ? refusal.used : refusal.expired);
  }
  const { userId } = await db.authToken.findUniqueOrThrow({ where: { tokenHash }, select: { userId: true } });
  await db.authToken.updateMany({ where: { userId, kind, usedAt: null }, data: { usedAt: now } });
  return { userId };
}

/**
 * Whether a token would be accepted right now, without using it: the reset page checks this before
 * showing its form, so nobody types a new password into a form whose link is already dead.
 */
export async function checkAuthToken({ token, kind }: { token: unknown; kind: AuthTokenKind }): Promise<void> {
  const parsed = authTokenSchema.safeParse(token);
  if (!parsed.success) throw new AppError("bad_request:token", refusal.invalid);
  const db = await getDb();
  const row = await db.authToken.findUnique({
    where: { tokenHash: hashAuthToken(parsed.data) },
    select: { kind: true, usedAt: true, expiresAt: true },
  });
  if (!row || row.kind !== kind) throw new AppError("bad_request:token", refusal.invalid);
  if (row.usedAt) throw new AppError("bad_request:token", refusal.used);
  if (row.expiresAt <= new Date()) throw new AppError("bad_request:token", refusal.expired);
}
