import { z } from "zod";
import { defineJob, defineSchedule } from "@/lib/queue";

// daily-run: the hourly trigger. Works out which users are due (their digest hour has come in their
// time zone and they have no digest for their day yet) and fans out one user-check each
// (lib/daily-run/start-daily-run.ts). Also started by GET /api/cron/daily, `npm run daily` and the
// admin's "Run daily check now".

export const dailyRunTriggers = ["schedule", "cron", "script", "admin"] as const;

export const dailyRunPayloadSchema = z.object({
  trigger: z.enum(dailyRunTriggers),
  /** Check every eligible user now, whatever their digest hour (admin and script runs). */
  everyone: z.boolean().default(false),
});
export type DailyRunPayload = z.infer<typeof dailyRunPayloadSchema>;

export const dailyRunJob = defineJob({
  name: "daily-run",
  schema: dailyRunPayloadSchema,
  retries: 3,
});

// Every hour on the hour (UTC): digest hours are local, so some time zone's hour starts every hour.
export const dailyRunSchedule = defineSchedule({
  id: "daily-run-hourly",
  cron: "0 * * * *",
  job: dailyRunJob,
  payload: { trigger: "schedule" },
});
