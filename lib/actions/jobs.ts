"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { readFormFields } from "@/lib/accounts/form-fields";
import { discardJob, JOB_TABS, retryFailedJobs, retryJob } from "@/lib/admin";
import { requireAdmin } from "@/lib/auth/session";
import { formStateFromError, type FormState } from "./form-state";

// The Jobs page's row buttons. Each action re-checks the admin role: a server action is a public
// POST endpoint, whatever page rendered its form. Success redirects back to the same tab with a
// notice, because the row usually leaves the tab it was on (a retried job is no longer failed).

const JOBS_PATH = "/admin/jobs";
const jobActionSchema = z.object({
  jobId: z.string().trim().min(1, "Which job?").max(64, "That is not a job id."),
  tab: z.enum(JOB_TABS).catch("failed"),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});

export type JobNotice = "requeued" | "republished" | "already-retried" | "discarded" | "already-discarded";

function backToTab({ tab, page }: { tab: string; page: number }, notice: JobNotice): never {
  redirect(`${JOBS_PATH}?tab=${tab}${page > 1 ? `&page=${page}` : ""}&notice=${notice}`);
}

export async function retryJobAction(_state: FormState, formData: FormData): Promise<FormState> {
  let input: z.infer<typeof jobActionSchema>;
  let notice: JobNotice;
  try {
    const admin = await requireAdmin();
    input = jobActionSchema.parse(readFormFields(formData, ["jobId", "tab", "page"]));
    const result = await retryJob(admin, input.jobId);
    notice = result.outcome === "already" ? "already-retried" : result.outcome;
  } catch (error) {
    return formStateFromError(error);
  }
  revalidatePath(JOBS_PATH);
  backToTab(input, notice);
}

export async function discardJobAction(_state: FormState, formData: FormData): Promise<FormState> {
  let input: z.infer<typeof jobActionSchema>;
  let notice: JobNotice;
  try {
    const admin = await requireAdmin();
    input = jobActionSchema.parse(readFormFields(formData, ["jobId", "tab", "page"]));
    const result = await discardJob(admin, input.jobId);
    notice = result.outcome === "already" ? "already-discarded" : "discarded";
  } catch (error) {
    return formStateFromError(error);
  }
  revalidatePath(JOBS_PATH);
  backToTab(input, notice);
}

export async function retryFailedJobsAction(_state: FormState, _formData: FormData): Promise<FormState> {
  try {
    const admin = await requireAdmin();
    const { retried, refused, more } = await retryFailedJobs(admin);
    revalidatePath(JOBS_PATH);
    const jobs = (count: number) => `${count} ${count === 1 ? "job" : "jobs"}`;
    if (retried === 0 && refused === 0) return { status: "success", message: "No failed job to retry." };
    return {
      status: "success",
      message: `Retried ${jobs(retried)}.${refused > 0 ? ` ${jobs(refused)} could not be retried; discard them instead.` : ""}${more ? " More are waiting: retry again for the next ones." : ""}`,
    };
  } catch (error) {
    return formStateFromError(error);
  }
}
