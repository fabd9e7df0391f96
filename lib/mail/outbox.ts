import "server-only";
import { getDb } from "@/lib/db";
import { isUniqueViolation } from "@/lib/errors";
import type { OutboxEmail as OutboxEmailRow } from "@/lib/generated/prisma/client";
import { idempotencyConflictError, MailError } from "./errors";
import type { BatchItemResult, MailDriver, MailTag, PreparedEmail } from "./types";

/**
 * The embedded mail driver: every message becomes an OutboxEmail row, shown at /admin/outbox and
 * read by e2e tests, instead of leaving the machine. It keeps Resend's idempotency semantics so
 * code that is correct against the outbox is correct against Resend, down to forgetting a key
 * 24 hours after its email (a later send under it stores a new email).
 *
 * The table has no reply-to column, so a reply-to address is kept where it ends up in a real
 * email: as the `Reply-To` header.
 */

/** How long a key answers for its email: Resend keeps idempotency keys for 24 hours. */
const KEY_TTL_MS = 24 * 3_600_000;

export function createOutboxDriver(): MailDriver {
  async function store(email: PreparedEmail, idempotencyKey: string | undefined): Promise<{ id: string }> {
    const prisma = await getDb();
    const data = toRow(email, idempotencyKey);
    if (idempotencyKey !== undefined) {
      const existing = await prisma.outboxEmail.findUnique({ where: { idempotencyKey } });
      if (existing && Date.now() - existing.createdAt.getTime() < KEY_TTL_MS) return replay(existing, data, idempotencyKey);
      // Forgotten, as Resend forgets it: the old email keeps its row without the key, which this send takes.
      if (existing) await prisma.outboxEmail.updateMany({ where: { id: existing.id, idempotencyKey }, data: { idempotencyKey: null } });
    }
    try {
      const created = await prisma.outboxEmail.create({ data, select: { id: true } });
      printToConsole(data);
      return created;
    } catch (error) {
      // Two concurrent sends with one key: the unique index lets one insert win; the other
      // answers with the winner's id, as Resend would.
      if (idempotencyKey === undefined || !isUniqueViolation(error)) throw error;
      const winner = await prisma.outboxEmail.findUnique({ where: { idempotencyKey } });
      if (!winner) throw error;
      return replay(winner, data, idempotencyKey);
    }
  }

  async function send(email: PreparedEmail, idempotencyKey: string | undefined): Promise<{ id: string }> {
    try {
      return await store(email, idempotencyKey);
    } catch (error) {
      if (error instanceof MailError) throw error;
      // A database hiccup is the outbox's version of a provider outage: worth retrying.
      throw new MailError("unavailable:mail", "The local outbox could not store the email; try again later.", {
        reason: "outbox_unavailable",
        retryable: true,
        driver: "outbox",
        detail: error instanceof Error ? error.message : String(error),
        cause: error,
      });
    }
  }

  return {
    name: "outbox",

    send: (email, { idempotencyKey }) => send(email, idempotencyKey),

    async sendBatch(emails, { idempotencyKey }) {
      const results: BatchItemResult[] = [];
      // Per-message keys under the batch key: repeating the batch with its key stores nothing new.
      for (const [index, email] of emails.entries()) {
        const key = idempotencyKey === undefined ? undefined : `${idempotencyKey}:${index}`;
        try {
          results.push(await send(email, key));
        } catch (error) {
          if (!(error instanceof MailError)) throw error;
          results.push({ error });
        }
      }
      return results;
    },

    async health() {
      try {
        await (await getDb()).$queryRaw`SELECT 1`;
        return true;
      } catch {
        return false;
      }
    },
  };
}

/**
 * Each new email's subject, recipients and links, in the server's log. On the embedded defaults the
 * outbox page is for admins only, so the operator's console is how the first admin reads the link
 * that confirms their address (and so becomes an admin).
 */
function printToConsole(email: OutboxRowData): void {
  const links = [...new Set(email.text.match(/https?:\/\/[^\s<>"')\]]+/g) ?? [])];
  const lines = [`[outbox] "${email.subject}" to ${email.to.join(", ")}`, ...links.map((link) => `[outbox]   ${link}`)];
  console.info(lines.join("\n"));
}

type OutboxRowData = {
  idempotencyKey: string | null;
  from: string;
  to: string[];
  subject: string;
  html: string;
  text: string;
  headers?: Record<string, string>;
  tags?: MailTag[];
};

function toRow(email: PreparedEmail, idempotencyKey: string | undefined): OutboxRowData {
  const headers = { ...email.headers, ...(email.replyTo ? { "Reply-To": email.replyTo.join(", ") } : {}) };
  return {
    idempotencyKey: idempotencyKey ?? null,
    from: email.from,
    to: email.to,
    subject: email.subject,
    html: email.html,
    text: email.text,
    ...(Object.keys(headers).length > 0 ? { headers } : {}),
    ...(email.tags && email.tags.length > 0 ? { tags: email.tags } : {}),
  };
}

/** Same key, same message → the stored id; same key, another message → refused, like Resend's 409. */
function replay(existing: OutboxEmailRow, attempt: OutboxRowData, key: string): { id: string } {
  const same =
    existing.from === attempt.from &&
    existing.subject === attempt.subject &&
    existing.html === attempt.html &&
    existing.text === attempt.text &&
    canonicalJson(existing.to) === canonicalJson(attempt.to) &&
    canonicalJson(existing.headers ?? undefined) === canonicalJson(attempt.headers) &&
    canonicalJson(existing.tags ?? undefined) === canonicalJson(attempt.tags);
  if (!same) throw idempotencyConflictError("outbox", key, `outbox email ${existing.id} has this key`);
  return { id: existing.id };
}

// jsonb does not keep key order, so objects are compared with their keys sorted.
function canonicalJson(value: unknown): string {
  return JSON.stringify(value ?? null, (_key, inner: unknown) =>
    inner !== null && typeof inner === "object" && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}

// ---------------------------------------------------------------------------------------------
// Reads for the admin outbox page and e2e email assertions. Authorization is the caller's: the
// admin page and its actions check the session before calling these.

export type OutboxEmail = {
  id: string;
  idempotencyKey: string | null;
  from: string;
  to: string[];
  subject: string;
  html: string;
  text: string;
  /** Includes `Reply-To` when the message had a reply-to address. */
  headers: Record<string, string>;
  tags: MailTag[];
  createdAt: Date;
};

export type ListOutboxEmailsOptions = {
  /** Page size, 1–100 (default 20). */
  limit?: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
  /** Only emails sent to this address (e2e tests find "the verification email to X"). */
  to?: string;
};

export type OutboxEmailPage = { emails: OutboxEmail[]; nextCursor: string | null };

/** Newest first; ties on the millisecond broken by id so pages never skip or repeat a row. */
export async function listOutboxEmails({ limit = 20, cursor, to }: ListOutboxEmailsOptions = {}): Promise<OutboxEmailPage> {
  const take = Math.min(Math.max(Math.trunc(limit), 1), 100);
  const rows = await (await getDb()).outboxEmail.findMany({
    where: to === undefined ? undefined : { to: { has: to } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: take + 1,
    ...(cursor === undefined ? {} : { cursor: { id: cursor }, skip: 1 }),
  });
  const page = rows.slice(0, take);
  return { emails: page.map(toOutboxEmail), nextCursor: rows.length > take ? page[page.length - 1]!.id : null };
}

export async function getOutboxEmail(id: string): Promise<OutboxEmail | null> {
  const row = await (await getDb()).outboxEmail.findUnique({ where: { id } });
  return row ? toOutboxEmail(row) : null;
}

export async function countOutboxEmails(): Promise<number> {
  return (await getDb()).outboxEmail.count();
}

function toOutboxEmail(row: OutboxEmailRow): OutboxEmail {
  return {
    id: row.id,
    idempotencyKey: row.idempotencyKey,
    from: row.from,
    to: row.to,
    subject: row.subject,
    html: row.html,
    text: row.text,
    headers: isStringRecord(row.headers) ? row.headers : {},
    tags: Array.isArray(row.tags) ? (row.tags as MailTag[]) : [],
    createdAt: row.createdAt,
  };
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return (
    value !== null &&
    typeof value === "object" &&
    !Array.isArray(value) &&
    Object.values(value).every((inner) => typeof inner === "string")
  );
}
