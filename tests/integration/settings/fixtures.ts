import { randomBytes } from "node:crypto";
import { hashPassword } from "@/lib/accounts/password";
import type { ActingUser } from "@/lib/actor";
import { getDb } from "@/lib/db";

/** A user straight in the database (sign-up itself is the accounts tests' subject). */
export async function createUser(options: { email?: string; password?: string; name?: string } = {}): Promise<ActingUser & { password: string }> {
  const db = await getDb();
  const password = options.password ?? "correct horse battery staple";
  const user = await db.user.create({
    data: {
      email: options.email ?? `player-${randomBytes(4).toString("hex")}@trackwatch.test`,
      name: options.name ?? "Player",
      passwordHash: await hashPassword(password),
    },
    select: { id: true, email: true, role: true },
  });
  return { ...user, password };
}
