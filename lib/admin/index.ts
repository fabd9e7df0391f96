/**
 * Running the site: users (search, role, disable, confirmation), the site overview, and the local
 * outbox. Every function takes the acting user and refuses anyone who is not an admin.
 */
export { endUserSessions } from "./end-user-sessions";
export { getSiteOverview, type SiteOverview } from "./get-site-overview";
export { getUserForAdmin, type UserForAdmin } from "./get-user-for-admin";
export { listUsersForAdmin, USERS_PER_PAGE, type UserListItem, type UserListPage } from "./list-users";
export { getOutboxEmailForAdmin, listOutboxForAdmin } from "./outbox";
export { resendConfirmationForUser } from "./resend-confirmation-for-user";
export { setUserDisabled } from "./set-user-disabled";
export { setUserRole } from "./set-user-role";
export * from "./schemas";
// Background jobs: the Jobs page and the overview's backlog.
export { discardJob } from "./discard-job";
export { getQueueBacklog, type QueueBacklog } from "./get-queue-backlog";
export { JOB_TABS, JOBS_PER_PAGE, listJobsForAdmin, type AdminJobList, type AdminJobRow, type JobTab } from "./list-jobs-for-admin";
export { retryFailedJobs } from "./retry-failed-jobs";
export { retryJob } from "./retry-job";
export { summarizeJobPayload, type JobPayloadLookups } from "./summarize-job-payload";
