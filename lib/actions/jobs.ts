"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { discardJob, retryJob } from "@/lib/admin";
import { requireAdmin } from "@/lib/auth/session";
import { formStateFromError, formValues, type FormState } from "./form-state";

// The Jobs page's row buttons. Each action re-checks the admin role: a server action is a public
// POST endpoint, whatever page rendered its form.

const JOBS_PATH = "/admin/jobs";
const jobIdSchema = z.object({ jobId: z.string().trim().min(1, "Which job?").max(64, "That is not a job id.") });

export async function retryJobAction(_state: FormState, formData: FormData): Promise<FormState> {
  try {
    const admin = await requireAdmin();
    const { jobId } = jobIdSchema.parse(formValues(formData, ["jobId"]));
    const result = await retryJob(admin, jobId);
    revalidatePath(JOBS_PATH);
    if (result.outcome === "already") return { status: "success", message: "Already retried: it is queued or running again." };
    if (result.outcome === "republished") return { status: "success", message: "Sent to QStash again as a new message." };
    return { status: "success", message: "Queued again; it runs now." };
  } catch (error) {
    return formStateFromError(error);
  }
}

export async function discardJobAction(_state: FormState, formData: FormData): Promise<FormState> {
  try {
    const admin = await requireAdmin();
    const { jobId } = jobIdSchema.parse(formValues(formData, ["jobId"]));
    const result = await discardJob(admin, jobId);
    revalidatePath(JOBS_PATH);
    return { status: "success", message: result.outcome === "already" ? "Already discarded." : "Discarded: it will not run." };
  } catch (error) {
    return formStateFromError(error);
  }
}
