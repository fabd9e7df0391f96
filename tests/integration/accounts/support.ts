import { randomBytes } from "node:crypto";
import { vi } from "vitest";
import { getDb } from "@/lib/db";
import { listOutboxEmails, type OutboxEmail } from "@/lib/mail";
import type { ActingUser } from "@/lib/actor";
import { registerUser } from "@/lib/accounts/register-user";
import { verifyEmail } from "@/lib/accounts/verify-email";

export const GOOD_PASSWORD = "correct horse 42";

/** A fresh address and network per test, so limits counted by one test never touch another. */
export function uniqueEmail(label = "user"): string {
  return `${label}-${randomBytes(4).toString("hex")}@example.com`;
}
export function uniqueIp(): string {
  const b = randomBytes(3);
  return `10.${b[0]}.${b[1]}.${b[2]}`;
}

export async function signUp(email = uniqueEmail(), password = GOOD_PASSWORD): Promise<ActingUser> {
  const user = await registerUser({ name: "Scrapie", email, password }, { ip: uniqueIp() });
  return { id: user.id, email: user.email, role: user.role };
}

/** Signs up and confirms the address with the link from its email, as its owner would. */
export async function signUpConfirmed(email = uniqueEmail(), password = GOOD_PASSWORD): Promise<ActingUser> {
  const user = await signUp(email, password);
  const mail = await lastEmailTo(email);
  if (!mail) throw new Error(`No confirmation email to ${email}`);
  await verifyEmail({ token: tokenFromLink(mail, "/verify-email") });
  const row = await userRow(user.id);
  return { id: row.id, email: row.email, role: row.role };
}

/** The newest email to the address, as the outbox keeps it. */
export async function lastEmailTo(to: string): Promise<OutboxEmail | undefined> {
  return (await listOutboxEmails({ to, limit: 1 })).emails[0];
}

/** The token of the first link to `path` in the email's plain-text part. */
export function tokenFromLink(email: OutboxEmail, path: "/verify-email" | "/reset-password"): string {
  const match = email.text.match(new RegExp(`https?://[^\\s]+${path}\\?token=([A-Za-z0-9_-]+)`));
  if (!match) throw new Error(`No ${path} link in:\n${email.text}`);
  return match[1]!;
}

export async function userRow(id: string) {
  return (await getDb()).user.findUniqueOrThrow({ where: { id } });
}

/**
 * Moves the clock (Date only: timers, PGlite and bcrypt keep running) to a given instant. Limits use
 * fixed windows aligned on the epoch, so starting at a window's first second makes retry times exact.
 */
export function setClock(iso: string): void {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date(iso));
}
export function advanceClock(ms: number): void {
  vi.setSystemTime(new Date(Date.now() + ms));
}
