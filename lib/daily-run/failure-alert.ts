import "server-only";
import { createElement } from "react";
import DailyRunFailure, { dailyRunFailureSubject } from "@/emails/daily-run-failure";
import { getAppConfig } from "@/lib/app-config";
import { appUrl } from "@/lib/config";
import { getDb } from "@/lib/db";
import { MAX_RECIPIENTS, sendEmail } from "@/lib/mail";

const FIRST_ERRORS = 5;

/**
 * Emails every admin (enabled; confirmed address or not, since the first admin may never have
 * confirmed one) when a daily run has failed, or when the share of its checks or of its sends that
 * failed (or "may have been sent", unconfirmed) reaches `AppConfig.failureAlertPercent`. Called when
 * a run finishes or fails and when a send stops for good, so a send failing after the run finished
 * still counts. At most one email per run:
 * `failureAlertSentAt` is claimed with a conditional update before sending, and the mail goes out
 * under the key `daily-run-failure:<runId>`. A run still running is judged when it finishes.
 *
 * Never throws: an alert that could not go out is logged and its claim released, so the next
 * evaluation (a later failure, another finish) tries again; the caller's work is not undone.
 */
export async function alertAdminsIfDailyRunFailed(dailyRunId: string): Promise<"sent" | "not-needed"> {
  try {
    const db = await getDb();
    // The one query the common case costs: an alerted or still running run stops here.
    const run = await db.dailyRun.findFirst({ where: { id: dailyRunId, failureAlertSentAt: null, status: { not: "RUNNING" } } });
    if (!run) return "not-needed";
    const [checksFailed, toSend, maybeSent, { failureAlertPercent }] = await Promise.all([
      db.digest.count({ where: { dailyRunId, status: "FAILED", subject: null } }),
      db.digest.count({ where: { dailyRunId, subject: { not: null }, status: { in: ["COMPOSED", "SENT", "FAILED", "MAYBE_SENT"] } } }),
      db.digest.count({ where: { dailyRunId, status: "MAYBE_SENT" } }),
      getAppConfig(),
    ]);
    // A send that may have gone out unconfirmed is not counted as failed, but it is as much the admin's business.
    const sendsTroubled = run.emailsFailed + maybeSent;
    const checkShare = run.usersDue > 0 ? (checksFailed / run.usersDue) * 100 : 0;
    const sendShare = toSend > 0 ? (sendsTroubled / toSend) * 100 : 0;
    const checksOver = checksFailed > 0 && checkShare >= failureAlertPercent;
    const sendsOver = sendsTroubled > 0 && sendShare >= failureAlertPercent;
    if (run.status !== "FAILED" && !checksOver && !sendsOver) return "not-needed";

    const claimedAt = new Date();
    const claim = await db.dailyRun.updateMany({ where: { id: run.id, failureAlertSentAt: null }, data: { failureAlertSentAt: claimedAt } });
    if (claim.count !== 1) return "not-needed";

    try {
      const admins = await db.user.findMany({ where: { role: "ADMIN", disabledAt: null }, select: { email: true }, orderBy: { createdAt: "asc" } });
      if (admins.length === 0) return "not-needed";
      const failedSends = await db.digest.findMany({
        where: { dailyRunId, status: { in: ["FAILED", "MAYBE_SENT"] }, subject: { not: null }, error: { not: null } },
        select: { error: true, user: { select: { email: true } } },
        orderBy: { updatedAt: "asc" },
        take: FIRST_ERRORS,
      });
      const errors = [
        ...(run.error ?? "").split("\n").filter(Boolean),
        ...failedSends.map((digest) => `${digest.user.email}: ${digest.error}`),
      ].slice(0, FIRST_ERRORS);
      const share = (failed: number, of: number, pct: number) => `${failed} of its ${of} (${Math.round(pct)}%; the alert is set at ${failureAlertPercent}%)`;
      const why = [
        run.status === "FAILED" ? "The run is marked failed." : null,
        checksFailed > 0 ? `${share(checksFailed, run.usersDue, checkShare)} checks failed.` : null,
        sendsTroubled > 0
          ? `${share(sendsTroubled, toSend, sendShare)} digest sends failed${maybeSent > 0 ? ` or may have been sent without the email service confirming them (${maybeSent})` : ""}.`
          : null,
      ]
        .filter(Boolean)
        .join(" ");
      const props = {
        slot: run.slot,
        why,
        usersDue: run.usersDue,
        usersChecked: run.usersChecked,
        checksFailed,
        emailsSent: run.emailsSent,
        emailsFailed: run.emailsFailed,
        errors,
        runUrl: appUrl(`/admin/daily-runs/${run.id}`).toString(),
      };
      const recipients = admins.map((admin) => admin.email);
      for (let start = 0; start < recipients.length; start += MAX_RECIPIENTS) {
        const chunk = start / MAX_RECIPIENTS;
        await sendEmail({
          to: recipients.slice(start, start + MAX_RECIPIENTS),
          subject: dailyRunFailureSubject(run.slot),
          react: createElement(DailyRunFailure, props),
          tags: [{ name: "category", value: "daily-run-failure" }],
          idempotencyKey: chunk === 0 ? `daily-run-failure:${run.id}` : `daily-run-failure:${run.id}:${chunk}`,
        });
      }
      return "sent";
    } catch (error) {
      await db.dailyRun.updateMany({ where: { id: run.id, failureAlertSentAt: claimedAt }, data: { failureAlertSentAt: null } });
      throw error;
    }
  } catch (error) {
    console.error(`daily run ${dailyRunId}: the failure alert to admins could not be sent`, error);
    return "not-needed";
  }
}
