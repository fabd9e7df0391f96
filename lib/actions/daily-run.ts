"use server";

import { revalidatePath } from "next/cache";
import { advanceSandboxClock, retryFailedSends, runDailyCheckNow } from "@/lib/daily-run";
import { adminAction } from "./door";

// Admin tools of the daily run. The door re-checks the admin role: a server action is a public POST
// endpoint, whatever page rendered its form.

/** Blank fields count as absent: the same form runs everyone (no field) or one user (userId or email). */
const blankAsAbsent = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);

export const runDailyCheckNowAction = adminAction({ fields: ["userId", "email"], refill: ["email"] }, async ({ actor, input }) => {
  const userId = blankAsAbsent(input.userId) as string | undefined;
  const email = blankAsAbsent(input.email) as string | undefined;
  const { run, queued, alreadyQueued } = await runDailyCheckNow(actor, { userId, email });
  revalidatePath("/admin/daily-runs");
  const users = (count: number) => `${count} ${count === 1 ? "user" : "users"}`;
  const oneUser = userId !== undefined || email !== undefined;
  const message =
    queued === 0 && alreadyQueued === 0
      ? oneUser
        ? "This user is already being checked for today."
        : "No user is waiting for today's digest: everyone eligible has one already, or nobody is eligible (a verified email and something watched)."
      : `Daily check started (${run.slot}): checking ${users(queued)} now${alreadyQueued > 0 ? `, ${users(alreadyQueued)} already queued` : ""}.`;
  return { status: "success", message };
});

export const retryFailedSendsAction = adminAction({ fields: ["runId", "digestId"] }, async ({ actor, input }) => {
  const { requeued, failedChecks } = await retryFailedSends(actor, {
    runId: input.runId as string,
    digestId: blankAsAbsent(input.digestId) as string | undefined,
  });
  revalidatePath("/admin/daily-runs", "layout");
  const digests = (count: number) => `${count} failed ${count === 1 ? "send" : "sends"}`;
  const checks =
    failedChecks > 0
      ? ` ${failedChecks} failed ${failedChecks === 1 ? "check has" : "checks have"} no email to send (nothing was composed): run the check for ${failedChecks === 1 ? "that user" : "those users"} again instead.`
      : "";
  const message = requeued === 0 ? `No failed send to retry.${checks}` : `Re-queued ${digests(requeued)}: each goes out once, as soon as the queue gets to it.${checks}`;
  return { status: "success", message };
});

export const advanceSandboxClockAction = adminAction({ fields: ["days"] }, async ({ actor, input }) => {
  const clock = advanceSandboxClock(actor, { days: input.days ?? 1 });
  revalidatePath("/admin/sandbox");
  return { status: "success", message: `Sandbox time is now ${clock.now.toISOString()}.` };
});
