import "server-only";
import { dailyRunClock } from "./clock";
import { randomUUID } from "node:crypto";
import { getDb } from "@/lib/db";
import { digestSendJob, type DigestSendPayload } from "@/lib/jobs/digest-send";
import { BATCH_CHUNK_SIZE, MailError, sendBatch, type BatchItemResult, type BatchMailMessage } from "@/lib/mail";
import { parseDigestContent } from "@/lib/digest";
import { alertAdminsIfDailyRunFailed } from "./failure-alert";
import { NonRetryableJobError, RetryLaterError } from "@/lib/queue";

/**
 * Sends composed digests (the `digest-send` job), many per provider request: one `digest-send`
 * message per Digest, but the first to run claims up to 100 sendable digests into a send batch and
 * delivers them with one `sendBatch` call (one request to Resend's batch endpoint). Safe to deliver
 * any number of times, in any order, after any crash:
 * - only a COMPOSED digest, or a FAILED one with attempts left, is sent; SENT, EMPTY and PENDING
 *   ones are left alone, so the other members' own messages find them SENT and do nothing;
 * - a batch is claimed in one statement (`FOR UPDATE SKIP LOCKED`), which stamps `sendBatchId` and
 *   the recipient, so two senders at once never put a digest in two batches;
 * - a batch goes out under the key `digest-batch:<sendBatchId>` and is rebuilt byte for byte (members
 *   by id, stored subject/html/text, frozen recipient) whenever it is sent again: after a crash
 *   between "provider accepted" and "marked SENT" (once its claim, SEND_LEASE_MS, has lapsed) or
 *   after a retryable failure. The provider (Resend, or the outbox) answers the first send's ids and
 *   delivers nothing new. A digest never leaves its batch, so no second key can ever cover it;
 * - history reads the Digest status, which says SENT only after the provider accepted the email.
 */

/** Sends of a digest's batch before the digest is FAILED for good (one delivery and its retries, by default). */
export const MAX_SEND_ATTEMPTS = 4;
/** How long a claim keeps other deliveries away; past it, a sender that died mid-send is taken over. */
export const SEND_LEASE_MS = 60_000;
/** One batch is one request to Resend's batch endpoint, so its emails are accepted or refused together. */
export const MAX_DIGESTS_PER_BATCH = BATCH_CHUNK_SIZE;

export type DigestSendOutcome = "sent" | "nothing-to-send" | "claimed-elsewhere" | "not-subscribed";

/** Queues the send of a composed digest; a second call for the same digest (and tag) is deduplicated. */
export async function enqueueDigestSend(digestId: string, options: { retryTag?: string; delaySeconds?: number } = {}): Promise<void> {
  const deduplicationId = options.retryTag ? `digest-send:${digestId}:${options.retryTag}` : `digest-send:${digestId}`;
  await digestSendJob.enqueue({ digestId }, { deduplicationId, delay: options.delaySeconds });
}

export function sendBatchIdempotencyKey(sendBatchId: string): string {
  return `digest-batch:${sendBatchId}`;
}

class InFlightError extends RetryLaterError {
  constructor(digestId: string) {
    super(`Digest ${digestId} is being sent by another delivery; checking again later.`);
    this.name = "InFlightError";
  }
}

type Claimed = { id: string; sendAttempts: number; dailyRunId: string | null };

type SendableState = { status: string; sendAttempts: number };

function isSendable(digest: SendableState): boolean {
  return digest.status === "COMPOSED" || (digest.status === "FAILED" && digest.sendAttempts < MAX_SEND_ATTEMPTS);
}

export async function sendDigest({ digestId }: DigestSendPayload, options: { lastDelivery: boolean }): Promise<DigestSendOutcome> {
  const db = await getDb();
  const digest = await db.digest.findUnique({
    where: { id: digestId },
    include: { user: { select: { emailNotifications: true, disabledAt: true } } },
  });
  if (!digest || !isSendable(digest)) return "nothing-to-send";
  const now = new Date();

  if (digest.sendBatchId !== null) {
    if (digest.status === "COMPOSED" && now.getTime() - digest.updatedAt.getTime() < SEND_LEASE_MS) {
      // Its batch is being sent right now: try again later, by then it is SENT (a no-op) or the claim has lapsed.
      throw new InFlightError(digestId);
    }
    return sendBatchOf(digestId, digest.sendBatchId, await reclaimBatch(digest.sendBatchId, now), options);
  }

  if (!digest.user.emailNotifications || digest.user.disabledAt !== null) {
    // Turned off between the check and the send: kept in history like any digest with email off.
    await db.digest.updateMany({
      where: { id: digestId, status: digest.status, sendAttempts: digest.sendAttempts, sendBatchId: null },
      data: { status: "NOT_EMAILED", error: null },
    });
    return "not-subscribed";
  }

  const sendBatchId = randomUUID();
  return sendBatchOf(digestId, sendBatchId, await claimNewBatch(sendBatchId, digestId, now), options);
}

async function sendBatchOf(
  digestId: string,
  sendBatchId: string,
  claimed: Claimed[],
  options: { lastDelivery: boolean },
): Promise<DigestSendOutcome> {
  const outcome = claimed.length > 0 ? await sendClaimedBatch(sendBatchId, claimed, digestId, options) : null;
  // Its own digest went to a sender claiming at the same moment (a batch is still worth sending
  // when it holds only others): that sender has it now.
  return outcome !== null && claimed.some((member) => member.id === digestId) ? outcome : afterLostClaim(digestId);
}

/**
 * Claims this digest and up to 99 other unbatched sendable ones into a new batch. SKIP LOCKED lets
 * two senders claim side by side without waiting or sharing a digest; the recipient is frozen here
 * so the batch can be rebuilt identically later. Users who turned notifications off or were
 * disabled are left out (their own `digest-send` records why).
 */
async function claimNewBatch(sendBatchId: string, digestId: string, now: Date): Promise<Claimed[]> {
  const db = await getDb();
  return db.$queryRaw<Claimed[]>`
    UPDATE "Digest" AS d
    SET "sendBatchId" = ${sendBatchId}, "sendTo" = u."email", "status" = 'COMPOSED',
        "sendAttempts" = d."sendAttempts" + 1, "updatedAt" = ${now}
    FROM "User" AS u
    WHERE u."id" = d."userId" AND d."id" IN (
      SELECT c."id" FROM "Digest" AS c JOIN "User" AS cu ON cu."id" = c."userId"
      WHERE c."sendBatchId" IS NULL
        AND (c."status" = 'COMPOSED' OR (c."status" = 'FAILED' AND c."sendAttempts" < ${MAX_SEND_ATTEMPTS}))
        AND cu."emailNotifications" AND cu."disabledAt" IS NULL
      ORDER BY (c."id" = ${digestId}) DESC, c."composedAt" ASC NULLS LAST, c."id" ASC
      LIMIT ${MAX_DIGESTS_PER_BATCH}
      FOR UPDATE OF c SKIP LOCKED
    )
    RETURNING d."id", d."sendAttempts", d."dailyRunId"`;
}

/**
 * Takes a batch over for another send: its members still unsent, either left by a sender whose claim
 * lapsed (COMPOSED) or waiting after a retryable failure (FAILED with attempts left). Rows are
 * locked in id order, so of two senders taking over at once the second finds nothing left.
 */
async function reclaimBatch(sendBatchId: string, now: Date): Promise<Claimed[]> {
  const db = await getDb();
  const leaseStart = new Date(now.getTime() - SEND_LEASE_MS);
  return db.$queryRaw<Claimed[]>`
    UPDATE "Digest" AS d
    SET "status" = 'COMPOSED', "sendAttempts" = d."sendAttempts" + 1, "updatedAt" = ${now}
    WHERE d."id" IN (
      SELECT c."id" FROM "Digest" AS c
      WHERE c."sendBatchId" = ${sendBatchId}
        AND ((c."status" = 'COMPOSED' AND c."updatedAt" <= ${leaseStart})
          OR (c."status" = 'FAILED' AND c."sendAttempts" < ${MAX_SEND_ATTEMPTS}))
      ORDER BY c."id" ASC
      FOR UPDATE OF c
    )
    RETURNING d."id", d."sendAttempts", d."dailyRunId"`;
}

/** Another sender holds this digest: done if it is finished, else checked again later. */
async function afterLostClaim(digestId: string): Promise<DigestSendOutcome> {
  const current = await (await getDb()).digest.findUnique({ where: { id: digestId }, select: { status: true, sendAttempts: true } });
  if (!current || !isSendable(current)) return "claimed-elsewhere";
  throw new InFlightError(digestId);
}

/** Why a send failed, in words fit for the user's history (provider details stay in the logs). */
function describeMailError(error: unknown): string {
  if (!(error instanceof MailError)) return "an unexpected error stopped the email from going out";
  if (error.reason === "idempotency_conflict") return "the email service could not confirm whether it went out";
  const reason = error.reason && error.reason !== "unexpected_error" ? ` (${error.reason})` : "";
  return error.retryable ? `the email service was unavailable${reason}` : `${error.message.replace(/\.$/, "")}${reason}`;
}

type MemberResult = { kind: "sent"; providerMessageId: string } | { kind: "failed"; error: unknown; retryable: boolean };

/**
 * Sends the whole batch (every member, whatever its state, so the request is the same every time)
 * and records what happened to the members this sender claimed.
 */
async function sendClaimedBatch(
  sendBatchId: string,
  claimed: Claimed[],
  ownDigestId: string,
  options: { lastDelivery: boolean },
): Promise<DigestSendOutcome> {
  const db = await getDb();
  const members = await db.digest.findMany({
    where: { sendBatchId },
    orderBy: { id: "asc" },
    select: { id: true, subject: true, html: true, text: true, content: true, sendTo: true },
  });
  const results = new Map<string, MemberResult>();
  const messages: BatchMailMessage[] = [];
  const sentMembers: string[] = [];
  for (const member of members) {
    if (!member.subject || !member.html || !member.text || !member.sendTo) {
      results.set(member.id, { kind: "failed", error: new NonRetryableJobError(`Digest ${member.id} has no email content`), retryable: false });
      continue;
    }
    const unsubscribeUrl = parseDigestContent(member.content)?.unsubscribeUrl ?? null;
    messages.push({
      to: member.sendTo,
      subject: member.subject,
      html: member.html,
      text: member.text,
      headers: unsubscribeUrl
        ? { "List-Unsubscribe": `<${unsubscribeUrl}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" }
        : undefined,
      tags: [{ name: "category", value: "digest" }],
    });
    sentMembers.push(member.id);
  }

  let answers: BatchItemResult[] | null = null;
  let requestError: unknown = null;
  try {
    if (messages.length > 0) answers = (await sendBatch(messages, { idempotencyKey: sendBatchIdempotencyKey(sendBatchId) })).results;
  } catch (error) {
    // The outcome is unknown (the provider may have accepted it): sending the same batch again under
    // its key is the only safe next step, so the whole batch counts as a retryable failure.
    requestError = error;
  }
  sentMembers.forEach((id, index) => {
    const answer = answers?.[index];
    if (answer && "id" in answer) results.set(id, { kind: "sent", providerMessageId: answer.id });
    else {
      const error = answer?.error ?? requestError;
      results.set(id, { kind: "failed", error, retryable: answer ? answer.error.retryable : true });
    }
  });

  // Members of one batch share their fate: once one of them must stop retrying, they all stop, so
  // the batch is never sent again and cannot deliver a digest already recorded as FAILED.
  const retrying = claimed.filter((member) => {
    const result = results.get(member.id);
    return result?.kind === "failed" && result.retryable;
  });
  const giveUp =
    retrying.some((member) => member.sendAttempts >= MAX_SEND_ATTEMPTS) ||
    (options.lastDelivery && retrying.some((member) => member.id === ownDigestId));

  const sentAt = dailyRunClock();
  const counts = new Map<string, { sent: number; failed: number }>();
  const count = (dailyRunId: string | null, field: "sent" | "failed") => {
    if (!dailyRunId) return;
    const entry = counts.get(dailyRunId) ?? { sent: 0, failed: 0 };
    entry[field] += 1;
    counts.set(dailyRunId, entry);
  };
  await db.$transaction(
    async (tx) => {
      for (const member of claimed) {
        const result = results.get(member.id);
        // Gone from the batch (its user was deleted meanwhile): nothing to record.
        if (!result) continue;
        const attempt = member.sendAttempts;
        if (result.kind === "sent") {
          const marked = await tx.digest.updateMany({
            where: { id: member.id, sendBatchId, status: "COMPOSED" },
            data: { status: "SENT", providerMessageId: result.providerMessageId, sentAt, error: null },
          });
          if (marked.count === 1) count(member.dailyRunId, "sent");
          continue;
        }
        const reason = describeMailError(result.error);
        const final = !result.retryable || giveUp;
        const marked = await tx.digest.updateMany({
          where: { id: member.id, sendBatchId, status: "COMPOSED", sendAttempts: attempt },
          data: final
            ? {
                status: "FAILED",
                sendAttempts: MAX_SEND_ATTEMPTS,
                error: result.retryable
                  ? `Could not be sent after ${attempt} ${attempt === 1 ? "attempt" : "attempts"}: ${reason}.`
                  : `Could not be sent: ${reason}.`,
              }
            : // Keeps its sendBatchId: the retry sends this same batch under the same key.
              { status: "FAILED", error: `Attempt ${attempt} of ${MAX_SEND_ATTEMPTS} failed (${reason}); trying again shortly.` },
        });
        if (final && marked.count === 1) count(member.dailyRunId, "failed");
      }
      for (const [dailyRunId, { sent, failed }] of counts) {
        await tx.dailyRun.updateMany({
          where: { id: dailyRunId },
          data: { emailsSent: { increment: sent }, emailsFailed: { increment: failed } },
        });
      }
    },
    { timeout: 60_000 },
  );
  // Only when a send failed for good: the normal path costs nothing more.
  for (const [dailyRunId, { failed }] of counts) if (failed > 0) await alertAdminsIfDailyRunFailed(dailyRunId);

  const own = results.get(ownDigestId);
  const ownClaimed = claimed.some((member) => member.id === ownDigestId);
  const ownRetrying = ownClaimed && own?.kind === "failed" && own.retryable && !giveUp;
  if (retrying.length > 0 && !giveUp && !ownRetrying) {
    // Nobody else is sure to come back for this batch (the members' own messages may have finished
    // already), so one member gets a fresh message; resending it covers the whole batch.
    const first = retrying[0]!;
    await enqueueDigestSend(first.id, { retryTag: `${sendBatchId}:${first.sendAttempts}`, delaySeconds: 2 ** first.sendAttempts });
  }

  if (!ownClaimed || !own) return "sent";
  if (own.kind === "sent") return "sent";
  const reason = describeMailError(own.error);
  if (ownRetrying) throw own.error instanceof Error ? own.error : new Error(`Digest ${ownDigestId} not sent: ${reason}`);
  throw new NonRetryableJobError(`Digest ${ownDigestId} not sent: ${reason}`, { cause: own.error });
}
