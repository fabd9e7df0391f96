import "server-only";

/**
 * The daily run: an hourly trigger fans out one `user-check` per due user, each writes that user's
 * Digest for their day, and one `digest-send` per composed digest makes sure it is sent: the first
 * to run sends up to 100 composed digests in one provider batch (lib/jobs/ declares the three jobs
 * and the hourly schedule). Every step is idempotent; see each module.
 */
export { advanceSandboxClock, getDailyTriggerHeartbeat, getSandboxClock, idleTriggerWhere, listDailyRuns, runDailyCheckNow, type DailyRunView, type SandboxClock } from "./admin";
export { alertAdminsIfDailyRunFailed } from "./failure-alert";
export { checkUserForDigest } from "./check-user";
export { recordUserCheckFailure } from "./run-stats";
export { sendDigest } from "./send-digest";
export { retryFailedSends, type RetriedSends } from "./retry-failed-sends";
export { DAILY_RUN_USERS_PER_PAGE, getDailyRunForAdmin, getDailyRunProgress, type DailyRunPage, type DailyRunProgress, type DailyRunUserRow } from "./run-page";
export { dailyRunClock, dailyRunClockLabel } from "./clock";
export { hasCronSecret, withCronSecret } from "./cron-secret";
export { listDueUsers, startDailyRun, type DueUser, type StartDailyRunOptions, type StartedDailyRun } from "./start-daily-run";
export { dayLeaderboardKey, hourRunKey, hourSlot, localDayAndHour, manualSlot } from "./time";
