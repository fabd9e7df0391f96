// GET /api/cron/daily – Vercel-style cron trigger of the daily run ("0 * * * *", UTC), for hosts
// without QStash schedules. Needs `Authorization: Bearer <CRON_SECRET>`; queues the daily-run job
// once per hour slot and answers at once (the fan-out runs in the job).
import { dailyRunClock, hourSlot, withCronSecret } from "@/lib/daily-run";
import { dailyRunJob } from "@/lib/jobs/daily-run";

export const GET = withCronSecret(async () => {
  const slot = hourSlot(dailyRunClock());
  // Repeated calls within the hour (cron retries, a manual curl) queue nothing new.
  const { messageId, deduplicated } = await dailyRunJob.enqueue({ trigger: "cron" }, { deduplicationId: `daily-run:cron:${slot}` });
  return Response.json({ ok: true, slot, messageId, deduplicated });
});
