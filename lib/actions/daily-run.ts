"use server";

import { revalidatePath } from "next/cache";
import { readFormFields } from "@/lib/accounts/form-fields";
import { requireAdmin } from "@/lib/auth/session";
import { advanceSandboxClock, runDailyCheckNow } from "@/lib/daily-run";
import { formStateFromError, type FormState } from "./form-state";

// Admin tools of the daily run. Each action re-checks the admin role: a server action is a public
// POST endpoint, whatever page rendered its form.

export async function runDailyCheckNowAction(_state: FormState, _formData: FormData): Promise<FormState> {
  try {
    const admin = await requireAdmin();
    const { run, queued, alreadyQueued } = await runDailyCheckNow(admin);
    revalidatePath("/admin/daily-runs");
    const users = (count: number) => `${count} ${count === 1 ? "user" : "users"}`;
    const message =
      queued === 0 && alreadyQueued === 0
        ? "No user is waiting for today's digest: everyone eligible has one already, or nobody is eligible (a verified email and something watched)."
        : `Daily check started (${run.slot}): checking ${users(queued)} now${alreadyQueued > 0 ? `, ${users(alreadyQueued)} already queued` : ""}. Refresh to follow it.`;
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
