import "server-only";

/** Admin console domain: every function takes the acting user and checks the admin role itself. */

export { discardJob } from "./discard-job";
export { getQueueBacklog, type QueueBacklog } from "./get-queue-backlog";
export { JOB_TABS, JOBS_PER_PAGE, listJobsForAdmin, type AdminJobList, type AdminJobRow, type JobTab } from "./list-jobs-for-admin";
export { retryFailedJobs } from "./retry-failed-jobs";
export { retryJob } from "./retry-job";
export { summarizeJobPayload, type JobPayloadLookups } from "./summarize-job-payload";
