"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { discardJob, JOB_TABS, retryFailedJobs, retryJob } from "@/lib/admin";
import { adminAction } from "./door";

// The Jobs page's row buttons. The door re-checks the admin role: a server action is a public POST
// endpoint, whatever page rendered its form. Success redirects back to the same tab with a notice,
// because the row usually leaves the tab it was on (a retried job is no longer failed).

const JOBS_PATH = "/admin/jobs";
const jobActionSchema = z.object({
  jobId: z.string().trim().min(1, "Which job?").max(64, "That is not a job id."),
  tab: z.enum(JOB_TABS).catch("failed"),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});
const jobActionFields = ["jobId", "tab", "page"] as const;

export type JobNotice = "requeued" | "republished" | "already-retried" | "discarded" | "already-discarded";

function backToTab({ tab, page }: { tab: string; page: number }, notice: JobNotice): never {
  revalidatePath(JOBS_PATH);
  redirect(`${JOBS_PATH}?tab=${tab}${page > 1 ? `&page=${page}` : ""}&notice=${notice}`);
}

export const retryJobAction = adminAction({ fields: jobActionFields, schema: jobActionSchema }, async ({ actor, parsed }) => {
  const result = await retryJob(actor, parsed.jobId);
  backToTab(parsed, result.outcome === "already" ? "already-retried" : result.outcome);
});

export const discardJobAction = adminAction({ fields: jobActionFields, schema: jobActionSchema }, async ({ actor, parsed }) => {
  const result = await discardJob(actor, parsed.jobId);
  backToTab(parsed, result.outcome === "already" ? "already-discarded" : "discarded");
});

export const retryFailedJobsAction = adminAction({}, async ({ actor }) => {
  const { retried, refused, more } = await retryFailedJobs(actor);
  revalidatePath(JOBS_PATH);
  const jobs = (count: number) => `${count} ${count === 1 ? "job" : "jobs"}`;
  if (retried === 0 && refused === 0) return { status: "success", message: "No failed job to retry." };
  return {
    status: "success",
    message: `Retried ${jobs(retried)}.${refused > 0 ? ` ${jobs(refused)} could not be retried; discard them instead.` : ""}${more ? " More are waiting: retry again for the next ones." : ""}`,
  };
});
