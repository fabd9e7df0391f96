import "server-only";
import { Receiver } from "@upstash/qstash";
import { z } from "zod";
import { getConfig } from "@/lib/config";
import { getDb } from "@/lib/db";
import { AppError, toResponse } from "@/lib/errors";
import { readBodyText } from "@/lib/http";
import { fromConsole, fromTraceparent, log as defaultLog } from "@/lib/observability";
import { ENQUEUED_BY_HEADER, jobDestination } from "./qstash";
import { getJob } from "./registry";
import { NonRetryableJobError, RetryLaterError, type QueueLogger, type RegisteredJob } from "./types";
import { describeError, describeIssues, toJsonInput } from "./wire";

/**
 * The QStash side of `POST /api/jobs/[job]`. The order matters:
 *  1. verify `Upstash-Signature` over the raw body (read up to 1 MB) and the expected destination
 *     URL, always (a request that fails is 401 and is never parsed, so nobody can probe which jobs exist);
 *  2. parse the envelope and the job's payload; what can never succeed (unknown job, bad payload,
 *     NonRetryableJobError) answers 2xx with a logged reason, because QStash retries anything else;
 *  3. run the handler; a throw answers 500 so QStash retries with backoff.
 * Every failed delivery is also written to JobRecord (one row per message) so the admin job list
 * shows it: QUEUED with the error while QStash will retry, FAILED once nothing will; a retry that
 * then succeeds marks the row SUCCEEDED, and a retry of a row an admin DISCARDED is answered 2xx
 * without running. Those writes are best effort and never change the answer.
 */

export interface QStashDeliveryOptions {
  /** APP_URL: the signature's `sub` must be exactly `APP_URL/api/jobs/<job>`. */
  appUrl: string;
  currentSigningKey: string;
  nextSigningKey: string;
  resolveJob?: (name: string) => RegisteredJob | undefined;
  /** Defaults to upserting the message's JobRecord; tests may observe instead. */
  recordFailure?: (failure: DeliveryFailure) => Promise<void>;
  /** Asked before a retried delivery runs; defaults to reading the message's JobRecord. */
  isDiscarded?: (messageId: string) => Promise<boolean>;
  /** Called when a retried delivery succeeds; defaults to marking its JobRecord SUCCEEDED. */
  recordRetriedSuccess?: (messageId: string) => Promise<void>;
  /** Seconds of clock skew tolerated on the token's nbf/exp. Default 5. */
  clockToleranceSeconds?: number;
  /** Default: the structured logger (lib/observability). */
  logger?: QueueLogger;
}

export interface DeliveryFailure {
  job: string;
  messageId: string;
  payload: unknown;
  attempts: number;
  error: string;
  /** False while QStash still has retries left for the message. */
  final: boolean;
}

/** QStash's own message limit on the largest plan; Trackwatch's payloads are a few hundred bytes. */
const MAX_DELIVERY_BYTES = 1024 * 1024;

const envelopeSchema = z.object({
  payload: z.unknown(),
  enqueuedAt: z.string().optional(),
  scheduleId: z.string().optional(),
});

/** Builds the delivery handler from explicit settings (tests, or anything not using getConfig). */
export function createQStashDeliveryHandler(options: QStashDeliveryOptions) {
  // devMode: false so QSTASH_DEV=1 can never swap in the SDK's public dev signing keys.
  const receiver = new Receiver({
    currentSigningKey: options.currentSigningKey,
    nextSigningKey: options.nextSigningKey,
    devMode: false,
  });
  const resolveJob = options.resolveJob ?? getJob;
  const recordFailure = options.recordFailure ?? recordFailedDelivery;
  const isDiscarded = options.isDiscarded ?? isDeliveryDiscarded;
  const recordRetriedSuccess = options.recordRetriedSuccess ?? markRetriedDeliverySucceeded;
  const clockTolerance = options.clockToleranceSeconds ?? 5;
  const log = options.logger ? fromConsole(options.logger) : defaultLog;

  return async function handleDelivery(request: Request, jobName: string): Promise<Response> {
    const signature = request.headers.get("upstash-signature");
    if (!signature) return unauthorized();
    let body: string;
    try {
      body = await readBodyText(request, MAX_DELIVERY_BYTES);
    } catch (error) {
      return toResponse(error);
    }
    try {
      await receiver.verify({ signature, body, url: jobDestination(options.appUrl, jobName), clockTolerance });
    } catch (error) {
      // SignatureError for a bad token, body or sub; anything else (a token without claims) is no better.
      log.warn("queue.delivery-rejected", { message: `rejected a delivery to ${JSON.stringify(jobName.slice(0, 80))}: ${(error as Error).message}`, job: jobName.slice(0, 80) });
      return unauthorized();
    }

    const messageId = request.headers.get("upstash-message-id") ?? "unknown";
    const retried = Number.parseInt(request.headers.get("upstash-retried") ?? "0", 10);
    const attempt = (Number.isFinite(retried) && retried >= 0 ? retried : 0) + 1;

    const endForGood = async (reason: string, detail: string, payload: unknown) => {
      log.error("queue.job-rejected", { message: `non-retryable: ${jobName} ${messageId} ${reason}: ${detail}`, job: jobName, message_id: messageId, attempt, reason });
      await recordQuietly({ job: jobName, messageId, payload, attempts: attempt, error: `non-retryable: ${reason}: ${detail}`, final: true });
      return Response.json({ ok: false, retry: false, reason });
    };
    const recordQuietly = async (failure: DeliveryFailure) => {
      try {
        await recordFailure(failure);
      } catch (error) {
        log.error("queue.record-failed", { message: `could not record the failure of ${failure.job} ${failure.messageId}`, job: failure.job, message_id: failure.messageId, error });
      }
    };
    // Only a retry can have a row (its earlier attempt failed), so first deliveries cost no read.
    const retriedDelivery = attempt > 1 && messageId !== "unknown";

    let envelope: z.infer<typeof envelopeSchema>;
    try {
      envelope = envelopeSchema.parse(JSON.parse(body));
    } catch (error) {
      return endForGood("invalid-body", describeError(error), null);
    }
    const job = resolveJob(jobName);
    if (!job) return endForGood("unknown-job", `no job is declared as "${jobName}"`, envelope.payload);
    const parsed = job.schema.safeParse(envelope.payload);
    if (!parsed.success) {
      return endForGood("invalid-payload", describeIssues(parsed.error), envelope.payload);
    }

    if (retriedDelivery && (await isDiscarded(messageId).catch(() => false))) {
      log.info("queue.discarded", { message: `${jobName} ${messageId} was discarded by an admin; not running it`, job: jobName, message_id: messageId });
      return Response.json({ ok: false, retry: false, reason: "discarded" });
    }

    try {
      await job.handle(parsed.data, { attempt, messageId, enqueuedBy: fromTraceparent(request.headers.get(ENQUEUED_BY_HEADER)) });
    } catch (error) {
      const message = describeError(error);
      if (error instanceof NonRetryableJobError) return endForGood("rejected", message, envelope.payload);
      const final = attempt > job.retries;
      await recordQuietly({ job: jobName, messageId, payload: envelope.payload, attempts: attempt, error: message, final });
      const fields = { job: jobName, message_id: messageId, attempt, final };
      if (error instanceof RetryLaterError) log.info("queue.retry-later", { message: `${jobName} ${messageId} attempt ${attempt}: ${message}`, ...fields });
      else log.error("queue.job-retry", { message: `${jobName} ${messageId} failed attempt ${attempt}; QStash will retry if retries remain: ${message}`, ...fields });
      // Generic on purpose: QStash shows response bodies in its console and DLQ.
      return Response.json({ error: { code: "internal:job", message: "The job failed." } }, { status: 500 });
    }
    if (retriedDelivery) {
      await recordRetriedSuccess(messageId).catch((error: unknown) =>
        log.error("queue.record-failed", { message: `could not record the success of ${jobName} ${messageId}`, job: jobName, message_id: messageId, error }),
      );
    }
    return Response.json({ ok: true });
  };
}

function unauthorized(): Response {
  return toResponse(new AppError("unauthorized:signature", "Missing or invalid Upstash-Signature."));
}

/**
 * The route's entry point: settings from config. With the in-process driver there is no QStash to
 * trust, so no signature can be valid: every request is refused (401) like an unsigned one, and jobs
 * can only be started from inside the app.
 */
export async function handleQStashDelivery(request: Request, jobName: string): Promise<Response> {
  const config = getConfig();
  const { QSTASH_CURRENT_SIGNING_KEY: currentSigningKey, QSTASH_NEXT_SIGNING_KEY: nextSigningKey } = config;
  if (config.drivers.queue !== "qstash" || !currentSigningKey || !nextSigningKey) return unauthorized();
  return createQStashDeliveryHandler({ appUrl: config.APP_URL, currentSigningKey, nextSigningKey })(request, jobName);
}

const deliveryKey = (messageId: string) => `qstash:${messageId}`;

/** One JobRecord per QStash message, however often its failures are reported. */
async function recordFailedDelivery(failure: DeliveryFailure): Promise<void> {
  const db = await getDb();
  const data = {
    status: failure.final ? ("FAILED" as const) : ("QUEUED" as const),
    attempts: failure.attempts,
    lastError: failure.error,
    finishedAt: failure.final ? new Date() : null,
  };
  // An admin's discard wins over a late report of the same message.
  const existing = await db.jobRecord.findUnique({ where: { deduplicationId: deliveryKey(failure.messageId) }, select: { status: true } });
  if (existing?.status === "DISCARDED" || existing?.status === "RETRIED") return;
  await db.jobRecord.upsert({
    where: { deduplicationId: `qstash:${failure.messageId}` },
    create: {
      ...data,
      job: failure.job,
      deduplicationId: `qstash:${failure.messageId}`,
      payload: toJsonInput(failure.payload),
    },
    update: data,
  });
}

async function isDeliveryDiscarded(messageId: string): Promise<boolean> {
  const db = await getDb();
  const record = await db.jobRecord.findUnique({ where: { deduplicationId: deliveryKey(messageId) }, select: { status: true } });
  return record?.status === "DISCARDED";
}

async function markRetriedDeliverySucceeded(messageId: string): Promise<void> {
  const db = await getDb();
  await db.jobRecord.updateMany({
    where: { deduplicationId: deliveryKey(messageId), status: { in: ["QUEUED", "FAILED"] } },
    data: { status: "SUCCEEDED", finishedAt: new Date() },
  });
}
