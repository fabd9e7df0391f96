import "server-only";
import { assertAdmin } from "@/lib/actor";
import type { ActingUser } from "@/lib/actor";
import { AppError } from "@/lib/errors";
import { getOutboxEmail, listOutboxEmails, type ListOutboxEmailsOptions } from "@/lib/mail";

/** The local outbox, newest first — admins only. */
export async function listOutboxForAdmin(actor: ActingUser, options: ListOutboxEmailsOptions) {
  assertAdmin(actor);
  return listOutboxEmails(options);
}

export async function getOutboxEmailForAdmin(actor: ActingUser, id: string) {
  assertAdmin(actor);
  const email = await getOutboxEmail(id);
  if (!email) throw new AppError("not_found:outbox-email", "This email is not in the outbox.");
  return email;
}
