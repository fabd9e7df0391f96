import "server-only";
import { randomUUID } from "node:crypto";
import type { Span } from "@opentelemetry/api";
import { getDb } from "@/lib/db";
import { parseDigestContent } from "@/lib/digest";
import { digestSendJob, type DigestSendPayload } from "@/lib/jobs/digest-send";
import type { Digest } from "@/lib/generated/prisma/client";
import { BATCH_CHUNK_SIZE, MailError, sendBatch, type BatchItemResult, type BatchMailMessage } from "@/lib/mail";
import { ATTR, SPAN, withIds, withSpan } from "@/lib/observability";
import { NonRetryableJobError, RetryLaterError } from "@/lib/queue";
import { dailyRunClock } from "./clock";
import { alertAdminsIfDailyRunFailed } from "./failure-alert";

/**
 * Sends composed digests (the `digest-send` job), many per provider request: one `digest-send`
 * message per Digest, but the first to run claims up to 100 sendable digests into a send batch and
 * delivers them with one `sendBatch` call (one request to Resend's batch endpoint) under the key
 * `digest-batch:<sendBatchId>`. Safe to deliver any number of times, in any order, after any crash:
 * - only a COMPOSED digest, or a FAILED one with attempts left, is sent; the others are left alone,
 *   so the other members' own messages find them settled and do nothing;
 * - a batch is claimed in one statement (`FOR UPDATE SKIP LOCKED`), which stamps `sendBatchId` and
 *   the recipient, so two senders at once never put a digest in two batches;
 * - a batch is sent again (after a crash, once its claim, SEND_LEASE_MS, has lapsed; after a retryable
 *   failure) rebuilt from its rows (members by id, stored subject/html/text, frozen recipient) under
 *   the same key: a provider that accepted it before answers the first send's ids and delivers nothing;
 * - every send looks at the members' users again: one who turned email off or was disabled since the
 *   claim leaves the batch and is left out of the request (NOT_EMAILED), as is a deleted account's;
 * - what the provider may hold under the key decides what becomes of the others. `sendKeyUsedAt` says
 *   since when a request under it may have been accepted: set when no answer came (a crash mid-send,
 *   a network failure, a 5xx other than 503), never by a definite refusal (4xx, 503: nothing accepted).
 *   · Nothing can have been accepted: the smaller batch goes out under the key. A provider refusing
 *     the key for it (409 `invalid_idempotent_request`) is a definite refusal: what is left is sent
 *     at once under a new key.
 *   · Something may have been: never a new key, which would send it twice. The smaller batch goes out
 *     under the old key: accepted means nothing had gone out before; a 409 means the provider holds a
 *     bigger request, which did: asked for again as it was (those who left put back, which sends
 *     nothing under a key it holds) it answers its ids; if it cannot be rebuilt (an account deleted)
 *     the members are MAYBE_SENT ("may have been sent").
 * - a provider forgets a key PROVIDER_KEY_TTL_MS (24 h) after: a batch whose key may have been used is
 *   only sent while KEY_TRUSTED_MS has not passed since. Past it, or when a sender gives up on it, its
 *   members are MAYBE_SENT: shown so to the admin, sent again by nobody (an admin's retry is allowed
 *   while the key is trusted, and uses it). FAILED always means nothing can have gone out, so an
 *   admin's retry of it, at any age, sends it in a new batch under a new key (retry-failed-sends.ts);
 * - history reads the Digest status, which says SENT only after the provider accepted the email.
 */

/** Sends of a digest's batch before the digest is FAILED for good (one delivery and its retries, by default). */
export const MAX_SEND_ATTEMPTS = 4;
/** How long a claim keeps other deliveries away; past it, a sender that died mid-send is taken over. */
export const SEND_LEASE_MS = 60_000;
/** One batch is one request to Resend's batch endpoint, so its emails are accepted or refused together. */
export const MAX_DIGESTS_PER_BATCH = BATCH_CHUNK_SIZE;
/** How long Resend (and the outbox, which behaves like it) remembers an idempotency key. */
export const PROVIDER_KEY_TTL_MS = 24 * 3_600_000;
/** How long after a key may first have been used a request under it still counts on it: an hour short of the provider's, for clock skew and slow requests. */
export const KEY_TRUSTED_MS = PROVIDER_KEY_TTL_MS - 3_600_000;

export type DigestSendOutcome = "sent" | "nothing-to-send" | "claimed-elsewhere" | "not-subscribed" | "unconfirmed";

/** Queues the send of a composed digest; a second call for the same digest (and tag) is deduplicated. */
export async function enqueueDigestSend(digestId: string, options: { retryTag?: string; delaySeconds?: number } = {}): Promise<void> {
  const deduplicationId = options.retryTag ? `digest-send:${digestId}:${options.retryTag}` : `digest-send:${digestId}`;
  await digestSendJob.enqueue({ digestId }, { deduplicationId, delay: options.delaySeconds });
}

export function sendBatchIdempotencyKey(sendBatchId: string): string {
  return `digest-batch:${sendBatchId}`;
}

/** Whether an admin may still send this digest again under its key: the provider surely still remembers it. */
export function isKeyTrusted(sendKeyUsedAt: Date, now: Date): boolean {
  return now.getTime() - sendKeyUsedAt.getTime() < KEY_TRUSTED_MS;
}

/**
 * Another delivery holds the digest's send lease. Most holders finish within a second, so the queue's
 * own quick retries look again; the last delivery, though, hands over to a message due when the lease
 * ends (its holder may have died mid-send) instead of ending FAILED while the digest is still sendable.
 */
class InFlightError extends RetryLaterError {
  constructor(digestId: string, lease: { endsInMs: number; lastDelivery: boolean }) {
    super(`Digest ${digestId} is being sent by another delivery; checking again later.`, {
      retryAfterMs: lease.lastDelivery ? Math.max(1_000, lease.endsInMs) : undefined,
    });
    this.name = "InFlightError";
  }
}

type Claimed = { id: string; sendAttempts: number; dailyRunId: string | null; sendKeyUsedAt: Date | null; wantsEmail: boolean };

type SendableState = { status: string; sendAttempts: number };

function isSendable(digest: SendableState): boolean {
  return digest.status === "COMPOSED" || (digest.status === "FAILED" && digest.sendAttempts < MAX_SEND_ATTEMPTS);
}

/**
 * The `daily-run.send` stage: one span per delivery, with its digest, run and user, the send batch
 * it claimed or took over and how it ended; the batch's mail span beneath carries the run id.
 */
export function sendDigest(payload: DigestSendPayload, options: { lastDelivery: boolean }): Promise<DigestSendOutcome> {
  return withSpan(
    SPAN.dailyRunSend,
    { [ATTR.digestId]: payload.digestId },
    async (span) => {
      const outcome = await sendOne(payload, options, span);
      span.setAttribute(ATTR.outcome, outcome);
      return outcome;
    },
    // Another delivery is sending the batch: waiting is the normal path, not a failure.
    { isExpected: (error) => error instanceof RetryLaterError },
  );
}

async function sendOne({ digestId }: DigestSendPayload, options: { lastDelivery: boolean }, span: Span): Promise<DigestSendOutcome> {
  const db = await getDb();
  const digest = await db.digest.findUnique({
    where: { id: digestId },
    include: { user: { select: { emailNotifications: true, disabledAt: true } } },
  });
  if (!digest || !isSendable(digest)) return "nothing-to-send";
  span.setAttribute(ATTR.userId, digest.userId);
  if (digest.dailyRunId === null) return sendLoaded(digest, options, span);
  span.setAttribute(ATTR.runId, digest.dailyRunId);
  return withIds({ [ATTR.runId]: digest.dailyRunId }, () => sendLoaded(digest, options, span));
}

type LoadedDigest = Digest & { user: { emailNotifications: boolean; disabledAt: Date | null } };

async function sendLoaded(digest: LoadedDigest, options: { lastDelivery: boolean }, span: Span): Promise<DigestSendOutcome> {
  const digestId = digest.id;
  const now = new Date();

  if (digest.sendBatchId !== null) {
    const leaseLeftMs = SEND_LEASE_MS - (now.getTime() - digest.updatedAt.getTime());
    if (digest.status === "COMPOSED" && leaseLeftMs > 0) {
      // Its batch is being sent right now: look again when the lease ends, settled or lapsed by then.
      throw new InFlightError(digestId, { endsInMs: leaseLeftMs, lastDelivery: options.lastDelivery });
    }
    return sendBatchOf(digestId, digest.sendBatchId, await reclaimBatch(digest.sendBatchId, now), now, options, span);
  }

  if (!digest.user.emailNotifications || digest.user.disabledAt !== null) {
    // Turned off between the check and the send: kept in history like any digest with email off.
    const db = await getDb();
    await db.digest.updateMany({
      where: { id: digestId, status: digest.status, sendAttempts: digest.sendAttempts, sendBatchId: null },
      data: { status: "NOT_EMAILED", error: null },
    });
    return "not-subscribed";
  }

  const sendBatchId = randomUUID();
  return sendBatchOf(digestId, sendBatchId, await claimNewBatch(sendBatchId, digestId, now), now, options, span);
}

async function sendBatchOf(
  digestId: string,
  sendBatchId: string,
  claimed: Claimed[],
  now: Date,
  options: { lastDelivery: boolean },
  span: Span,
): Promise<DigestSendOutcome> {
  span.setAttributes({ [ATTR.sendBatchId]: sendBatchId, [ATTR.batchSize]: claimed.length });
  const outcome = claimed.length > 0 ? await sendClaimedBatch(sendBatchId, claimed.map(normalizeClaimed), digestId, now, options) : null;
  // Its own digest went to a sender claiming at the same moment (a batch is still worth sending
  // when it holds only others): that sender has it now.
  return outcome !== null && claimed.some((member) => member.id === digestId) ? outcome : afterLostClaim(digestId, options);
}

// Raw queries hand timestamps back as Dates on Postgres; the embedded driver may hand back strings.
function normalizeClaimed(member: Claimed): Claimed {
  const usedAt = member.sendKeyUsedAt as Date | string | null;
  return { ...member, sendKeyUsedAt: usedAt === null ? null : new Date(usedAt), wantsEmail: Boolean(member.wantsEmail) };
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
    SET "sendBatchId" = ${sendBatchId}, "sendTo" = u."email", "status" = 'COMPOSED', "sendKeyUsedAt" = NULL,
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
    RETURNING d."id", d."sendAttempts", d."dailyRunId", d."sendKeyUsedAt", TRUE AS "wantsEmail"`;
}

/**
 * Takes a batch over for another send: its members still unsent, either left by a sender whose claim
 * lapsed (COMPOSED) or waiting after a retryable failure (FAILED with attempts left). Rows are
 * locked in id order, so of two senders taking over at once the second finds nothing left. A lapsed
 * claim is a sender that died with its request's outcome unknown: the key may have been used since
 * that claim. Each member comes back with whether its user still wants the email.
 */
async function reclaimBatch(sendBatchId: string, now: Date): Promise<Claimed[]> {
  const db = await getDb();
  const leaseStart = new Date(now.getTime() - SEND_LEASE_MS);
  return db.$queryRaw<Claimed[]>`
    UPDATE "Digest" AS d
    SET "status" = 'COMPOSED', "sendAttempts" = d."sendAttempts" + 1, "updatedAt" = ${now},
        "sendKeyUsedAt" = COALESCE(d."sendKeyUsedAt", CASE WHEN d."status" = 'COMPOSED' THEN d."updatedAt" END)
    FROM "User" AS u
    WHERE u."id" = d."userId" AND d."id" IN (
      SELECT c."id" FROM "Digest" AS c
      WHERE c."sendBatchId" = ${sendBatchId}
        AND ((c."status" = 'COMPOSED' AND c."updatedAt" <= ${leaseStart})
          OR (c."status" = 'FAILED' AND c."sendAttempts" < ${MAX_SEND_ATTEMPTS}))
      ORDER BY c."id" ASC
      FOR UPDATE OF c
    )
    RETURNING d."id", d."sendAttempts", d."dailyRunId", d."sendKeyUsedAt", (u."emailNotifications" AND u."disabledAt" IS NULL) AS "wantsEmail"`;
}

/** Another sender holds this digest: done if it is finished, else checked again later. */
async function afterLostClaim(digestId: string, options: { lastDelivery: boolean }): Promise<DigestSendOutcome> {
  const current = await (await getDb()).digest.findUnique({ where: { id: digestId }, select: { status: true, sendAttempts: true } });
  if (!current || !isSendable(current)) return "claimed-elsewhere";
  // The other sender claimed it just now: its lease runs from here.
  throw new InFlightError(digestId, { endsInMs: SEND_LEASE_MS, lastDelivery: options.lastDelivery });
}

/** Why a send failed, in words fit for the user's history (provider details stay in the logs). */
function describeMailError(error: unknown): string {
  if (!(error instanceof MailError)) return "an unexpected error stopped the email from going out";
  if (error.reason === "idempotency_conflict") return "the email service could not confirm whether it went out";
  const reason = error.reason && error.reason !== "unexpected_error" ? ` (${error.reason})` : "";
  return error.retryable ? `the email service was unavailable${reason}` : `${error.message.replace(/\.$/, "")}${reason}`;
}

/**
 * Whether a failed request certainly delivered nothing: the provider answered that it refused it
 * (4xx; 503, which says the request was not handled), or it never left this machine. Anything else
 * (no answer, another 5xx, an answer we cannot read, a request still in progress) may have been
 * accepted. A 409 for a key that holds another request refuses this one but says the key is used.
 */
function refusedForSure(error: unknown): boolean {
  if (neverLeft(error)) return true;
  if (!(error instanceof MailError)) return false;
  if (error.reason === "idempotency_conflict" || error.reason === "concurrent_idempotent_requests") return false;
  const status = error.providerStatus;
  return status !== null && ((status >= 400 && status < 500) || status === 503);
}

/** A member whose email was never handed to the provider (no content, refused by our own validation). */
function neverLeft(error: unknown): boolean {
  return error instanceof NonRetryableJobError || (error instanceof MailError && error.reason === "invalid_message");
}

function isKeyConflict(answer: MemberResult | undefined): boolean {
  return answer?.kind === "failed" && answer.error instanceof MailError && answer.error.reason === "idempotency_conflict";
}

type MemberResult = { kind: "sent"; providerMessageId: string } | { kind: "failed"; error: unknown; retryable: boolean };

/** What becomes of a claimed member. */
type Fate =
  | MemberResult
  /** Left the batch unsent: its user no longer wants the email, and none can have gone out. */
  | { kind: "left" }
  /** The provider may have delivered it; nothing sends it again by itself. */
  | { kind: "unconfirmed"; why: string };

type BatchRow = { id: string; status: string; subject: string | null; html: string | null; text: string | null; content: unknown; sendTo: string | null; sendKeyUsedAt: Date | null; updatedAt: Date };

/** One request to the provider: the rows' emails in id order, under the batch's key; each row's answer. */
async function requestBatch(sendBatchId: string, rows: BatchRow[]): Promise<Map<string, MemberResult>> {
  const results = new Map<string, MemberResult>();
  const messages: BatchMailMessage[] = [];
  const carried: string[] = [];
  for (const row of rows) {
    if (!row.subject || !row.html || !row.text || !row.sendTo) {
      results.set(row.id, { kind: "failed", error: new NonRetryableJobError(`Digest ${row.id} has no email content`), retryable: false });
      continue;
    }
    const unsubscribeUrl = parseDigestContent(row.content)?.unsubscribeUrl ?? null;
    messages.push({
      to: row.sendTo,
      subject: row.subject,
      html: row.html,
      text: row.text,
      headers: unsubscribeUrl
        ? { "List-Unsubscribe": `<${unsubscribeUrl}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" }
        : undefined,
      tags: [{ name: "category", value: "digest" }],
    });
    carried.push(row.id);
  }

  let answers: BatchItemResult[] | null = null;
  let requestError: unknown = null;
  try {
    if (messages.length > 0) answers = (await sendBatch(messages, { idempotencyKey: sendBatchIdempotencyKey(sendBatchId) })).results;
  } catch (error) {
    // The outcome is unknown (the provider may have accepted it): a retryable failure of the whole request.
    requestError = error;
  }
  carried.forEach((id, index) => {
    const answer = answers?.[index];
    if (answer && "id" in answer) results.set(id, { kind: "sent", providerMessageId: answer.id });
    else results.set(id, { kind: "failed", error: answer?.error ?? requestError, retryable: answer ? answer.error.retryable : true });
  });
  return results;
}

/**
 * Sends the batch's claimed members (with every other member still in it, so the request is the
 * same every time) and records what became of each: see the rules at the top of this file.
 */
async function sendClaimedBatch(
  sendBatchId: string,
  claimed: Claimed[],
  ownDigestId: string,
  claimedAt: Date,
  options: { lastDelivery: boolean },
): Promise<DigestSendOutcome> {
  const db = await getDb();
  const members: BatchRow[] = await db.digest.findMany({
    where: { sendBatchId },
    orderBy: { id: "asc" },
    select: { id: true, status: true, subject: true, html: true, text: true, content: true, sendTo: true, sendKeyUsedAt: true, updatedAt: true },
  });
  // Since when a request under the key may have been accepted (null: none can have been).
  const usedAt = [
    ...members.flatMap((member) => (member.sendKeyUsedAt ? [member.sendKeyUsedAt] : [])),
    ...members.filter((member) => member.status === "SENT").map((member) => member.updatedAt),
  ].reduce<Date | null>((earliest, at) => (earliest === null || at < earliest ? at : earliest), null);

  const fates = new Map<string, Fate>();
  const leaving = new Set(claimed.filter((member) => !member.wantsEmail).map((member) => member.id));
  // The batch's request as it was last sent: every member but those that left it before (minus deleted accounts).
  const inBatch = members.filter((member) => member.status !== "NOT_EMAILED" && member.status !== "MAYBE_SENT");
  let batchId = sendBatchId;
  let keyUsedAt = usedAt;

  if (usedAt !== null && !isKeyTrusted(usedAt, claimedAt)) {
    // The provider may have forgotten a key that may have carried these emails: sending again could deliver them twice.
    for (const member of claimed) fates.set(member.id, { kind: "unconfirmed", why: "the email service never confirmed it, and a day on it no longer remembers the send, so it is not sent again" });
  } else {
    const staying = inBatch.filter((member) => !leaving.has(member.id));
    let results = await requestBatch(batchId, staying);
    const conflict = staying.some((member) => isKeyConflict(results.get(member.id)));

    if (conflict && usedAt === null) {
      // A definite refusal of the old key, under which nothing was accepted: what is left goes out under a new key.
      const rekeyed = new Set(claimed.filter((member) => !leaving.has(member.id)).map((member) => member.id));
      batchId = randomUUID();
      await db.digest.updateMany({ where: { id: { in: [...rekeyed] }, sendBatchId, status: "COMPOSED" }, data: { sendBatchId: batchId, sendKeyUsedAt: null } });
      results = await requestBatch(batchId, staying.filter((member) => rekeyed.has(member.id)));
    } else if (conflict) {
      // The provider holds a bigger request under the key, so it went out. As it was (those who left
      // put back), it is answered with its ids and sends nothing; without a member deleted since, it cannot be rebuilt.
      const asItWas = leaving.size > 0 ? await requestBatch(batchId, inBatch) : null;
      for (const member of claimed) {
        const answer = asItWas?.get(member.id);
        // Sent: its ids. A passing failure (a rate limit): asked again later, the same way.
        const settled = answer && (answer.kind === "sent" || (answer.retryable && !isKeyConflict(answer)));
        fates.set(member.id, settled ? answer : { kind: "unconfirmed", why: "the email service already holds this email from an earlier send it never confirmed" });
      }
    }

    // The provider's answer to the request (its members share one). Taken under the old key, the
    // smaller batch proves the key held nothing: no earlier send went out.
    const answer = staying
      .map((member) => results.get(member.id))
      .find((result) => result !== undefined && (result.kind === "sent" || !neverLeft(result.error)));
    for (const member of claimed) {
      if (fates.has(member.id)) continue;
      if (leaving.has(member.id)) {
        if (usedAt === null || answer?.kind === "sent") fates.set(member.id, { kind: "left" });
        // The question is still open after a passing failure: it is asked again, the same way, next time.
        else if (answer?.kind === "failed" && answer.retryable) fates.set(member.id, answer);
        else fates.set(member.id, { kind: "unconfirmed", why: "an earlier send was never confirmed, and email was turned off for them since" });
        continue;
      }
      const result = results.get(member.id);
      // Gone from the batch meanwhile (the row changed under us): nothing to record.
      if (result) fates.set(member.id, result);
    }
    if (batchId !== sendBatchId) keyUsedAt = null;
    // An answer that never came: the key may hold these emails from now on.
    const unanswered = claimed.some((member) => {
      const fate = fates.get(member.id);
      return fate?.kind === "failed" && !refusedForSure(fate.error);
    });
    if (unanswered) keyUsedAt ??= claimedAt;
  }

  // Members of one batch share their fate: once one of them must stop retrying, they all stop, so
  // the batch is not sent again behind the back of a member already recorded as given up.
  const retrying = claimed.filter((member) => {
    const fate = fates.get(member.id);
    return fate?.kind === "failed" && fate.retryable;
  });
  const giveUp =
    retrying.some((member) => member.sendAttempts >= MAX_SEND_ATTEMPTS) ||
    (options.lastDelivery && retrying.some((member) => member.id === ownDigestId));

  const sentAt = dailyRunClock();
  const counts = new Map<string, { sent: number; failed: number; unconfirmed: number }>();
  const count = (dailyRunId: string | null, field: "sent" | "failed" | "unconfirmed") => {
    if (!dailyRunId) return;
    const entry = counts.get(dailyRunId) ?? { sent: 0, failed: 0, unconfirmed: 0 };
    entry[field] += 1;
    counts.set(dailyRunId, entry);
  };
  const recorded = new Map<string, "sent" | "left" | "retrying" | "failed" | "unconfirmed">();
  await db.$transaction(
    async (tx) => {
      for (const member of claimed) {
        const fate = fates.get(member.id);
        if (!fate) continue;
        const attempt = member.sendAttempts;
        const claim = { id: member.id, status: "COMPOSED" as const, sendAttempts: attempt };
        if (fate.kind === "sent") {
          const marked = await tx.digest.updateMany({ where: claim, data: { status: "SENT", providerMessageId: fate.providerMessageId, sentAt, error: null } });
          if (marked.count === 1) count(member.dailyRunId, "sent");
          recorded.set(member.id, "sent");
          continue;
        }
        if (fate.kind === "left") {
          await tx.digest.updateMany({ where: claim, data: { status: "NOT_EMAILED", error: null } });
          recorded.set(member.id, "left");
          continue;
        }
        if (fate.kind === "unconfirmed") {
          const marked = await tx.digest.updateMany({
            where: claim,
            data: { status: "MAYBE_SENT", sendKeyUsedAt: keyUsedAt ?? claimedAt, error: `May have been sent: ${fate.why}.` },
          });
          if (marked.count === 1) count(member.dailyRunId, "unconfirmed");
          recorded.set(member.id, "unconfirmed");
          continue;
        }
        const reason = describeMailError(fate.error);
        const final = !fate.retryable || giveUp;
        // It went out in a request whose outcome is unknown, now or before: it is only ever resent under this key.
        if (final && keyUsedAt !== null && !neverLeft(fate.error)) {
          const marked = await tx.digest.updateMany({
            where: claim,
            data: {
              status: "MAYBE_SENT",
              sendKeyUsedAt: keyUsedAt,
              error: fate.retryable
                ? `May have been sent: the email service did not confirm it after ${attempt} ${attempt === 1 ? "attempt" : "attempts"} (${reason}).`
                : `May have been sent: an earlier attempt was never confirmed, and the last one failed (${reason}).`,
            },
          });
          if (marked.count === 1) count(member.dailyRunId, "unconfirmed");
          recorded.set(member.id, "unconfirmed");
          continue;
        }
        const marked = await tx.digest.updateMany({
          where: claim,
          data: final
            ? {
                // Nothing can have gone out: an admin may send it again, at any age, under a new key.
                status: "FAILED",
                sendAttempts: MAX_SEND_ATTEMPTS,
                sendKeyUsedAt: null,
                error: fate.retryable
                  ? `Could not be sent after ${attempt} ${attempt === 1 ? "attempt" : "attempts"}: ${reason}.`
                  : `Could not be sent: ${reason}.`,
              }
            : // Keeps its batch and key: the retry sends this same batch again.
              { status: "FAILED", sendKeyUsedAt: keyUsedAt, error: `Attempt ${attempt} of ${MAX_SEND_ATTEMPTS} failed (${reason}); trying again shortly.` },
        });
        if (final && marked.count === 1) count(member.dailyRunId, "failed");
        recorded.set(member.id, final ? "failed" : "retrying");
      }
      for (const [dailyRunId, { sent, failed }] of counts) {
        if (sent + failed === 0) continue;
        await tx.dailyRun.updateMany({
          where: { id: dailyRunId },
          data: { emailsSent: { increment: sent }, emailsFailed: { increment: failed } },
        });
      }
    },
    { timeout: 60_000 },
  );
  // Only when a send failed for good or may have gone out unconfirmed: the normal path costs nothing more.
  for (const [dailyRunId, { failed, unconfirmed }] of counts) if (failed + unconfirmed > 0) await alertAdminsIfDailyRunFailed(dailyRunId);

  const own = fates.get(ownDigestId);
  const ownRecorded = recorded.get(ownDigestId);
  if (retrying.length > 0 && !giveUp && ownRecorded !== "retrying") {
    // Nobody else is sure to come back for this batch (the members' own messages may have finished
    // already), so one member gets a fresh message; resending it covers the whole batch.
    const first = retrying[0]!;
    await enqueueDigestSend(first.id, { retryTag: `${batchId}:${first.sendAttempts}`, delaySeconds: 2 ** first.sendAttempts });
  }

  if (!own || ownRecorded === undefined || ownRecorded === "sent") return "sent";
  if (ownRecorded === "left") return "not-subscribed";
  if (own.kind !== "failed") return "unconfirmed";
  const reason = describeMailError(own.error);
  if (ownRecorded === "retrying") throw own.error instanceof Error ? own.error : new Error(`Digest ${ownDigestId} not sent: ${reason}`);
  const verdict = ownRecorded === "unconfirmed" ? "may have been sent, unconfirmed" : "not sent";
  throw new NonRetryableJobError(`Digest ${ownDigestId} ${verdict}: ${reason}`, { cause: own.error });
}
