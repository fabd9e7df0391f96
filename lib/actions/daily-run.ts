"use server";

import { revalidatePath } from "next/cache";
import { readFormFields, refillValues } from "@/lib/accounts/form-fields";
import { requireAdmin } from "@/lib/auth/session";
import { advanceSandboxClock, retryFailedSends, runDailyCheckNow } from "@/lib/daily-run";
import { formStateFromError, type FormState } from "./form-state";

// Admin tools of the daily run. Each action re-checks the admin role: a server action is a public
// POST endpoint, whatever page rendered its form.

/** Blank fields count as absent: the same form runs everyone (no field) or one user (userId or email). */
const blankAsAbsent = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);

export async function runDailyCheckNowAction(_state: FormState, formData: FormData): Promise<FormState> {
  const fields = readFormFields(formData, ["userId", "email"]);
  try {
    const admin = await requireAdmin();
    const { run, queued, alreadyQueued } = await runDailyCheckNow(admin, {
      userId: blankAsAbsent(fields.userId) as string | undefined,
      email: blankAsAbsent(fields.email) as string | undefined,
    });
    revalidatePath("/admin/daily-runs");
    const users = (count: number) => `${count} ${count === 1 ? "user" : "users"}`;
    const oneUser = blankAsAbsent(fields.userId) !== undefined || blankAsAbsent(fields.email) !== undefined;
    const message =
      queued === 0 && alreadyQueued === 0
        ? oneUser
          ? "This user is already being checked for today."
          : "No user is waiting for today's digest: everyone eligible has one already, or nobody is eligible (a verified email and something watched)."
        : `Daily check started (${run.slot}): checking ${users(queued)} now${alreadyQueued > 0 ? `, ${users(alreadyQueued)} already queued` : ""}.`;
    return { status: "success", message };
  } catch (error) {
    return formStateFromError(error, refillValues(fields, ["email"]));
  }
}

export async function retryFailedSendsAction(_state: FormState, formData: FormData): Promise<FormState> {
  const fields = readFormFields(formData, ["runId", "digestId"]);
  try {
    const admin = await requireAdmin();
    const { requeued, failedChecks } = await retryFailedSends(admin, {
      runId: fields.runId as string,
      digestId: blankAsAbsent(fields.digestId) as string | undefined,
    });
    revalidatePath("/admin/daily-runs", "layout");
    const digests = (count: number) => `${count} failed ${count === 1 ? "send" : "sends"}`;
    const checks =
      failedChecks > 0
        ? ` ${failedChecks} failed ${failedChecks === 1 ? "check has" : "checks have"} no email to send (nothing was composed): run the check for ${failedChecks === 1 ? "that user" : "those users"} again instead.`
        : "";
    const message = requeued === 0 ? `No failed send to retry.${checks}` : `Re-queued ${digests(requeued)}: each goes out once, as soon as the queue gets to it.${checks}`;
    return { status: "success", message };
  } catch (error) {
    return formStateFromError(error);
  }
}

export async function advanceSandboxClockAction(_state: FormState, formData: FormData): Promise<FormState> {
  try {
    const admin = await requireAdmin();
    const clock = advanceSandboxClock(admin, { days: readFormFields(formData, ["days"]).days ?? 1 });
    revalidatePath("/admin/sandbox");
    return { status: "success", message: `Sandbox time is now ${clock.now.toISOString()}.` };
  } catch (error) {
    return formStateFromError(error);
  }
}
