/**
 * Span attribute names, one spelling for every span Trackwatch makes. Our own ids live under
 * `trackwatch.*`, the Trackmania client's under `tm.*`; the rest are OpenTelemetry's semantic
 * conventions, so a tracing backend shows them in its usual places.
 */
export const ATTR = {
  /** A DailyRun id. */
  runId: "trackwatch.run_id",
  userId: "trackwatch.user_id",
  /** A MapSearchJob id. */
  searchId: "trackwatch.search_id",
  digestId: "trackwatch.digest_id",
  /** The send batch a digest was claimed into (its provider idempotency key is derived from it). */
  sendBatchId: "trackwatch.send_batch_id",
  /** Digests a sender claimed into (or took over in) one send batch. */
  batchSize: "trackwatch.batch_size",
  /** How a stage ended (`composed`, `sent`, `already-done`…). */
  outcome: "trackwatch.outcome",
  /** What started a daily run: schedule, cron, script, admin. */
  trigger: "trackwatch.trigger",
  usersDue: "trackwatch.users_due",
  /** A user's local day a digest covers (YYYY-MM-DD). */
  day: "trackwatch.day",

  /** A job's name (`user-check`, `digest-send`…). */
  job: "trackwatch.job",
  /** 1 on the first delivery, 2 on the first retry… */
  jobAttempt: "trackwatch.job.attempt",
  /** The QStash message id, or the JobRecord id in-process. */
  messageId: "messaging.message.id",

  /** `core`, `live`, `oauth`, `tmx`. */
  tmService: "tm.service",
  /** Our name of the endpoint (`live.top`, `core.token`…). */
  tmEndpoint: "tm.endpoint",
  /** Retries sent after the first attempt (429, 5xx, timeouts, network errors). */
  tmRetry: "tm.retry",
  httpMethod: "http.request.method",
  httpStatus: "http.response.status_code",
  /** The path only: query strings can carry ids a trace store has no need for. */
  urlPath: "url.path",

  /** `resend` or `outbox`. */
  mailDriver: "mail.driver",
  /** Emails in one request. */
  mailMessages: "mail.messages",
  /** Addresses across them. */
  mailRecipients: "mail.recipients",
  /** Of a batch's messages, how many were refused (invalid, or by the provider). */
  mailFailed: "mail.failed",
} as const;

/** Names of the spans tests and dashboards look for. */
export const SPAN = {
  jobDelivery: "job.deliver",
  tmRequest: "tm.request",
  mailSend: "mail.send",
  mailSendBatch: "mail.send-batch",
  dailyRunPlan: "daily-run.plan",
  dailyRunPrefetch: "daily-run.prefetch-positions",
  dailyRunCheckUser: "daily-run.check-user",
  dailyRunSend: "daily-run.send",
} as const;

/**
 * Ids that every span and log line started beneath carries too, so a run's Trackmania calls and
 * log lines can be found by its run id without walking the trace.
 */
export const INHERITED_IDS: readonly string[] = [ATTR.runId, ATTR.userId, ATTR.searchId];
